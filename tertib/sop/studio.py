"""The SOP studio: offices write an SOP in forms, send it to the official who approves it, and
that official's approval stores it through load_text, exactly as it was checked.

States and transitions are data (StudioDraft.State, TRANSITIONS); every transition is one
atomic function that writes its audit event.
"""

import datetime
import hashlib

from django.db import transaction
from django.db.models import TextChoices
from django.utils import timezone

from tertib.cases.audit import record_event
from tertib.org.access import assignment_for
from tertib.org.models import Assignment, Office
from tertib.sop.loading import load_text
from tertib.sop.models import Sop, SopVersion, StudioDraft
from tertib.sop.validation import Checked, Problem, check_text

State = StudioDraft.State
REVIEW_REMINDER_DAYS = 30  # the list warns this many days before the yearly review


class StudioAction(TextChoices):
    BUAT = "studio_buat", "Draf SOP dibuat di studio"
    SIMPAN = "studio_simpan", "Draf SOP disimpan"
    IMPOR = "studio_impor", "Berkas YAML diimpor ke draf SOP"
    AJUKAN = "studio_ajukan", "SOP diajukan untuk disahkan"
    KEMBALIKAN = "studio_kembalikan", "SOP dikembalikan dengan catatan"
    SAHKAN = "studio_sahkan", "SOP disahkan"


EDITABLE = {State.DRAF, State.DIKEMBALIKAN}
TRANSITIONS: dict[str, tuple[set[str], str]] = {
    StudioAction.SIMPAN: (EDITABLE, State.DRAF),
    StudioAction.IMPOR: (EDITABLE, State.DRAF),
    StudioAction.AJUKAN: (EDITABLE, State.DIAJUKAN),
    StudioAction.KEMBALIKAN: ({State.DIAJUKAN}, State.DIKEMBALIKAN),
    StudioAction.SAHKAN: ({State.DIAJUKAN}, State.DISAHKAN),
}


class StudioError(Exception):
    """The studio refuses; the problems say why, in Indonesian."""

    def __init__(self, problems: list[Problem] | str):
        if isinstance(problems, str):
            problems = [Problem("draf", None, "", problems)]
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


# --- who may ---------------------------------------------------------------------------------


def may_edit(user, office: Office) -> bool:
    """The office's admins edit its SOPs; Bagian Organisasi (sop.change_every_sop) any office's."""
    if not user.is_authenticated:
        return False
    return user.has_perm("sop.change_every_sop") or office.admins.filter(pk=user.pk).exists()


def editable_offices(user) -> list[Office]:
    if not user.is_authenticated:
        return []
    if user.has_perm("sop.change_every_sop"):
        return list(Office.objects.all())
    return list(user.managed_offices.all())


def office_of(sop: Sop) -> Office | None:
    return Office.objects.filter(slug=sop.office_slug).first()


def acting_approver(user, draft: StudioDraft, *, on: datetime.date) -> Assignment | None:
    """The user's assignment to the approving position (definitif, Plt or Plh) on that day."""
    office = office_of(draft.sop)
    if office is None or not draft.approver_kode:
        return None
    return assignment_for(user, office=office, kode=draft.approver_kode, on=on)


def password_ok(user, password: str, *, address: str = "") -> bool:
    """The one place the approver's password is checked, through the throttle every password
    check shares (org/throttle.py)."""
    from tertib.org.throttle import Throttled, verify_password

    if not password:
        return False
    try:
        return verify_password(user=user, password=password, address=address)
    except Throttled as refused:
        raise StudioError(str(refused)) from None


# --- reading ---------------------------------------------------------------------------------


def check(draft: StudioDraft) -> Checked:
    """The draft checked exactly as sop_check and load_text check a file."""
    return check_sop_text(draft.sop, draft.text)


def check_sop_text(sop: Sop, text: str) -> Checked:
    checked = check_text(text, file="draf", office_slug=sop.office_slug)
    if checked.definition is not None and checked.definition.kode != sop.kode:
        line = checked.source.line_of(("kode",))
        problem = Problem("draf", line, "kode", f"kode harus tetap '{sop.kode}'")
        return Checked(None, [problem], checked.source, checked.warnings)
    return checked


