"""The studio's pages for people who must not act: strangers get 404 and change nothing; the
approver acts through the forms; refusals come back in Indonesian."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile

from tertib.cases.models import AuditEvent
from tertib.org.models import Office
from tertib.org.testing import PASSWORD, assign, make_user
from tertib.sop import studio
from tertib.sop.models import SopVersion, StudioDraft

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(undaan):
    user = make_user("admin.undaan", full_name="Rina Admin")
    undaan.office.admins.add(user)
    return user


@pytest.fixture
def jati_admin(undaan):
    user = make_user("admin.jati", full_name="Joko Jati")
    Office.objects.get(slug="kecamatan-jati").admins.add(user)
    return user


@pytest.fixture
def draft(undaan, admin):
    draft = studio.start_draft(sop=undaan.version.sop, actor=admin)
    text = draft.text.replace("waktu: 4 menit", "waktu: 8 menit")
    return studio.save_draft(draft=draft, actor=admin, text=text)


@pytest.fixture
def sent(draft, admin):
    return studio.submit(draft=draft, actor=admin, approver_kode="camat")


def state_of(draft) -> tuple:
    draft.refresh_from_db()
    return (draft.state, draft.text, draft.approver_kode, draft.note, draft.version_id)


def shown(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_admin_of_another_office_gets_404_on_every_draft_action(client, sent, jati_admin):
    client.force_login(jati_admin)
    before = (state_of(sent), AuditEvent.objects.count(), SopVersion.objects.count())
    base = f"/sop/studio/draf/{sent.pk}"
    upload = SimpleUploadedFile("sop.yaml", sent.text.encode(), "application/yaml")

    answers = [
        client.get(f"{base}/").status_code,
        client.get(f"{base}.yaml").status_code,
        client.post(f"{base}/ajukan/", {"approver_kode": "camat"}).status_code,
        client.post(f"{base}/sahkan/", {"password": PASSWORD}).status_code,
        client.post(f"{base}/kembalikan/", {"note": "Ubah"}).status_code,
        client.post(f"{base}/impor/", {"berkas": upload}).status_code,
        client.post("/sop/studio/sop/undaan-legalisasi-sktm/ubah/").status_code,
        client.get("/sop/studio/sop/undaan-legalisasi-sktm/v1.yaml").status_code,
        client.get("/sop/studio/sop/undaan-legalisasi-sktm/banding/?a=1&b=1").status_code,
    ]

    assert answers == [404] * 9
    assert (state_of(sent), AuditEvent.objects.count(), SopVersion.objects.count()) == before
    assert StudioDraft.objects.count() == 1


def test_signed_out_visitor_is_sent_to_log_in_and_changes_nothing(client, sent):
    before = state_of(sent)

    response = client.post(f"/sop/studio/draf/{sent.pk}/sahkan/", {"password": PASSWORD})

    assert response.status_code == 302
    assert "next=" in response["Location"]
    assert state_of(sent) == before


def test_actions_answer_only_post(client, sent, admin):
    client.force_login(admin)
    for action in ("ajukan", "sahkan", "kembalikan", "impor"):
        assert client.get(f"/sop/studio/draf/{sent.pk}/{action}/").status_code == 405


def test_the_camat_approves_through_the_form(client, undaan, sent):
    client.force_login(undaan.camat)

    response = client.post(f"/sop/studio/draf/{sent.pk}/sahkan/", {"password": PASSWORD})

    assert (response.status_code, response["Location"]) == (302, f"/sop/studio/draf/{sent.pk}/")
    assert shown(response) == ["SOP disahkan sebagai versi 2."]
    version = SopVersion.objects.get(number=2)
    assert (version.approved_by, version.definition.langkah[3].mutu_baku.waktu) == (
        undaan.camat,
        "8 menit",
    )


def test_a_colleague_who_may_read_cannot_approve(client, undaan, sent):
    client.force_login(undaan.kasi)
    before = state_of(sent)

    response = client.post(f"/sop/studio/draf/{sent.pk}/sahkan/", {"password": PASSWORD})

    assert response.status_code == 302
    assert any("hanya pejabat yang mengesahkan" in m for m in shown(response))
    assert state_of(sent) == before
    assert SopVersion.objects.count() == 1


def test_approve_without_a_password_names_it(client, undaan, sent):
    client.force_login(undaan.camat)

    response = client.post(f"/sop/studio/draf/{sent.pk}/sahkan/", {"password": ""})

    assert any("kata sandi" in m for m in shown(response))
    assert state_of(sent)[0] == "diajukan"


def test_return_without_a_note_comes_back_400_and_keeps_the_draft(client, undaan, sent):
    client.force_login(undaan.camat)
    before = state_of(sent)

    response = client.post(f"/sop/studio/draf/{sent.pk}/kembalikan/", {"note": ""})

    assert response.status_code == 400
    assert "tulis catatan pengembalian" in response.content.decode()
    assert state_of(sent) == before


def test_return_with_a_note_through_the_form(client, undaan, sent):
    client.force_login(undaan.camat)

    response = client.post(
        f"/sop/studio/draf/{sent.pk}/kembalikan/", {"note": "Langkah 4 terlalu lama."}
    )

    assert response.status_code == 302
    assert shown(response) == ["SOP dikembalikan dengan catatan."]
    assert state_of(sent)[0::3] == ("dikembalikan", "Langkah 4 terlalu lama.")


def test_submit_to_a_position_the_office_lacks_is_refused_by_the_form(client, admin, draft):
    client.force_login(admin)

    response = client.post(f"/sop/studio/draf/{draft.pk}/ajukan/", {"approver_kode": "bupati"})

    assert shown(response) == ["Pilih jabatan yang mengesahkan."]
    assert state_of(draft)[0] == "draf"


def test_a_plt_camat_sees_and_approves_the_draft(client, undaan, sent):
    plt = make_user("plt.camat", full_name="Plt Camat")
    assign(plt, undaan.office, "camat", kind="plt")
    client.force_login(plt)

    assert client.get(f"/sop/studio/draf/{sent.pk}/").status_code == 200
    client.post(f"/sop/studio/draf/{sent.pk}/sahkan/", {"password": PASSWORD})

    assert state_of(sent)[0] == "disahkan"


def test_version_yaml_is_the_stored_text_and_unknown_numbers_are_404(client, undaan, admin):
    client.force_login(admin)

    response = client.get("/sop/studio/sop/undaan-legalisasi-sktm/v1.yaml")

    assert response.content.decode() == undaan.version.source_text
    assert response["Content-Disposition"] == (
        'attachment; filename="undaan-legalisasi-sktm-v1.yaml"'
    )
    assert client.get("/sop/studio/sop/undaan-legalisasi-sktm/v9.yaml").status_code == 404
    assert client.get("/sop/studio/sop/tidak-ada/v1.yaml").status_code == 404


def test_compare_of_a_missing_version_is_404(client, undaan, admin):
    client.force_login(admin)

    assert client.get("/sop/studio/sop/undaan-legalisasi-sktm/banding/?a=1&b=7").status_code == (
        404
    )
    response = client.get("/sop/studio/sop/undaan-legalisasi-sktm/banding/?a=x&b=1")
    assert response.status_code == 302
    assert shown(response) == ["Pilih dua nomor versi untuk dibandingkan."]


# --- readers: they read, they change nothing ---------------------------------------------------


@pytest.fixture
def inspector(undaan):
    from django.contrib.auth.models import Permission

    user = make_user("inspektorat", full_name="Inspektur Kabupaten")
    user.user_permissions.add(Permission.objects.get(codename="view_every_office"))
    return user


@pytest.mark.parametrize("who", ["staf", "inspector"])
def test_readers_read_and_download_but_their_posts_change_nothing(
    client, request, undaan, draft, who
):
    reader = undaan.staf if who == "staf" else request.getfixturevalue("inspector")
    client.force_login(reader)
    before = (state_of(draft), AuditEvent.objects.count())
    base = f"/sop/studio/draf/{draft.pk}"

    assert client.get(f"{base}/").status_code == 200
    assert client.get(f"{base}.yaml").content.decode() == draft.text
    assert client.get("/sop/studio/sop/undaan-legalisasi-sktm/banding/?a=1&b=1").status_code == 200
    posted = client.post(f"{base}/", {"aksi": "simpan", "sop-nama": "Diubah pembaca"})
    client.post(f"{base}/ajukan/", {"approver_kode": "camat"})
    upload = SimpleUploadedFile("sop.yaml", draft.text.encode(), "application/yaml")
    imported = client.post(f"{base}/impor/", {"berkas": upload})

    assert posted.status_code == 200  # the page again, read-only: nothing was taken
    assert imported.status_code == 400
    assert (state_of(draft), AuditEvent.objects.count()) == before


def test_sop_revise_reopens_the_open_draft_instead_of_a_second_one(client, admin, draft):
    client.force_login(admin)

    first = client.post("/sop/studio/sop/undaan-legalisasi-sktm/ubah/")
    second = client.post("/sop/studio/sop/undaan-legalisasi-sktm/ubah/")

    assert first["Location"] == second["Location"] == f"/sop/studio/draf/{draft.pk}/"
    assert StudioDraft.objects.count() == 1


def test_after_approval_revise_starts_from_the_new_version(client, undaan, admin, sent):
    approved = studio.approve(draft=sent, actor=undaan.camat, password=PASSWORD)
    client.force_login(admin)

    response = client.post("/sop/studio/sop/undaan-legalisasi-sktm/ubah/")

    new = StudioDraft.objects.exclude(pk=sent.pk).get()
    assert response["Location"] == f"/sop/studio/draf/{new.pk}/"
    assert (new.base_version, new.text, new.state) == (approved.version, approved.text, "draf")
