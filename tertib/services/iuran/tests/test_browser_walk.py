"""One month's BPJS bill walked in Chromium through the four roles of the Dinas PMD SOP, with the
kecamatan correcting the roster on the way, a rounding difference reconciled, and the SP2D
recorded before the case ends, as the people of the office would do it."""

import pytest
from django.utils import timezone

from tertib.cases.models import Case
from tertib.cases.testing import login, logout
from tertib.lib.dates import month_name
from tertib.org.testing import PASSWORD
from tertib.services.iuran.testing import scan_pdf

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

RETURN_NOTE = "Lampiran rekap per desa belum dilampirkan"


def menu(page, name: str) -> None:
    page.locator("header nav").get_by_role("link", name=name, exact=True).click()


def open_case(page, code: str) -> None:
    """From the worklist, as the next official finds the bill waiting for them."""
    page.locator("table.list").get_by_role("link", name=code).click()
    page.wait_for_url(f"**/layanan/{code}/")


def claim(page) -> None:
    """Take the open step; the one who registers the bill holds step 1 already."""
    button = page.get_by_role("button", name="Ambil langkah ini")
    if button.count():
        button.click()
        page.wait_for_selector("text=diambil oleh")


def complete(page, step: int, *, password: bool = False, decision: str = "", note: str = ""):
    """Answer what the step asks and finish it."""
    if password:
        page.fill("input[name=password]", PASSWORD)
    if note:
        page.fill("textarea[name=catatan]", note)
    # The button says what happens (Paraf, Tanda tangani, Kirim kembali…): the form's own, and
    # on a decision the answer's own.
    button = f"button[name=keputusan][value={decision}]" if decision else "button[type=submit]"
    with page.expect_navigation():
        page.locator(f"form.step-form {button}").click()


def claim_and_complete(page, step: int, **answers) -> None:
    claim(page)
    complete(page, step, **answers)


def rincian_csv(pmd, **amounts) -> bytes:
    """The bill's detail as BPJS sends it; Sutrisno's line is the right one at 150.000, Endang's
    is a rupiah off (rounding)."""
    billed = {"Sutrisno": 150_000, "Endang": 100_001, "Ahmad": 480_000, **amounts}
    rows = ["nik;nama;nomor_bpjs;iuran"] + [
        f"{o.nik};{o.name};;{billed[o.name.split()[0]]}" for o in pmd.roster
    ]
    return "\n".join(rows).encode()


def register_bill(page, screenshot, pmd, month) -> str:
    menu(page, "Iuran JK perangkat desa")
    page.click("text=+ Daftarkan tagihan BPJS")
    page.fill("#id_number", f"77/TAG/{month:%m}/{month:%Y}")
    page.fill("#id_issued_on", f"{month:%Y-%m}-02")
    page.fill("#id_month", f"{month:%Y-%m}")
    page.fill("#id_amount", "730001")
    page.fill("#id_virtual_account", "8888801234567890")
    rincian = {"name": "rincian.csv", "mimeType": "text/csv", "buffer": rincian_csv(pmd)}
    page.set_input_files("#id_lines", files=[rincian])
    scan = {"name": "tagihan.pdf", "mimeType": "application/pdf", "buffer": scan_pdf()}
    page.set_input_files("#id_scan", files=[scan])
    screenshot("iuran-01-tagihan-baru")
    page.get_by_role("button", name="Daftarkan tagihan").click()
    page.wait_for_selector("text=dicatat")
    return Case.objects.get().code


def sign_spp(page, screenshot, base: str, code: str, *, first_round: bool) -> None:
    """Step 2: the Ka. Subbag initials the SPP, the Sekdin signs it with the password."""
    login(page, base, "kasubbag")
    open_case(page, code)
    if first_round:
        screenshot("iuran-06-kasubbag-paraf")
    claim_and_complete(page, 2)
    page.wait_for_selector("text=Menunggu langkah 2")
    logout(page)

    login(page, base, "sekdin")
    open_case(page, code)
    claim_and_complete(page, 2, password=True)
    page.wait_for_selector("text=Menunggu langkah 3")
    assert page.locator("p.panel").inner_text().endswith("oleh Ka. Dinas.")
    if first_round:
        screenshot("iuran-07-sekdin-spp")
    logout(page)


