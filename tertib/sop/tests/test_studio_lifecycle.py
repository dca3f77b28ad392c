"""The studio's lifecycle: draf → diajukan → disahkan (or dikembalikan), audited, with the
approver's password and acting officials; the version in force by date."""

import datetime

import pytest
from django.utils import timezone

from tertib.cases.models import AuditEvent
from tertib.org.testing import PASSWORD, assign, make_user
from tertib.sop import studio
from tertib.sop.models import Sop, SopVersion, StudioDraft
from tertib.sop.studio import StudioAction, StudioError

pytestmark = pytest.mark.django_db


def admin_of(office):
    user = make_user("admin.undaan", full_name="Rina Admin")
    office.admins.add(user)
    return user


def revised(text: str, *, effective: str = "2020-01-01") -> str:
    text = text.replace("waktu: 4 menit", "waktu: 6 menit")
    return text.replace("tanggal_efektif:\n", f"tanggal_efektif: {effective}\n")


def submitted(undaan, *, effective: str = "2020-01-01") -> StudioDraft:
    admin = admin_of(undaan.office)
    draft = studio.start_draft(sop=undaan.version.sop, actor=admin)
    draft = studio.save_draft(
        draft=draft, actor=admin, text=revised(draft.text, effective=effective)
    )
    return studio.submit(draft=draft, actor=admin, approver_kode="camat")


