"""The studio's guards: who may touch a draft of which office, which state allows what, and
that a refused step leaves the draft, the versions and the audit trail as they were."""

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from tertib.cases.models import AuditEvent, Register
from tertib.org.models import Office
from tertib.org.testing import PASSWORD, assign, make_user
from tertib.sop import studio
from tertib.sop.models import Sop, SopVersion, StudioDraft
from tertib.sop.studio import StudioAction, StudioError

pytestmark = pytest.mark.django_db

EDITOR_ONLY = (
    "hanya pengelola kantor pemilik SOP atau Bagian Organisasi yang dapat mengubah SOP ini"
)
APPROVER_ONLY_RETURN = (
    "hanya pejabat yang mengesahkan (atau Plt/Plh-nya) yang dapat mengembalikan draf ini"
)


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
def jati_camat(undaan):
    user = make_user("camat.jati", full_name="Camat Jati")
    assign(user, Office.objects.get(slug="kecamatan-jati"), "camat")
    return user


def changed(text: str) -> str:
    return text.replace("waktu: 4 menit", "waktu: 7 menit")


def draft_of(undaan, admin) -> StudioDraft:
    draft = studio.start_draft(sop=undaan.version.sop, actor=admin)
    return studio.save_draft(draft=draft, actor=admin, text=changed(draft.text))


def submitted(undaan, admin) -> StudioDraft:
    return studio.submit(draft=draft_of(undaan, admin), actor=admin, approver_kode="camat")


def messages(refused) -> list[str]:
    return [p.message for p in refused.value.problems]


def events() -> list[str]:
    return list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))


# --- another office ---------------------------------------------------------------------------


def test_admin_of_another_office_cannot_save_or_submit_a_draft(undaan, admin, jati_admin):
    draft = draft_of(undaan, admin)
    before = events()

    with pytest.raises(StudioError) as saving:
        studio.save_draft(draft=draft, actor=jati_admin, text=draft.text + "# x\n")
    with pytest.raises(StudioError) as sending:
        studio.submit(draft=draft, actor=jati_admin, approver_kode="camat")

    assert messages(saving) == messages(sending) == [EDITOR_ONLY]
    draft.refresh_from_db()
    assert (draft.state, draft.text, draft.approver_kode) == ("draf", changed(draft.text), "")
    assert events() == before


def test_camat_of_another_office_cannot_return_or_approve(undaan, admin, jati_camat):
    draft = submitted(undaan, admin)

    with pytest.raises(StudioError) as returning:
        studio.return_draft(draft=draft, actor=jati_camat, note="Ubah langkah 4.")
    with pytest.raises(StudioError):
        studio.approve(draft=draft, actor=jati_camat, password=PASSWORD)

    assert messages(returning) == [APPROVER_ONLY_RETURN]
    draft.refresh_from_db()
    assert (draft.state, draft.note, draft.decided_by, draft.version) == (
        "diajukan",
        "",
        None,
        None,
    )
    assert SopVersion.objects.count() == 1


def test_admin_of_another_office_cannot_create_an_sop_there(undaan, jati_admin):
    with pytest.raises(StudioError) as refused:
        studio.create_sop(
            office=undaan.office, actor=jati_admin, kode="undaan-baru", text="kode: x\n"
        )

    assert messages(refused) == [
        "hanya pengelola kantor atau Bagian Organisasi yang dapat membuat SOP kantor ini"
    ]
    assert not Sop.objects.filter(kode="undaan-baru").exists()


def test_bagian_organisasi_edits_any_offices_sop(undaan):
    organisasi = make_user("organisasi", full_name="Bagian Organisasi")
    organisasi.user_permissions.add(Permission.objects.get(codename="change_every_sop"))

    draft = studio.start_draft(sop=undaan.version.sop, actor=organisasi, reason="evaluasi")

    assert (draft.created_by, draft.base_version, draft.text) == (
        organisasi,
        undaan.version,
        undaan.version.source_text,
    )
    event = AuditEvent.objects.get(action=StudioAction.BUAT)
    assert event.payload == {
        "dari_versi": 1,
        "alasan": "evaluasi",
        "sop": "undaan-legalisasi-sktm",
        "draf": draft.pk,
    }


