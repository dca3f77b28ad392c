"""In Chromium: a scan attached to an intake refused for a bad NIK is kept, shown as
"terlampir: …", and attached to the case once the NIK is fixed."""

import pytest

from tertib.cases.models import Attachment, Case
from tertib.cases.testing import login
from tertib.cases.tests.samples import tiny_pdf
from tertib.org.models import Desa

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_scan_survives_a_bad_nik_and_is_attached(
    live_server, page, screenshot, undaan, settings, tmp_path
):
    settings.PRIVATE_DIR = tmp_path
    Desa.objects.create(kecamatan=undaan.office, name="Wates")
    base = live_server.url
    content = tiny_pdf()
    login(page, base, "staf")
    page.click("text=Permohonan baru")
    for field, value in [
        ("nama", "Sumarni Rahayu"),
        ("nik", "3319 0452 0385 000"),  # one digit short
        ("kk", "3319-0415-0312-0007"),
        ("alamat", "RT 02 RW 01 Wates"),
        ("telepon", "0812-3456-7890"),
        ("nomor_jkn", "0001 2345 6789 0"),
        ("nomor_sktm", "400.7.22/015/2026"),
        ("tanggal_sktm", "2026-11-16"),
    ]:
        page.fill(f"#id_{field}", value)
    page.select_option("#id_desa", label="Wates")
    page.select_option("#id_desa_sktm", label="Wates")
    page.check("#id_ada_sktm_asli")
    page.set_input_files(
        "#id_scan_sktm_asli",
        files=[{"name": "sktm.pdf", "mimeType": "application/pdf", "buffer": content}],
    )

    page.click("text=Catat permohonan")

    page.wait_for_selector("text=NIK pemohon: harus 16 angka, tertulis 15.")
    assert page.is_visible("text=terlampir: sktm.pdf")
    assert page.input_value("#id_nama") == "Sumarni Rahayu"
    assert page.is_checked("#id_ada_sktm_asli") and not page.is_checked("#id_ada_fotokopi_kk")
    assert not Case.objects.exists()
    screenshot("kept-1-refused-with-scan")
    page.fill("#id_nik", "3319 0452 0385 0002")
    page.click("text=Catat permohonan")
    page.wait_for_selector("text=Permohonan dicatat dengan kode lacak")
    case = Case.objects.get()
    item = Attachment.objects.get()
    assert (item.case, item.original_name, item.requirement) == (case, "sktm.pdf", "sktm_asli")
    assert (tmp_path / item.path).read_bytes() == content
    assert case.intake["nik"] == "3319045203850002"
    assert case.intake["telepon"] == "081234567890"
    screenshot("kept-2-case-with-scan")
