"""A new user opens the catalogue in Debian's Chromium, reads an SOP and downloads its PDF."""

import pytest

from conftest import IURAN, SKTM
from tertib.sop.loading import load_file

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_catalogue_to_document_to_pdf(live_server, page, screenshot):
    load_file(SKTM)
    load_file(IURAN)

    page.goto(live_server.url + "/sop/")
    assert page.locator("h1").inner_text() == "Katalog SOP"
    assert page.locator(".office h2").all_inner_texts() == [
        "DINAS PEMBERDAYAAN MASYARAKAT DAN DESA KABUPATEN KUDUS",
        "KECAMATAN UNDAAN",
    ]
    screenshot("sop-catalogue")

    page.get_by_role("link", name="Legalisasi SKTM untuk permohonan pengalihan KIS").click()
    page.wait_for_url("**/sop/undaan-legalisasi-sktm/")
    assert page.locator("svg.flowchart").count() == 6
    assert page.get_by_text("Kembali ke pemohon").count() == 1
    # The flowchart bands of the rows touch: each starts where the previous one ends.
    boxes = [b.bounding_box() for b in page.locator("svg.flowchart").all()]
    gaps = [
        round(b["y"] - (a["y"] + a["height"]), 1) for a, b in zip(boxes, boxes[1:], strict=False)
    ]
    assert all(0 <= gap <= 1.5 for gap in gaps), gaps
    screenshot("sop-document-sktm")

    href = page.get_by_role("link", name="Unduh PDF").get_attribute("href")
    response = page.request.get(live_server.url + href)
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")