def preview_html(draft: StudioDraft, checked: Checked) -> str | None:
    """The official document of the draft, as the PDF's renderer draws it; None if broken."""
    from tertib.sop.document import render_html
    from tertib.sop.models import _DEFINITIONS

    version = preview_version(draft, checked)
    if version is None:
        return None
    try:
        return render_html(version)
    finally:  # drafts change at every save: keep only stored versions in the parse cache
        _DEFINITIONS.pop(version.content_hash, None)


def preview_version(draft: StudioDraft, checked: Checked) -> SopVersion | None:
    """An unsaved version holding the draft, for the document renderer; None if it is broken."""
    if checked.definition is None:
        return None
    base = draft.sop.current_version
    logo = bytes(base.logo) if base and base.logo and checked.definition.kantor.logo else None
    return SopVersion(
        sop=draft.sop,
        number=0,
        content_hash="draf-" + hashlib.sha256(draft.text.encode()).hexdigest(),
        source_text=draft.text,
        data=checked.definition.model_dump(mode="json"),
        logo=logo,
        logo_type=base.logo_type if logo else "",
    )


def review_due(version: SopVersion | None) -> datetime.date | None:
    """The yearly review: one year after the version took effect."""
    if version is None:
        return None
    start = version.effective_from or version.definition.tanggal_efektif
    start = start or timezone.localdate(version.loaded_at)
    try:
        return start.replace(year=start.year + 1)
    except ValueError:  # 29 February
        return start.replace(year=start.year + 1, day=28)


def review_reminder(due: datetime.date | None, *, today: datetime.date) -> str:
    if due is None:
        return ""
    if due < today:
        return "Evaluasi tahunan sudah lewat waktu"
    if (due - today).days <= REVIEW_REMINDER_DAYS:
        return f"Evaluasi tahunan dalam {(due - today).days} hari"
    return ""


# --- writing ---------------------------------------------------------------------------------


VERBS = {
    StudioAction.SIMPAN: "diubah",
    StudioAction.IMPOR: "diubah",
    StudioAction.AJUKAN: "diajukan",
    StudioAction.KEMBALIKAN: "dikembalikan",
    StudioAction.SAHKAN: "disahkan",
}


def _require_state(draft: StudioDraft, action: str) -> None:
    if draft.state not in TRANSITIONS[action][0]:
        state = draft.get_state_display()
        raise StudioError(f"draf berstatus {state}; tidak dapat {VERBS[action]}")


def _move(draft: StudioDraft, action: str, *, actor, payload: dict, at) -> None:
    """Check the transition against the table, apply it and write its audit event."""
    _require_state(draft, action)
    draft.state, draft.updated_at = TRANSITIONS[action][1], at
    record_event(
        case=None,
        actor=actor,
        action=action,
        at=at,
        payload={"sop": draft.sop.kode, "draf": draft.pk, **payload},
    )


def _locked(draft: StudioDraft) -> StudioDraft:
    return StudioDraft.objects.select_for_update().select_related("sop").get(pk=draft.pk)


def _require_editor(actor, sop: Sop) -> Office:
    office = office_of(sop)
    if office is None or not may_edit(actor, office):
        raise StudioError(
            "hanya pengelola kantor pemilik SOP atau Bagian Organisasi yang dapat mengubah SOP ini"
        )
    return office


@transaction.atomic
def start_draft(*, sop: Sop, actor, text: str | None = None, reason: str = "") -> StudioDraft:
    """A draft of the SOP's next version: its current text, or the text given (an evaluation's
    proposed times)."""
    _require_editor(actor, sop)
    base = sop.current_version
    if text is None and base is None:
        raise StudioError("SOP ini belum punya versi; buat SOP baru")
    now = timezone.now()
    draft = StudioDraft.objects.create(
        sop=sop,
        base_version=base,
        text=base.source_text if text is None else text,
        reason=reason,
        created_by=actor,
        created_at=now,
        updated_at=now,
    )
    payload = {"dari_versi": base.number if base else None, "alasan": reason}
    record_event(
        case=None,
        actor=actor,
        action=StudioAction.BUAT,
        at=now,
        payload={**payload, "sop": sop.kode, "draf": draft.pk},
    )
    return draft


@transaction.atomic
def create_sop(*, office: Office, actor, kode: str, text: str) -> StudioDraft:
    """A new SOP of the office, with its first draft; kode must be new."""
    if not may_edit(actor, office):
        raise StudioError(
            "hanya pengelola kantor atau Bagian Organisasi yang dapat membuat SOP kantor ini"
        )
    if Sop.objects.filter(kode=kode).exists():
        raise StudioError([Problem("draf", None, "kode", f"kode '{kode}' sudah dipakai SOP lain")])
    sop = Sop.objects.create(kode=kode, office_slug=office.slug)
    return start_draft(sop=sop, actor=actor, text=text)


