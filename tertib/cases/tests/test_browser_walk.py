"""A case walked through all six steps in Chromium by the three roles, as a new user would."""

import pytest
from django.urls import reverse

from tertib.cases.models import Case
from tertib.cases.testing import login, logout, qr_texts
from tertib.cases.tests.samples import tiny_pdf
from tertib.org.models import Desa
from tertib.org.testing import PASSWORD

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def open_case(page, code: str) -> None:
    page.click(f"text={code}")
    page.wait_for_url(f"**/layanan/{code}/")


def test_sktm_case_from_counter_to_hand_over(
    live_server, page, screenshot, undaan, settings, tmp_path
):
    settings.PUBLIC_BASE_URL = live_server.url
    settings.PRIVATE_DIR = tmp_path
    Desa.objects.create(kecamatan=undaan.office, name="Wates")
    base = live_server.url

    # The clerk takes in the request; the KK copy is missing.
    login(page, base, "staf")
    page.click("text=Permohonan baru")
    for field, value in [
        ("nama", "Sumarni Rahayu"),
        ("nik", "3319045203850002"),
        ("kk", "3319041503120007"),
        ("alamat", "RT 02 RW 01 Wates"),
        ("telepon", "081234567890"),
        ("nomor_jkn", "0001234567890"),
        ("nomor_sktm", "400.7.22/015/2026"),
        ("tanggal_sktm", "2026-11-16"),
    ]:
        page.fill(f"#id_{field}", value)
    page.select_option("#id_desa", label="Wates")
    page.select_option("#id_desa_sktm", label="Wates")
    for kode in ["sktm_asli", "fotokopi_ktp", "kartu_jkn", "surat_pernyataan"]:
        page.check(f"#id_ada_{kode}")
    page.set_input_files(
        "#id_scan_sktm_asli",
        files=[{"name": "sktm.pdf", "mimeType": "application/pdf", "buffer": tiny_pdf()}],
    )
    screenshot("walk-1-intake")
    page.click("text=Catat permohonan")
    page.wait_for_selector("text=Permohonan dicatat dengan kode lacak")
    code = Case.objects.get().code
    receipt = page.request.get(base + reverse("cases:receipt", args=[code]))
    assert qr_texts(receipt.body())[0] == f"{base}/lacak/{code}/"  # then the survey's QR

    # Step 2: incomplete, back to the applicant.
    page.click("button:text-is('Kembalikan ke pemohon')")
    page.wait_for_selector("text=Dikembalikan ke pemohon")
    assert page.locator(".note").inner_text() == "Catatan: Persyaratan kurang: Fotokopi KK"
    screenshot("walk-2-returned")

    # The applicant comes back without the slip; the clerk finds the request by the name.
    page.click("text=Daftar kerja")
    assert page.locator("h2:has-text('Dikembalikan ke pemohon') + table").inner_text().count(code)
    screenshot("walk-2b-worklist")
    page.fill("#cari", "sumarni")
    page.get_by_role("button", name="Cari", exact=True).click()
    page.wait_for_url("**/layanan/cari/?cari=sumarni")
    found = page.locator("table.list tbody tr")
    assert found.count() == 1
    assert (
        "Sumarni Rahayu" in found.inner_text() and "Dikembalikan ke pemohon" in found.inner_text()
    )
    screenshot("walk-2c-search")
    found.get_by_role("link", name=code).click()
    page.wait_for_url(f"**/layanan/{code}/")
    page.fill("input[name=catatan]", "Fotokopi KK dibawa")
    page.click("text=Lanjutkan permohonan")
    page.check("input[name=ada][value=fotokopi_kk]")
    page.click("button:text-is('Ya — lanjut ke langkah 3')")
    page.wait_for_selector("text=Menunggu langkah 3")
    logout(page)

    # Step 3: the Kasi Kesra gives fiat.
    login(page, base, "kasi")
    open_case(page, code)
    page.click("text=Selesaikan langkah 3")
    page.wait_for_selector("text=Menunggu langkah 4")
    logout(page)

    # Step 4: the Camat legalises, confirming with the password.
    login(page, base, "camat")
    open_case(page, code)
    page.fill("input[name=password]", PASSWORD)
    screenshot("walk-3-camat")
    page.click("button:text-is('Legalisasi')")
    page.wait_for_selector("text=Menunggu langkah 5")
    logout(page)

    # Steps 5 and 6: the clerk registers and hands over.
    login(page, base, "staf")
    open_case(page, code)
    page.click("text=Selesaikan langkah 5")
    page.wait_for_selector("text=Lembar legalisasi")
    page.fill("input[name=diserahkan_kepada]", "Sumarni Rahayu")
    page.click("text=Selesaikan langkah 6")
    page.wait_for_selector(".state-selesai")
    assert page.locator("table.steps tbody tr").count() == 7
    screenshot("walk-4-done")

    # The QR of the legalisation sheet leads an ordinary reader to its verification page.
    sheet = page.request.get(base + reverse("sktm:legalisation", args=[code]))
    [url] = qr_texts(sheet.body())
    page.goto(url)
    assert "SAH" in page.locator(".verdict").inner_text()
    screenshot("walk-5-verification")

    page.goto(f"{base}/lacak/{code}/")
    assert page.locator(".state").inner_text() == "Selesai"
    assert "3319045203850002" not in page.content()
    screenshot("walk-6-tracking")
