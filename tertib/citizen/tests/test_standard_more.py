"""More of the public service standard and the paper questionnaire: the page follows the SOP
version in force, names no official, and the staff pages refuse what they should."""

import datetime

import pytest
from django.urls import reverse

from tertib.citizen.models import SurveyResponse
from tertib.citizen.testing import served
from tertib.citizen.tests.test_standard import DOMISILI
from tertib.org.testing import assign, make_office, make_user
from tertib.reports.testing import WIB, walk
from tertib.sop.loading import load_file
from tertib.sop.models import Sop

pytestmark = pytest.mark.django_db
MONDAY = datetime.date(2026, 11, 23)
GOOD = {f"u{n}": "3" for n in range(1, 10)}


@pytest.fixture
def kelurahan(db, write_sop):
    office = make_office(
        slug="kantor-uji", name="Kelurahan Uji", positions={"staf": "Staf", "lurah": "Lurah"}
    )
    assign(make_user("loket", full_name="Rina Wulandari"), office, "staf")
    assign(make_user("lurah", full_name="Dewi Sartika"), office, "lurah")
    load_file(write_sop(DOMISILI))
    return office


def service_page(client) -> str:
    response = client.get(reverse("citizen:service", args=["kantor-uji", "uji-domisili-usaha"]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_follows_a_new_version_of_the_sop(client, kelurahan, write_sop):
    before = service_page(client)
    revised = DOMISILI.replace("mutu_baku: {waktu: 1 jam,", "mutu_baku: {waktu: 2 jam,").replace(
        "    - {kode: pengantar, nama: Surat pengantar RT/RW}\n", ""
    )
    loaded = load_file(write_sop(revised))
    assert loaded.version is not None and loaded.version.number == 2, loaded.problems

    after = service_page(client)

    assert '<div class="figure">1 jam 15 menit (jam kerja)</div>' in before
    assert '<div class="figure">2 jam 15 menit (jam kerja)</div>' in after
    assert "Surat pengantar RT/RW" in before and "Surat pengantar RT/RW" not in after


def test_the_page_names_no_official(client, kelurahan):
    text = service_page(client)

    assert "<p>2 orang (Petugas loket, Lurah)</p>" in text
    for name in ("Rina", "Wulandari", "loket</", "Dewi Sartika"):
        assert name not in text, name


def test_an_sop_without_a_version_in_force_has_no_page(client, kelurahan):
    Sop.objects.create(kode="uji-tanpa-versi", office_slug="kantor-uji")

    response = client.get(reverse("citizen:service", args=["kantor-uji", "uji-tanpa-versi"]))
    catalogue = client.get(reverse("citizen:catalogue")).content.decode()

    assert response.status_code == 404
    assert "uji-tanpa-versi" not in catalogue


def test_the_public_pages_need_no_login(client, kelurahan):
    pages = [
        reverse("citizen:catalogue"),
        reverse("citizen:service", args=["kantor-uji", "uji-domisili-usaha"]),
        reverse("citizen:maklumat", args=["kantor-uji", "uji-domisili-usaha"]),
    ]

    assert [client.get(url).status_code for url in pages] == [200, 200, 200]


# Paper questionnaires -----------------------------------------------------------------------


def test_paper_entry_of_a_request_in_progress_names_the_field(client, undaan):
    case = walk(undaan, at=datetime.datetime(2026, 11, 23, 8, tzinfo=WIB), plan=[(0, 1)])
    client.force_login(undaan.staf)

    response = client.post(
        reverse("ikm:paper", args=["kecamatan-undaan"]), {**GOOD, "kode": case.code}
    )

    assert response.status_code == 400
    assert "Kode lacak permohonan: Permohonan ini belum selesai dilayani." in (
        response.content.decode()
    )
    assert SurveyResponse.objects.count() == 0


def test_paper_entry_without_a_code_names_the_field(client, undaan):
    client.force_login(undaan.staf)

    response = client.post(reverse("ikm:paper", args=["kecamatan-undaan"]), GOOD)

    assert response.status_code == 400
    assert "Kode lacak permohonan: wajib diisi (lihat tanda terima)." in response.content.decode()


def test_paper_pages_need_a_login(client, undaan):
    case = served(undaan, day=MONDAY)

    response = client.post(
        reverse("ikm:paper", args=["kecamatan-undaan"]), {**GOOD, "kode": case.code}
    )

    assert response.status_code == 302
    assert SurveyResponse.objects.count() == 0


def test_printing_the_questionnaire_of_an_unknown_code_says_so(client, undaan):
    client.force_login(undaan.staf)
    url = reverse("ikm:questionnaire", args=["kecamatan-undaan"])

    response = client.get(url, {"kode": "und-xxxx"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("ikm:paper", args=["kecamatan-undaan"])
    assert "Kode lacak permohonan: &#x27;UND-XXXX&#x27; bukan permohonan kantor ini." in (
        response.content.decode()
    )


def test_an_outsider_cannot_print_another_offices_questionnaire(client, undaan):
    case = served(undaan, day=MONDAY)
    client.force_login(undaan.outsider)

    elsewhere = client.get(
        reverse("ikm:questionnaire", args=["kecamatan-undaan"]), {"kode": case.code}
    )
    own = client.get(reverse("ikm:questionnaire", args=["kecamatan-jati"]), {"kode": case.code})

    assert elsewhere.status_code == 404
    assert own.status_code == 302 and own["Content-Type"] != "application/pdf"
