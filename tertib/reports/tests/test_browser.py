"""The Camat reads the dashboard and finalises the monitoring form; the Bagian Organisasi
prints the kabupaten recap. In Chromium, as a new user would."""

import datetime

import pytest

from tertib.cases.testing import login, logout, qr_texts
from tertib.org.testing import PASSWORD
from tertib.reports.models import MonitoringForm
from tertib.reports.testing import WIB, walk

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_camat_finalises_monitoring_and_organisasi_prints_the_recap(
    live_server, page, screenshot, undaan, organisasi, settings, tmp_path
):
    settings.PUBLIC_BASE_URL = live_server.url
    settings.PRIVATE_DIR = tmp_path
    for minutes in (3, 9, 12):
        at = datetime.datetime(2026, 11, 23, 8, minutes, tzinfo=WIB)
        walk(undaan, at=at, plan=[(0, 1), (0, 1), (0, 1), (0, minutes), (0, 1), (0, 1)])
    base = live_server.url

    # The Camat opens the reports for November and sees the late step.
    login(page, base, "camat")
    page.click("header >> text=Laporan")
    page.fill("input[name=dari]", "2026-11-01")
    page.fill("input[name=sampai]", "2026-11-30")
    page.click("text=Tampilkan")
    page.wait_for_selector("text=Langkah paling lambat: langkah 4 — Legalisasi SKTM (Camat).")
    assert page.is_visible("text=p90 12 menit terhadap mutu baku 4 menit")
    assert page.locator("svg.chart").count() == 2
    screenshot("reports-1-dashboard")

    # The monitoring form, proposed from the facts; the Camat types the action and initials.
    page.click("text=Formulir monitoring")
    page.click("text=Isi formulir monitoring")
    page.wait_for_selector("text=Paraf penilai (Camat Undaan)")
    assert "Langkah 4 (Camat) terlambat" in page.input_value("textarea[name^=notes]")
    page.fill("textarea[name^=action]", "Jadwalkan Plh. Camat saat Camat dinas luar")
    screenshot("reports-2-monitoring-draft")
    if page.locator("textarea[name=alasan]").count():  # the period has not ended yet
        page.fill("textarea[name=alasan]", "Camat cuti sampai akhir periode")
    page.fill("input[name=password]", PASSWORD)
    page.click("text=Paraf dan finalkan")
    page.wait_for_selector("text=Formulir monitoring final dan tersimpan sebagai PDF.")
    assert page.locator("textarea").count() == 0
    screenshot("reports-3-monitoring-final")
    form = MonitoringForm.objects.get()
    pdf = page.request.get(f"{base}/laporan/monitoring/{form.pk}.pdf").body()
    assert pdf == (tmp_path / form.path).read_bytes()
    assert qr_texts(pdf) == [f"{base}/laporan/verifikasi/{form.code}/"]
    logout(page)

    # The Bagian Organisasi reads every office and prints the recap; it can change nothing.
    login(page, base, "organisasi")
    page.click("header >> text=Laporan")
    page.click("text=Rekap monitoring kabupaten")
    page.fill("input[name=dari]", "2026-11-01")
    page.fill("input[name=sampai]", "2026-11-30")
    page.click("text=Tampilkan")
    page.wait_for_selector("text=Jadwalkan Plh. Camat saat Camat dinas luar")
    assert page.is_visible("text=Formulir final")
    screenshot("reports-4-kabupaten")
    page.click("text=buka")
    page.wait_for_selector("text=Diparaf Camat Undaan")
    assert page.locator("textarea").count() == 0 and not page.is_visible("text=Simpan")