def test_editable_offices_of_an_admin_are_only_their_own(undaan, admin):
    assert studio.editable_offices(admin) == [undaan.office]
    assert studio.editable_offices(undaan.camat) == []


# --- states -----------------------------------------------------------------------------------


def test_a_draft_not_yet_sent_cannot_be_returned_or_approved(undaan, admin):
    draft = draft_of(undaan, admin)

    with pytest.raises(StudioError) as returning:
        studio.return_draft(draft=draft, actor=undaan.camat, note="Catatan")
    with pytest.raises(StudioError) as approving:
        studio.approve(draft=draft, actor=undaan.camat, password=PASSWORD)

    assert messages(returning) == [APPROVER_ONLY_RETURN]  # nobody approves it yet
    assert messages(approving) == ["draf berstatus Draf; tidak dapat disahkan"]


def test_a_returned_draft_cannot_be_returned_again_nor_approved(undaan, admin):
    draft = studio.return_draft(
        draft=submitted(undaan, admin), actor=undaan.camat, note="Perbaiki waktu."
    )

    with pytest.raises(StudioError) as returning:
        studio.return_draft(draft=draft, actor=undaan.camat, note="Lagi")
    with pytest.raises(StudioError) as approving:
        studio.approve(draft=draft, actor=undaan.camat, password=PASSWORD)

    assert messages(returning) == ["draf berstatus Dikembalikan; tidak dapat dikembalikan"]
    assert messages(approving) == ["draf berstatus Dikembalikan; tidak dapat disahkan"]
    draft.refresh_from_db()
    assert (draft.state, draft.note) == ("dikembalikan", "Perbaiki waktu.")


def test_return_keeps_the_note_without_surrounding_spaces(undaan, admin):
    draft = studio.return_draft(
        draft=submitted(undaan, admin), actor=undaan.camat, note="  Waktu terlalu lama.\n"
    )

    assert draft.note == "Waktu terlalu lama."
    event = AuditEvent.objects.get(action=StudioAction.KEMBALIKAN)
    assert (event.actor, event.case) == (undaan.camat, None)


def test_submit_to_a_position_the_office_lacks_is_refused(undaan, admin):
    draft = draft_of(undaan, admin)

    with pytest.raises(StudioError) as refused:
        studio.submit(draft=draft, actor=admin, approver_kode="bupati")

    assert messages(refused) == ["pilih jabatan yang mengesahkan"]
    draft.refresh_from_db()
    assert (draft.state, draft.approver_kode) == ("draf", "")
    assert StudioAction.AJUKAN not in events()


def test_saving_the_same_text_again_writes_nothing(undaan, admin):
    draft = draft_of(undaan, admin)
    before = (events(), draft.updated_at)

    again = studio.save_draft(draft=draft, actor=admin, text=draft.text)

    again.refresh_from_db()
    assert (events(), again.updated_at) == before


def test_start_needs_a_version_or_a_text(undaan, admin):
    sop = Sop.objects.create(kode="undaan-kosong", office_slug=undaan.office.slug)

    with pytest.raises(StudioError) as refused:
        studio.start_draft(sop=sop, actor=admin)

    assert messages(refused) == ["SOP ini belum punya versi; buat SOP baru"]
    assert StudioDraft.objects.count() == 0


# --- creating and importing -------------------------------------------------------------------


def test_create_sop_makes_the_sop_of_the_office_with_its_first_draft(undaan, admin):
    text = undaan.version.source_text.replace(
        "kode: undaan-legalisasi-sktm", "kode: undaan-legalisasi-baru"
    )

    draft = studio.create_sop(
        office=undaan.office, actor=admin, kode="undaan-legalisasi-baru", text=text
    )

    assert (draft.sop.kode, draft.sop.office_slug, draft.sop.current_version) == (
        "undaan-legalisasi-baru",
        "kecamatan-undaan",
        None,
    )
    assert (draft.state, draft.base_version, draft.text) == ("draf", None, text)
    assert studio.check(draft).problems == []


