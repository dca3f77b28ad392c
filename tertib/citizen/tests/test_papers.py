"""The citizen papers as printed: the Kabupaten logo on the IKM report, the questionnaire and the
maklumat, and no page that is nearly empty."""

import datetime

import pytest
from django.urls import reverse

from tertib.cases.testing import letterhead_lines, logo_pixels, nearly_empty_pages
from tertib.citizen.testing import served
from tertib.citizen.tests.test_ikm import SEMESTER, surveyed  # noqa: F401 (fixture)
from tertib.citizen.tests.test_standard import domisili  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
MONDAY = datetime.date(2026, 11, 23)


def test_ikm_report_has_the_letterhead_with_logo(client, surveyed):  # noqa: F811
    client.force_login(surveyed.camat)

    pdf = client.get(reverse("ikm:pdf", args=["kecamatan-undaan"]), SEMESTER).content

    assert logo_pixels(pdf) > 200
    assert nearly_empty_pages(pdf) == []
    assert letterhead_lines(pdf, title="LAPORAN HASIL SURVEI KEPUASAN MASYARAKAT")[0] == (
        "KECAMATAN UNDAAN"
    )


def test_paper_questionnaire_has_the_logo(client, undaan):
    case = served(undaan, day=MONDAY)
    client.force_login(undaan.staf)

    pdf = client.get(reverse("ikm:questionnaire", args=["kecamatan-undaan"]), {"kode": case.code})

    assert logo_pixels(pdf.content) > 200
    assert nearly_empty_pages(pdf.content) == []


def test_maklumat_has_the_logo_and_no_nearly_empty_page(client, domisili):  # noqa: F811
    pdf = client.get(reverse("citizen:maklumat", args=["kantor-uji", "uji-domisili-usaha"]))

    assert logo_pixels(pdf.content) > 200
    assert nearly_empty_pages(pdf.content) == []