def test_month_bill_from_registration_to_dispatch(
    live_server, page, screenshot, pmd, settings, tmp_path
):
    settings.PUBLIC_BASE_URL = live_server.url
    settings.PRIVATE_DIR = tmp_path
    base = live_server.url
    month = timezone.localdate().replace(day=1)

    # The pelaksana registers the bill; the roster says Sutrisno's siltap is 3 million, so the
    # check expects 120.000 where BPJS bills 150.000.
    login(page, base, "pelaksana")
    code = register_bill(page, screenshot, pmd, month)
    panel = page.locator("section.iuran")
    assert f"Tagihan BPJS {month_name(month)}" in panel.inner_text()
    assert "2 selisih belum diputuskan: jumlah berbeda (Sutrisno); selisih pembulatan" in (
        panel.inner_text()
    )
    screenshot("iuran-02-tagihan-selisih")

    # The desa's decree says 3.750.000: the pelaksana corrects the roster, which needs the
    # kecamatan's verification again.
    panel.get_by_role("link", name="seluruh daftar").click()
    page.locator("tr", has_text="Sutrisno").get_by_role("link", name="ubah").click()
    page.fill("#id_siltap", "3750000")
    page.click("text=Simpan")
    page.wait_for_selector("text=Data Sutrisno disimpan.")
    assert "belum" in page.locator("tr", has_text="Sutrisno").inner_text()
    screenshot("iuran-03-siltap-diubah")
    logout(page)

    login(page, base, "staf.undaan")
    menu(page, "Perangkat desa")
    page.locator("tr", has_text="Sutrisno").get_by_role("button", name="Verifikasi").click()
    page.wait_for_selector("text=Sutrisno diverifikasi.")
    screenshot("iuran-04-verifikasi-kecamatan")
    logout(page)

    # Step 1: only the rupiah of rounding is left; the pelaksana accepts it with a reason,
    # then numbers the SPP and SPM and sends them on.
    login(page, base, "pelaksana")
    open_case(page, code)
    row = page.locator("table.differences tr", has_text="selisih pembulatan")
    row.locator("select[name=choice]").select_option("sesuai_tagihan")
    row.locator("input[name=reason]").fill("BPJS membulatkan ke bawah; selisih Rp 1 diterima")
    row.get_by_role("button", name="Putuskan").click()
    page.wait_for_selector("text=Keputusan selisih dicatat.")
    assert "Data dukung lengkap dan setiap selisih sudah diputuskan: dibayar Rp 730.001." in (
        panel.inner_text()
    )
    page.fill("input[name=spp_number]", f"00123/SPP-LS/{month:%Y}")
    page.fill("input[name=spm_number]", f"00123/SPM-LS/{month:%Y}")
    page.fill("input[name=account_code]", "5.1.01.02.04.0001")
    page.fill("input[name=account_name]", "Belanja Iuran Jaminan Kesehatan bagi Perangkat Desa")
    page.fill("input[name=spd_number]", f"900/012/SPD/{month:%Y}")
    page.fill("input[name=spd_date]", f"{month:%Y}-01-05")
    page.fill("input[name=program]", "Program Penataan Desa")
    page.fill("input[name=kegiatan]", "Pembinaan Administrasi Pemerintahan Desa")
    page.fill("input[name=sub_kegiatan]", "Fasilitasi Jaminan Kesehatan Perangkat Desa")
    page.fill("input[name=skpd_code]", "2.13.0.00.0.00.01.0000")
    page.fill("input[name=bank_name]", "Bank Mandiri")
    page.click("text=Simpan SPP dan SPM")
    page.wait_for_selector("text=SPP dan SPM disiapkan.")
    screenshot("iuran-05-sesuai-spp-spm")
    claim_and_complete(page, 1)
    page.wait_for_selector("text=Menunggu langkah 2")
    logout(page)

    sign_spp(page, screenshot, base, code, first_round=True)

    # Step 3: the Ka. Dinas finds the supporting data short and sends it back to step 1.
    login(page, base, "kadin")
    open_case(page, code)
    claim_and_complete(page, 3, decision="tidak", note=RETURN_NOTE)
    page.wait_for_selector("text=Menunggu langkah 1")
    assert page.locator(".note").inner_text() == f"Catatan: {RETURN_NOTE}"
    screenshot("iuran-08-kadin-kembalikan")
    logout(page)

    login(page, base, "pelaksana")
    open_case(page, code)
    assert page.locator(".note").inner_text() == f"Catatan: {RETURN_NOTE}"
    screenshot("iuran-09-kembali-ke-pelaksana")
    claim_and_complete(page, 1)
    page.wait_for_selector("text=Menunggu langkah 2")
    logout(page)

    sign_spp(page, screenshot, base, code, first_round=False)

    login(page, base, "kadin")
    open_case(page, code)
    claim_and_complete(page, 3, decision="ya", password=True)
    page.wait_for_selector("text=Menunggu langkah 4")
    screenshot("iuran-10-kadin-spm")
    logout(page)

    # Step 4: the pelaksana takes the SPM to the BPKAD and records the SP2D and the transfer;
    # only then does the case end, with the archive bundle issued.
    login(page, base, "pelaksana")
    open_case(page, code)
    claim(page)
    today = timezone.localdate().isoformat()
    page.fill("input[name=sp2d_number]", f"00456/SP2D-LS/{month:%Y}")
    page.fill("input[name=sp2d_date]", today)
    page.fill("input[name=paid_on]", today)
    proof = {"name": "bukti.pdf", "mimeType": "application/pdf", "buffer": scan_pdf()}
    page.set_input_files("input[name=proof]", files=[proof])
    page.click("text=Simpan SP2D")
    page.wait_for_selector("text=SP2D dan pembayaran dicatat.")
    page.fill("input[name=penerima]", "Sri Handayani, BPKAD Kabupaten Kudus")
    page.fill("input[name=nomor_tanda_terima]", f"TT-0456/BPKAD/{month:%Y}")
    screenshot("iuran-11-pengiriman")
    complete(page, 4)
    page.wait_for_selector(".state-selesai")
    assert page.locator(".state").inner_text() == "Selesai"
    archive = page.locator("nav.documents").get_by_role("link", name="Arsip pembayaran iuran")
    assert archive.inner_text() == f"Arsip pembayaran iuran (SPP dan SPM) 00123/SPM-LS/{month:%Y}"
    screenshot("iuran-12-selesai")

    pdf = page.request.get(base + archive.get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF-")