def test_create_sop_with_a_taken_kode_names_the_field(undaan, admin):
    with pytest.raises(StudioError) as refused:
        studio.create_sop(
            office=undaan.office, actor=admin, kode="undaan-legalisasi-sktm", text="x: 1\n"
        )

    assert [(p.field, p.message) for p in refused.value.problems] == [
        ("kode", "kode 'undaan-legalisasi-sktm' sudah dipakai SOP lain")
    ]
    assert Sop.objects.count() == 1


def test_import_of_a_file_with_problems_keeps_the_draft(undaan, admin):
    draft = draft_of(undaan, admin)
    broken = draft.text.replace("    ya: 3\n", "    ya: 30\n")

    with pytest.raises(StudioError) as refused:
        studio.import_text(draft=draft, actor=admin, text=broken)

    assert [(p.field, p.message) for p in refused.value.problems] == [
        ("langkah ke-2 › ya", "langkah 30 tidak ada")
    ]
    draft.refresh_from_db()
    assert draft.text == changed(undaan.version.source_text)
    assert StudioAction.IMPOR not in events()


def test_import_may_not_change_the_kode(undaan, admin):
    draft = draft_of(undaan, admin)
    other = draft.text.replace("kode: undaan-legalisasi-sktm", "kode: undaan-lain")

    with pytest.raises(StudioError) as refused:
        studio.import_text(draft=draft, actor=admin, text=other)

    assert [(p.line, p.field, p.message) for p in refused.value.problems] == [
        (3, "kode", "kode harus tetap 'undaan-legalisasi-sktm'")
    ]


def test_import_of_a_good_file_reopens_a_returned_draft(undaan, admin):
    draft = studio.return_draft(
        draft=submitted(undaan, admin), actor=undaan.camat, note="Perbaiki."
    )
    text = undaan.version.source_text.replace(
        "waktu: 2 menit\n      output: Terfiatnya", ("waktu: 3 menit\n      output: Terfiatnya")
    )

    draft = studio.import_text(draft=draft, actor=admin, text=text)

    assert (draft.state, draft.text) == ("draf", text)
    assert events()[-1] == StudioAction.IMPOR


# --- approval: one transaction ----------------------------------------------------------------


def test_approval_that_fails_to_store_leaves_everything_as_it_was(undaan, admin):
    draft = submitted(undaan, admin)
    # The register book the SOP writes in disappears after the draft was sent.
    Register.objects.filter(office=undaan.office, kode="legalisasi-sktm").delete()

    with pytest.raises(StudioError) as refused:
        studio.approve(draft=draft, actor=undaan.camat, password=PASSWORD)

    assert [p.field for p in refused.value.problems] == ["layanan › aksi › 5 › buku_register"]
    draft.refresh_from_db()
    assert (draft.state, draft.version, draft.decided_by) == ("diajukan", None, None)
    assert SopVersion.objects.count() == 1
    assert Sop.objects.get().current_version == undaan.version
    assert StudioAction.SAHKAN not in events()


def test_approval_without_tanggal_efektif_is_in_force_from_today(undaan, admin):
    draft = studio.approve(draft=submitted(undaan, admin), actor=undaan.camat, password=PASSWORD)

    today = timezone.localdate()
    assert draft.version.effective_from == today
    assert draft.sop.version_on(today) == draft.version
    assert draft.version.source_path == ""


def test_wrong_password_writes_no_approval_event(undaan, admin):
    draft = submitted(undaan, admin)
    before = events()

    with pytest.raises(StudioError):
        studio.approve(draft=draft, actor=undaan.camat, password=PASSWORD + "x")

    assert events() == before


def test_acting_approver_is_none_without_a_chosen_position(undaan, admin):
    draft = draft_of(undaan, admin)
    assert studio.acting_approver(undaan.camat, draft, on=timezone.localdate()) is None
    draft = studio.submit(draft=draft, actor=admin, approver_kode="camat")
    assert studio.acting_approver(undaan.camat, draft, on=timezone.localdate()) is not None
    assert studio.acting_approver(undaan.kasi, draft, on=timezone.localdate()) is None
