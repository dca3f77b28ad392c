"""The studio's pages: who sees what, the preview, import and export, the comparison."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import SKTM
from tertib.org.testing import PASSWORD, make_user
from tertib.sop import studio
from tertib.sop.models import StudioDraft

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(undaan):
    user = make_user("admin.undaan", full_name="Rina Admin")
    undaan.office.admins.add(user)
    return user


@pytest.fixture(autouse=True)
def private(settings, tmp_path):
    """A refused import keeps its file in the private storage."""
    settings.PRIVATE_DIR = tmp_path / "private"


@pytest.fixture
def draft(undaan, admin):
    return studio.start_draft(sop=undaan.version.sop, actor=admin)


def test_index_lists_the_offices_sops_with_version_and_review(client, undaan, admin):
    client.force_login(admin)

    page = client.get("/sop/studio/").content.decode()

    assert "Kecamatan Undaan" in page
    assert "Legalisasi SKTM untuk permohonan pengalihan KIS" in page
    assert "Versi 1" in page
    assert "Kecamatan Jati" not in page  # not an office this admin manages


def test_index_shows_drafts_waiting_for_the_approver(client, undaan, admin, draft):
    text = draft.text.replace("waktu: 4 menit", "waktu: 6 menit")
    draft = studio.save_draft(draft=draft, actor=admin, text=text)
    studio.submit(draft=draft, actor=admin, approver_kode="camat")
    client.force_login(undaan.camat)

    page = client.get("/sop/studio/").content.decode()

    assert "Menunggu pengesahan Anda" in page
    assert f'href="/sop/studio/draf/{draft.pk}/"' in page


def test_strangers_get_not_found(client, undaan, draft):
    client.force_login(undaan.outsider)

    assert client.get(f"/sop/studio/draf/{draft.pk}/").status_code == 404
    assert client.get(f"/sop/studio/draf/{draft.pk}/pratinjau/").status_code == 404
    assert client.post("/sop/studio/sop/undaan-legalisasi-sktm/ubah/").status_code == 404
    assert client.get("/sop/studio/kantor/kecamatan-undaan/baru/").status_code == 404


def test_colleagues_read_the_draft_but_get_no_form(client, undaan, draft):
    client.force_login(undaan.staf)

    page = client.get(f"/sop/studio/draf/{draft.pk}/").content.decode()

    assert 'id="sop-form"' not in page
    assert "Pratinjau dokumen SOP" in page


def test_preview_is_the_official_document_of_the_draft(client, admin, draft):
    client.force_login(admin)
    text = draft.text.replace("Fiat surat permohonan", "Fiat dan paraf surat permohonan")
    studio.save_draft(draft=draft, actor=admin, text=text)

    page = client.get(f"/sop/studio/draf/{draft.pk}/pratinjau/").content.decode()

    assert "Fiat dan paraf surat permohonan" in page
    assert page.count('class="flowchart') >= 6 or "flowchart" in page


def test_preview_of_a_broken_draft_lists_its_problems(client, admin, draft):
    client.force_login(admin)
    studio.save_draft(
        draft=draft, actor=admin, text=draft.text.replace("waktu: 1 menit", "waktu: x", 1)
    )

    page = client.get(f"/sop/studio/draf/{draft.pk}/pratinjau/").content.decode()

    assert "Pratinjau belum dapat dibuat" in page
    assert "waktu &#x27;x&#x27; tidak dapat dibaca" in page


def test_import_of_a_broken_file_names_the_line_and_keeps_the_draft(client, admin, draft):
    client.force_login(admin)
    broken = SKTM.read_text().replace("waktu: 5 menit", "waktu: lima menit")
    upload = SimpleUploadedFile("sop.yaml", broken.encode(), content_type="application/yaml")

    response = client.post(f"/sop/studio/draf/{draft.pk}/impor/", {"berkas": upload}, follow=True)

    page = response.content.decode()
    line = broken.splitlines().index("      waktu: lima menit") + 1
    assert f"baris {line}: langkah ke-2 › mutu_baku › waktu: waktu &#x27;lima menit&#x27;" in page
    draft.refresh_from_db()
    assert draft.text == SKTM.read_text()


def test_import_of_a_file_that_is_not_utf8_says_so(client, admin, draft):
    client.force_login(admin)
    upload = SimpleUploadedFile("sop.yaml", b"kode: caf\xe9\n")

    response = client.post(f"/sop/studio/draf/{draft.pk}/impor/", {"berkas": upload}, follow=True)

    assert "berkas bukan teks UTF-8" in response.content.decode()


def test_import_of_a_good_file_replaces_the_draft_text(client, admin, draft):
    client.force_login(admin)
    good = SKTM.read_text().replace("waktu: 5 menit", "waktu: 7 menit")
    upload = SimpleUploadedFile("sop.yaml", good.encode())

    response = client.post(f"/sop/studio/draf/{draft.pk}/impor/", {"berkas": upload}, follow=True)

    assert "Berkas diimpor ke draf." in response.content.decode()
    draft.refresh_from_db()
    assert (draft.text, draft.state) == (good, StudioDraft.State.DRAF)


def test_any_version_downloads_as_its_stored_text(client, undaan, admin):
    client.force_login(admin)

    response = client.get("/sop/studio/sop/undaan-legalisasi-sktm/v1.yaml")

    assert response.content.decode() == SKTM.read_text()
    assert response["Content-Disposition"] == (
        'attachment; filename="undaan-legalisasi-sktm-v1.yaml"'
    )


def test_compare_marks_longer_and_shorter_times(client, undaan, admin, draft):
    text = draft.text.replace("waktu: 4 menit", "waktu: 1 jam").replace(
        "waktu: 5 menit", "waktu: 3 menit"
    )
    draft = studio.save_draft(draft=draft, actor=admin, text=text)
    draft = studio.submit(draft=draft, actor=admin, approver_kode="camat")
    studio.approve(draft=draft, actor=undaan.camat, password=PASSWORD)
    client.force_login(admin)

    page = client.get("/sop/studio/sop/undaan-legalisasi-sktm/banding/?a=1&b=2").content.decode()

    assert '<span class="waktu lebih-lama">1 jam</span> (lebih lama)' in page
    assert '<span class="waktu lebih-cepat">3 menit</span> (lebih cepat)' in page
    assert '<span class="waktu lama">4 menit</span>' in page


def test_compare_without_versions_goes_back_with_a_message(client, admin):
    client.force_login(admin)

    response = client.get("/sop/studio/sop/undaan-legalisasi-sktm/banding/?a=x", follow=True)

    assert "Pilih dua nomor versi untuk dibandingkan." in response.content.decode()


def test_approve_page_with_a_wrong_password_says_so(client, undaan, admin, draft):
    draft = studio.save_draft(
        draft=draft, actor=admin, text=draft.text.replace("4 menit", "6 menit")
    )
    studio.submit(draft=draft, actor=admin, approver_kode="camat")
    client.force_login(undaan.camat)

    response = client.post(
        f"/sop/studio/draf/{draft.pk}/sahkan/", {"password": "salah"}, follow=True
    )

    assert '<li class="error">kata sandi salah</li>' in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == "diajukan"


def test_the_catalogue_links_to_the_studio_for_signed_in_users(client, undaan):
    assert "Studio SOP" not in client.get("/sop/").content.decode()
    client.force_login(undaan.camat)

    page = client.get("/sop/").content.decode()

    assert '<a class="button secondary" href="/sop/studio/">Studio SOP</a>' in page


def test_an_approved_version_waits_for_its_effective_date_in_the_list(client, undaan, admin):
    draft = studio.start_draft(sop=undaan.version.sop, actor=admin)
    text = draft.text.replace("4 menit", "6 menit").replace(
        "tanggal_efektif:\n", "tanggal_efektif: 2099-01-02\n"
    )
    draft = studio.save_draft(draft=draft, actor=admin, text=text)
    draft = studio.submit(draft=draft, actor=admin, approver_kode="camat")
    studio.approve(draft=draft, actor=undaan.camat, password=PASSWORD)
    client.force_login(admin)

    page = client.get("/sop/studio/").content.decode()

    assert "Disahkan</span> berlaku mulai 2 Januari 2099" in page
    assert "Versi 1" in page  # still the one in force


def test_a_form_posted_after_the_draft_was_sent_is_refused_with_a_message(client, admin, draft):
    from tertib.sop.testing import form_data

    client.force_login(admin)
    data = form_data(client.get(f"/sop/studio/draf/{draft.pk}/").content.decode())
    data["langkah-3-waktu"] = ["6 menit"]
    sent = studio.save_draft(
        draft=draft, actor=admin, text=draft.text.replace("4 menit", "5 menit")
    )
    studio.submit(draft=sent, actor=admin, approver_kode="camat")

    response = client.post(f"/sop/studio/draf/{draft.pk}/", {**data, "aksi": "simpan"}, follow=True)

    assert response.status_code == 200
    draft.refresh_from_db()
    assert "waktu: 5 menit" in draft.text  # as sent, not as posted afterwards


def test_previews_leave_no_parsed_draft_behind(client, admin, draft):
    from tertib.sop.models import _DEFINITIONS

    client.force_login(admin)
    before = set(_DEFINITIONS)

    client.get(f"/sop/studio/draf/{draft.pk}/pratinjau/")

    assert {key for key in _DEFINITIONS if key not in before and key.startswith("draf-")} == set()


def test_a_refused_import_keeps_the_file_for_another_try(client, admin, draft):
    client.force_login(admin)
    broken = SKTM.read_text().replace("waktu: 5 menit", "waktu: lima menit")
    upload = SimpleUploadedFile("sop.yaml", broken.encode())

    refused = client.post(f"/sop/studio/draf/{draft.pk}/impor/", {"berkas": upload})

    page = refused.content.decode()
    assert refused.status_code == 400
    assert "terlampir: <strong>sop.yaml</strong>" in page
    reference = re.search(r'name="berkas_kept" value="([^"]+)"', page).group(1)
    again = client.post(f"/sop/studio/draf/{draft.pk}/impor/", {"berkas_kept": reference})
    assert "waktu &#x27;lima menit&#x27;" in again.content.decode()  # the same file read again
    draft.refresh_from_db()
    assert draft.text == SKTM.read_text()


def test_a_refused_return_keeps_the_approvers_note(client, undaan):
    from tertib.sop.tests.test_studio_lifecycle import submitted
    from tertib.sop.validation import MAX_TEXT

    draft = submitted(undaan)
    client.force_login(undaan.camat)
    note = "Waktu langkah 4 terlalu lama. " + "x" * MAX_TEXT

    response = client.post(f"/sop/studio/draf/{draft.pk}/kembalikan/", {"note": note})

    html = response.content.decode()
    assert response.status_code == 400
    assert f">\n{note}</textarea>" in html
    draft.refresh_from_db()
    assert draft.state == "diajukan"
