"""In Chromium: a kecamatan whose SOP decides completeness at step 1 takes a request in, returns
it to the applicant, and resumes it when the applicant is back."""

import pytest

from tertib.cases.models import Case, Register
from tertib.cases.testing import login
from tertib.cases.tests.test_platform import EXAMPLE, POSITIONS
from tertib.org.models import TimeZone
from tertib.org.testing import assign, make_office, make_user
from tertib.sop.loading import load_file

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_take_in_return_and_resume_when_step_one_decides(
    live_server, page, screenshot, settings, tmp_path
):
    settings.PRIVATE_DIR = tmp_path
    office = make_office(slug="kecamatan-mejobo", name="Kecamatan Mejobo", positions=POSITIONS)
    office.timezone = TimeZone.WITA
    office.save(update_fields=["timezone"])
    Register.objects.create(office=office, kode="legalisasi-sktm", name="Register Legalisasi")
    for kode in POSITIONS:
        assign(make_user(kode), office, kode)
    assert load_file(EXAMPLE).problems == []
    base = live_server.url

    login(page, base, "petugas_loket")
    page.click("text=Permohonan baru: Legalisasi SKTM")
    page.fill("#id_nama", "Sumarni Rahayu")
    page.fill("#id_nik", "3319045203850002")
    page.fill("#id_alamat", "RT 01 RW 02")
    page.fill("#id_nomor_sktm", "470/12/2026")
    page.check("#id_ada_sktm_asli")
    page.check("input[name=keputusan][value=tidak]")
    screenshot("platform-1-intake-decides")
    page.click("text=Catat permohonan")
    page.wait_for_selector("text=dikembalikan ke pemohon")
    case = Case.objects.get()
    assert case.state == Case.State.MENUNGGU_PEMOHON
    assert page.is_visible("text=Cetak slip pengembalian")
    screenshot("platform-2-returned")

    # The applicant is back with the slip: the clerk finds the request by its code.
    page.goto(base + "/layanan/")
    page.fill("#cari", case.code)
    page.get_by_role("button", name="Cari", exact=True).click()
    page.wait_for_url(f"**/layanan/{case.code}/")
    page.fill("input[name=catatan]", "KTP dan KK dibawa")
    page.click("text=Lanjutkan permohonan")
    page.wait_for_selector("text=Langkah 1: Menerima dan memeriksa kelengkapan")
    for kode in ["sktm_asli", "fotokopi_ktp", "fotokopi_kk"]:
        page.check(f"input[name=ada][value={kode}]")
    screenshot("platform-3-resumed")
    page.click("button:text-is('Ya — lanjut ke langkah 2')")
    page.wait_for_selector("text=Langkah 1 selesai")
    case.refresh_from_db()
    assert (case.state, case.current_step) == (Case.State.BERJALAN, 2)
