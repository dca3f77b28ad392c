"""A finalised monitoring form carries the office's PAdES signature; its verify page checks it."""

import datetime
import hashlib

import pytest
from django.urls import reverse

from tertib.cases.tests.pki import make_ca, make_leaf, use_pkcs12, validate_independently
from tertib.org.testing import PASSWORD
from tertib.reports.figures import Period
from tertib.reports.monitoring import MonitoringError, finalise_form, open_form, stored_pdf
from tertib.reports.testing import WIB, walk
from tertib.reports.tests.test_monitoring import EARLY

# Files are written when a transaction commits: these tests read back what was issued.
pytestmark = pytest.mark.django_db(transaction=True)
NOVEMBER = Period(datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))


def test_finalised_form_is_signed_before_hashing_and_its_page_says_so(
    undaan, settings, tmp_path, client
):
    settings.PRIVATE_DIR = tmp_path / "private"
    walk(undaan, at=datetime.datetime(2026, 11, 23, 8, tzinfo=WIB), plan=[(0, 1)] * 6)
    root = make_ca("CA Uji Kudus")
    leaf = make_leaf(root, "Camat Undaan")
    use_pkcs12(
        settings, tmp_path, slug=undaan.office.slug, root=root, leaf=leaf, passphrase="uji-p12"
    )
    form = open_form(office=undaan.office, period=NOVEMBER, actor=undaan.camat)

    form = finalise_form(form=form, actor=undaan.camat, password=PASSWORD, reason=EARLY)

    pdf = stored_pdf(form)
    assert hashlib.sha256(pdf).hexdigest() == form.sha256
    assert validate_independently(pdf, root[1]).bottom_line is True
    html = client.get(reverse("reports:verify", args=[form.code])).content.decode()
    assert "<strong>SAH</strong> — ditandatangani oleh Camat Undaan pada " in html
    assert form.sha256 in html


def test_a_failing_signature_leaves_the_form_a_draft(undaan, settings, tmp_path):
    settings.PRIVATE_DIR = tmp_path / "private"
    walk(undaan, at=datetime.datetime(2026, 11, 23, 8, tzinfo=WIB), plan=[(0, 1)] * 6)
    settings.SIGNER, settings.SIGNING_PKCS12 = "pkcs12", {}
    form = open_form(office=undaan.office, period=NOVEMBER, actor=undaan.camat)

    with pytest.raises(MonitoringError) as refused:
        finalise_form(form=form, actor=undaan.camat, password=PASSWORD, reason=EARLY)

    assert str(refused.value) == (
        "tanda tangan elektronik: "
        "Kecamatan Undaan belum punya sertifikat PKCS#12 untuk tanda tangan."
    )
    form.refresh_from_db()
    assert (form.status, form.sha256) == ("draf", "")