@transaction.atomic
def save_draft(
    *, draft: StudioDraft, actor, text: str, action: str = StudioAction.SIMPAN
) -> StudioDraft:
    """Keep the draft's new text (from the forms or an uploaded file); a returned draft becomes
    a draft again."""
    draft = _locked(draft)
    _require_editor(actor, draft.sop)
    if text == draft.text and draft.state == State.DRAF:
        return draft
    _move(draft, action, actor=actor, payload={}, at=timezone.now())
    draft.text = text
    draft.save(update_fields=["text", "state", "updated_at"])
    return draft


def import_text(*, draft: StudioDraft, actor, text: str) -> StudioDraft:
    """An uploaded SOP file becomes the draft's text, only when it has no problems."""
    problems = check_sop_text(draft.sop, text).problems
    if problems:
        raise StudioError(problems)
    return save_draft(draft=draft, actor=actor, text=text, action=StudioAction.IMPOR)


@transaction.atomic
def submit(*, draft: StudioDraft, actor, approver_kode: str) -> StudioDraft:
    """Send a draft without problems to the position that approves it."""
    draft = _locked(draft)
    office = _require_editor(actor, draft.sop)
    _require_state(draft, StudioAction.AJUKAN)
    problems = check(draft).problems
    if problems:
        raise StudioError(problems)
    if not office.positions.filter(kode=approver_kode).exists():
        raise StudioError("pilih jabatan yang mengesahkan")
    draft.approver_kode = approver_kode
    _move(
        draft,
        StudioAction.AJUKAN,
        actor=actor,
        payload={"kepada": approver_kode},
        at=timezone.now(),
    )
    draft.note = ""
    draft.save(update_fields=["approver_kode", "state", "updated_at", "note"])
    return draft


@transaction.atomic
def return_draft(*, draft: StudioDraft, actor, note: str) -> StudioDraft:
    """The approving official sends the draft back with a note saying what to change."""
    draft = _locked(draft)
    now = timezone.now()
    if acting_approver(actor, draft, on=timezone.localdate(now)) is None:
        raise StudioError(
            "hanya pejabat yang mengesahkan (atau Plt/Plh-nya) yang dapat mengembalikan draf ini"
        )
    if not note.strip():
        raise StudioError("tulis catatan pengembalian")
    _move(draft, StudioAction.KEMBALIKAN, actor=actor, payload={"catatan": note}, at=now)
    draft.note, draft.decided_by = note.strip(), actor
    draft.save(update_fields=["state", "updated_at", "note", "decided_by"])
    return draft


@transaction.atomic
def approve(*, draft: StudioDraft, actor, password: str, address: str = "") -> StudioDraft:
    """The approving official (or whoever acts for them) confirms with their password; the
    draft's text is stored as the SOP's new version, in force from its tanggal efektif."""
    draft = _locked(draft)
    _require_state(draft, StudioAction.SAHKAN)
    now = timezone.now()
    today = timezone.localdate(now)
    assignment = acting_approver(actor, draft, on=today)
    if assignment is None:
        raise StudioError(
            "hanya pejabat yang mengesahkan (atau Plt/Plh-nya) yang dapat mengesahkan SOP ini"
        )
    if not password_ok(actor, password, address=address):
        raise StudioError("kata sandi salah")
    version = _store(draft, actor)
    version.effective_from = version.definition.tanggal_efektif or today
    version.save(update_fields=["effective_from"])
    payload = {"versi": version.number, "sebagai": assignment.signature_title}
    _move(draft, StudioAction.SAHKAN, actor=actor, payload=payload, at=now)
    draft.version, draft.decided_by = version, actor
    draft.save(update_fields=["state", "updated_at", "version", "decided_by"])
    return draft


def _store(draft: StudioDraft, actor) -> SopVersion:
    loaded = load_text(draft.text, sop=draft.sop, actor=actor)
    if loaded.version is None:
        raise StudioError(loaded.problems)
    if loaded.older or not loaded.created:
        raise StudioError(
            f"isinya sama dengan versi {loaded.version.number}; tidak ada yang berubah"
        )
    return loaded.version
