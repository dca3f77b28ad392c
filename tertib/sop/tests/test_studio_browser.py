"""Bagian Organisasi writes a three-step SOP with a decision in the studio, without seeing
YAML; the Camat approves it with his password; the counter takes in the first request under
it. At desktop width and on a 360 px phone, with axe-core on every studio page."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from tertib.cases.testing import login, logout
from tertib.org.testing import PASSWORD, make_user
from tertib.sop.models import Sop

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

AXE = Path(__file__).with_name("axe.min.js")
KODE = "undaan-surat-keterangan-domisili"


def axe_violations(page) -> list[str]:
    """What axe-core finds on the page: rule, impact and the first element, one line each."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in result["violations"]]


def checked_page(page, found: dict, name: str) -> None:
    found[name] = axe_violations(page)


def bagian_organisasi():
    user = make_user("ortala", full_name="Dewi Lestari")
    for codename in ("change_every_sop", "view_every_office"):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


def save(page) -> None:
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.wait_for_load_state()


def write_identity(page) -> None:
    page.fill("#id_sop-nomor", "400.12/01/2026")
    page.fill("#id_sop-tanggal_pembuatan", timezone.localdate().isoformat())
    page.fill("#id_sop-tanggal_efektif", timezone.localdate().isoformat())
    page.fill("#id_sop-disahkan_jabatan", "Camat Undaan")
    page.fill("#id_sop-disahkan_nama", "ARIF BUDIYANTO, S.Sos, M.Si")
    page.fill(
        "#id_sop-dasar_hukum", "Perbup Kudus No. 24 Tahun 2009\nPermendagri No. 52 Tahun 2011"
    )
    for row, (kode, nama) in enumerate(
        [("staf", "Staf"), ("kasi_kesra", "Kasi Kesra"), ("camat", "Camat")]
    ):
        page.select_option(f"#id_pelaksana-{row}-kode", kode)
        page.fill(f"#id_pelaksana-{row}-nama", nama)


def write_steps(page) -> None:
    steps = [
        ("Penerimaan berkas permohonan", "staf", "5 menit", "Berkas diterima"),
        ("Pemeriksaan kelengkapan berkas", "kasi_kesra", "10 menit", "Berkas terperiksa"),
        ("Penandatanganan surat keterangan", "camat", "1 jam", "Surat ditandatangani"),
    ]
    for row, (kegiatan, pelaksana, waktu, output) in enumerate(steps):
        page.fill(f"#id_langkah-{row}-kegiatan", kegiatan)
        page.select_option(f"#id_langkah-{row}-pelaksana_1", pelaksana)
        page.fill(f"#id_langkah-{row}-waktu", waktu)
        page.fill(f"#id_langkah-{row}-output", output)
    page.select_option("#id_langkah-1-jenis", "keputusan")
    page.fill("#id_langkah-1-pertanyaan", "Berkas lengkap?")
    page.fill("#id_langkah-1-ya", "3")
    page.fill("#id_langkah-1-tidak", "pemohon")
    page.fill("#id_formulir-0-kode", "nama")
    page.fill("#id_formulir-0-label", "Nama pemohon")
    page.check("#id_formulir-0-subjek")


@pytest.mark.parametrize("width", [1280, 360])
def test_write_approve_and_take_in_under_a_new_sop(live_server, page, screenshot, undaan, width):
    page.set_viewport_size({"width": width, "height": 900})
    base, found = live_server.url, {}
    bagian_organisasi()
    login(page, base, "ortala")

    page.goto(base + "/sop/studio/")
    checked_page(page, found, "index")
    page.locator("section:has(#kantor-kecamatan-undaan)").get_by_role(
        "link", name="SOP baru"
    ).click()
    page.fill("#id_kode", KODE)
    page.fill("#id_nama", "Surat Keterangan Domisili")
    checked_page(page, found, "new")
    page.get_by_role("button", name="Buat draf").click()
    page.wait_for_url("**/sop/studio/draf/*/")
    assert "kode:" not in page.content()  # no YAML on the page

    write_identity(page)
    write_steps(page)
    save(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scroll
    assert page.locator("#periksa").inner_text().count("Tidak ada masalah") == 1
    frame = page.frame_locator("iframe[title='Pratinjau dokumen SOP']")
    frame.locator("text=Pemeriksaan kelengkapan berkas").first.wait_for()
    checked_page(page, found, "edit")
    screenshot(f"studio-edit-{width}")
    page.select_option("#id_approver_kode", "camat")
    page.get_by_role("button", name="Ajukan untuk disahkan").click()
    page.wait_for_selector("text=SOP diajukan untuk disahkan.")
    logout(page)

    login(page, base, "camat")
    page.goto(base + "/sop/studio/")
    page.get_by_role("link", name=KODE).click()
    page.fill("#id_password", "bukan-sandinya")
    page.get_by_role("button", name="Sahkan SOP").click()
    page.wait_for_selector("text=kata sandi salah")
    checked_page(page, found, "approve")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sahkan SOP").click()
    page.wait_for_selector("text=SOP disahkan sebagai versi 1.")
    screenshot(f"studio-approved-{width}")
    logout(page)

    login(page, base, "staf")
    page.goto(f"{base}/layanan/baru/{KODE}/")
    page.fill("#id_nama", "Sumarni Rahayu")
    page.click("text=Catat permohonan")
    page.wait_for_selector("text=Permohonan dicatat dengan kode lacak")
    sop = Sop.objects.get(kode=KODE)
    case = sop.current_version.cases.get()
    assert (case.sop_version.approved_by.username, case.current_step) == ("camat", 2)
    assert sop.version_on(timezone.localdate()) == sop.current_version

    assert found == {name: [] for name in found}, found


def test_sop_page_and_comparison_pass_axe(live_server, page, undaan):
    from tertib.sop import studio

    admin = bagian_organisasi()
    draft = studio.start_draft(sop=undaan.version.sop, actor=admin)
    draft = studio.save_draft(
        draft=draft, actor=admin, text=draft.text.replace("waktu: 4 menit", "waktu: 1 jam")
    )
    draft = studio.submit(draft=draft, actor=admin, approver_kode="camat")
    studio.approve(draft=draft, actor=undaan.camat, password=PASSWORD)
    login(page, live_server.url, "ortala")
    found = {}

    page.goto(live_server.url + "/sop/studio/sop/undaan-legalisasi-sktm/")
    checked_page(page, found, "sop")
    page.get_by_role("button", name="Bandingkan").click()
    page.wait_for_url("**/banding/?a=1&b=2")
    assert page.locator(".waktu.lebih-lama").inner_text() == "1 jam"
    checked_page(page, found, "compare")

    assert found == {"sop": [], "compare": []}, found
