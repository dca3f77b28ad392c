"""A citizen scans the QR of a signed legalisation sheet; an analyst downloads the SOP as BPMN."""

import pytest
from lxml import etree

from tertib.cases.tests.pki import make_ca, make_leaf, use_pkcs12
from tertib.cases.tests.test_signing import issue_sktm
from tertib.sop.tests.test_bpmn import SCHEMA

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_verification_page_shows_the_signature(
    live_server, page, screenshot, undaan, settings, tmp_path
):
    settings.PRIVATE_DIR = tmp_path / "private"
    root = make_ca("CA Uji Kudus")
    use_pkcs12(
        settings,
        tmp_path,
        slug=undaan.office.slug,
        root=root,
        leaf=make_leaf(root, "Camat Undaan"),
        passphrase="uji",
    )
    document = issue_sktm(undaan)

    page.goto(f"{live_server.url}/verifikasi/{document.code}/")

    row = page.locator("td.signature")
    assert row.inner_text().startswith("SAH — ditandatangani oleh Camat Undaan pada ")
    assert page.locator("code.hash").inner_text() == document.sha256
    screenshot("verifikasi-bertanda-tangan")


def test_sop_page_downloads_the_bpmn(live_server, page, undaan):
    page.goto(f"{live_server.url}/sop/undaan-legalisasi-sktm/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh BPMN").click()

    assert download.value.suggested_filename == "SOP-undaan-legalisasi-sktm-v1.bpmn"
    assert SCHEMA.validate(etree.parse(download.value.path()))