def actions(draft) -> list[str]:
    return list(
        AuditEvent.objects.filter(payload__draf=draft.pk)
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_submit_then_approve_stores_the_draft_text_as_the_new_version(undaan):
    draft = submitted(undaan)

    draft = studio.approve(draft=draft, actor=undaan.camat, password=PASSWORD)

    version = draft.version
    assert (draft.state, version.number, version.approved_by) == ("disahkan", 2, undaan.camat)
    assert version.source_text == draft.text
    assert version.effective_from == datetime.date(2020, 1, 1)
    assert version.definition.langkah[3].mutu_baku.waktu == "6 menit"
    assert Sop.objects.get(pk=draft.sop_id).current_version == version
    assert actions(draft) == [
        StudioAction.BUAT,
        StudioAction.SIMPAN,
        StudioAction.AJUKAN,
        StudioAction.SAHKAN,
    ]
    event = AuditEvent.objects.get(action=StudioAction.SAHKAN)
    assert (event.case, event.actor, event.payload["sebagai"]) == (
        None,
        undaan.camat,
        "Camat Undaan",
    )


def test_wrong_password_approves_nothing(undaan):
    draft = submitted(undaan)

    with pytest.raises(StudioError) as refused:
        studio.approve(draft=draft, actor=undaan.camat, password="salah")

    assert [(p.field, p.message) for p in refused.value.problems] == [("", "kata sandi salah")]
    draft.refresh_from_db()
    assert (draft.state, draft.version) == ("diajukan", None)
    assert SopVersion.objects.count() == 1
    assert StudioAction.SAHKAN not in actions(draft)


def test_an_empty_password_approves_nothing(undaan):
    draft = submitted(undaan)

    with pytest.raises(StudioError):
        studio.approve(draft=draft, actor=undaan.camat, password="")

    assert SopVersion.objects.count() == 1


def test_someone_else_cannot_approve_even_with_their_password(undaan):
    draft = submitted(undaan)

    for stranger in (undaan.kasi, undaan.outsider, admin_user(undaan)):
        with pytest.raises(StudioError) as refused:
            studio.approve(draft=draft, actor=stranger, password=PASSWORD)
        assert refused.value.problems[0].message == (
            "hanya pejabat yang mengesahkan (atau Plt/Plh-nya) yang dapat mengesahkan SOP ini"
        )
    assert SopVersion.objects.count() == 1


def admin_user(undaan):
    return undaan.office.admins.get()


def test_the_plh_approves_in_the_camats_place(undaan):
    draft = submitted(undaan)
    plh = make_user("sekcam", full_name="Sri Sekcam")
    today = timezone.localdate()
    assign(plh, undaan.office, "camat", kind="plh", starts_on=today, ends_on=today)

    draft = studio.approve(draft=draft, actor=plh, password=PASSWORD)

    assert (draft.state, draft.version.approved_by) == ("disahkan", plh)
    event = AuditEvent.objects.get(action=StudioAction.SAHKAN)
    assert event.payload["sebagai"] == "Plh. Camat Undaan"


def test_an_ended_plh_may_not_approve(undaan):
    draft = submitted(undaan)
    plh = make_user("sekcam", full_name="Sri Sekcam")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assign(plh, undaan.office, "camat", kind="plh", starts_on=yesterday, ends_on=yesterday)

    with pytest.raises(StudioError):
        studio.approve(draft=draft, actor=plh, password=PASSWORD)


def test_return_with_a_note_then_edit_and_submit_again(undaan):
    draft = submitted(undaan)

    draft = studio.return_draft(
        draft=draft, actor=undaan.camat, note="Waktu langkah 4 terlalu lama."
    )

    assert (draft.state, draft.note, draft.decided_by) == (
        "dikembalikan",
        "Waktu langkah 4 terlalu lama.",
        undaan.camat,
    )
    admin = admin_user(undaan)
    draft = studio.save_draft(
        draft=draft, actor=admin, text=draft.text.replace("waktu: 6 menit", "waktu: 5 menit")
    )
    assert draft.state == "draf"
    draft = studio.submit(draft=draft, actor=admin, approver_kode="camat")
    assert (draft.state, draft.note) == ("diajukan", "")
    assert actions(draft) == [
        StudioAction.BUAT,
        StudioAction.SIMPAN,
        StudioAction.AJUKAN,
        StudioAction.KEMBALIKAN,
        StudioAction.SIMPAN,
        StudioAction.AJUKAN,
    ]


def test_return_needs_a_note(undaan):
    draft = submitted(undaan)

    with pytest.raises(StudioError) as refused:
        studio.return_draft(draft=draft, actor=undaan.camat, note="  ")

    assert refused.value.problems[0].message == "tulis catatan pengembalian"


def test_a_submitted_draft_cannot_be_edited_or_approved_twice(undaan):
    draft = submitted(undaan)
    with pytest.raises(StudioError):
        studio.save_draft(draft=draft, actor=admin_user(undaan), text=draft.text + "\n# x\n")
    draft = studio.approve(draft=draft, actor=undaan.camat, password=PASSWORD)

    with pytest.raises(StudioError) as refused:
        studio.approve(draft=draft, actor=undaan.camat, password=PASSWORD)

    assert refused.value.problems[0].message == ("draf berstatus Disahkan; tidak dapat disahkan")
    assert SopVersion.objects.count() == 2


def test_a_draft_with_problems_cannot_be_submitted(undaan):
    admin = admin_of(undaan.office)
    draft = studio.start_draft(sop=undaan.version.sop, actor=admin)
    draft = studio.save_draft(
        draft=draft, actor=admin, text=draft.text.replace("waktu: 4 menit", "waktu: sebentar")
    )

    with pytest.raises(StudioError) as refused:
        studio.submit(draft=draft, actor=admin, approver_kode="camat")

    assert [p.field for p in refused.value.problems] == ["langkah ke-4 › mutu_baku › waktu"]
    draft.refresh_from_db()
    assert draft.state == "draf"


def test_unchanged_content_is_not_approved_as_a_new_version(undaan):
    admin = admin_of(undaan.office)
    draft = studio.start_draft(sop=undaan.version.sop, actor=admin)
    draft = studio.submit(draft=draft, actor=admin, approver_kode="camat")

    with pytest.raises(StudioError) as refused:
        studio.approve(draft=draft, actor=undaan.camat, password=PASSWORD)

    assert refused.value.problems[0].message == "isinya sama dengan versi 1; tidak ada yang berubah"
    draft.refresh_from_db()
    assert draft.state == "diajukan"


def test_only_editors_of_the_office_write_drafts(undaan):
    for stranger in (undaan.staf, undaan.camat, undaan.outsider):
        with pytest.raises(StudioError):
            studio.start_draft(sop=undaan.version.sop, actor=stranger)
    other_admin = make_user("admin.jati")
    undaan.outsider_office = type(undaan.office).objects.get(slug="kecamatan-jati")
    undaan.outsider_office.admins.add(other_admin)
    with pytest.raises(StudioError):
        studio.start_draft(sop=undaan.version.sop, actor=other_admin)
    assert StudioDraft.objects.count() == 0


def test_new_cases_take_the_version_in_force_on_their_start_date(undaan):
    draft = submitted(undaan, effective="2099-01-01")

    draft = studio.approve(draft=draft, actor=undaan.camat, password=PASSWORD)

    sop = draft.sop
    today = timezone.localdate()
    assert sop.version_on(today) == undaan.version
    assert sop.version_on(datetime.date(2099, 1, 1)) == draft.version
    assert sop.version_on(datetime.date(2000, 1, 1)) is None


def test_review_is_due_a_year_after_the_effective_date_with_a_reminder():
    version = SopVersion(effective_from=datetime.date(2025, 12, 20))

    due = studio.review_due(version)

    assert due == datetime.date(2026, 12, 20)
    assert studio.review_reminder(due, today=datetime.date(2026, 11, 1)) == ""
    assert studio.review_reminder(due, today=datetime.date(2026, 11, 26)) == (
        "Evaluasi tahunan dalam 24 hari"
    )
    assert studio.review_reminder(due, today=datetime.date(2026, 12, 21)) == (
        "Evaluasi tahunan sudah lewat waktu"
    )
    assert studio.review_due(SopVersion(effective_from=datetime.date(2024, 2, 29))) == (
        datetime.date(2025, 2, 28)
    )


def test_studio_actions_have_indonesian_labels_in_the_audit_trail(undaan):
    draft = submitted(undaan)

    labels = [
        event.get_action_display()
        for event in AuditEvent.objects.filter(payload__draf=draft.pk).order_by("pk")
    ]

    assert labels == [
        "Draf SOP dibuat di studio",
        "Draf SOP disimpan",
        "SOP diajukan untuk disahkan",
    ]
