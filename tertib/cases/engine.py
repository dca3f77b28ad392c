"""The SOP engine: the only code that changes a case's state.

Each state change is one function and one transaction: the case row locked, the actor's right
checked (holder or acting official, in date), the expected step checked so that a double click
or a replayed request changes nothing, and one audit event written in the same transaction.
"""

import datetime
import secrets

from django.db import transaction
from django.utils import timezone

from tertib.cases import fastpath
from tertib.cases.actions import ActionError, StepInput, after_step, check_facts, check_input
from tertib.cases.audit import record_event, record_facts
from tertib.cases.clock import calendar, due_at, local, mutu_baku_minutes
from tertib.cases.documents import revoke_case_documents
from tertib.cases.models import AuditAction, Case, Outcome, StepRecord
from tertib.cases.search import search_text
from tertib.org.models import Assignment, Office
from tertib.sop.definition import PEMOHON, SELESAI, Langkah
from tertib.sop.models import SopVersion, source_fields

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I to misread at the counter


class EngineError(ActionError):
    """The change is not allowed; the message says why, in Indonesian."""


class NotPermitted(EngineError):
    pass


class Stale(EngineError):
    """The step was already handled (a double click or a replayed request): nothing changed."""


def new_code(office: Office) -> str:
    """A tracking code of 60 random bits read out in groups: UND-7KQM-X3PA-9RTE."""
    prefix = (office.slug.split("-")[-1][:3] or "TRB").upper()
    groups = ("".join(secrets.choice(CODE_ALPHABET) for _ in range(4)) for _ in range(3))
    return "-".join([prefix, *groups])


@transaction.atomic
def start_case(
    *,
    sop_version: SopVersion,
    office: Office,
    actor,
    subject: str,
    intake: dict,
    checklist: list[str] | None = None,
    at: datetime.datetime | None = None,
) -> Case:
    """Open a case at the SOP's first step; the actor must be its pelaksana in this office.

    checklist: the kodes of the requirements handed in with the request.
    """
    at = at or timezone.now()
    first = sop_version.definition.langkah[0]
    signer = _require_right(actor, office, first.pelaksana[0], at)
    code = new_code(office)
    case = Case(
        code=code,
        office=office,
        sop_version=sop_version,
        subject=subject,
        intake=intake,
        search_text=search_text(
            code=code, subject=subject, intake=intake, definition=sop_version.definition
        ),
        checklist=checklist or [],
        opened_at=at,
        opened_by=actor,
        current_step=first.no,
    )
    fastpath.insert(case)
    case.opened_record = _arrive(case, first, stage=0, at=at, claimed_by=actor, signed_as=signer)
    record_event(
        case=case,
        actor=actor,
        action=AuditAction.MULAI,
        at=at,
        payload={"sop": sop_version.definition.kode, "versi": sop_version.number},
    )
    return case


@transaction.atomic
def claim_step(*, case: Case, record_id: int, actor, at: datetime.datetime | None = None) -> Case:
    """Take the open step into one's hands; its handling time starts now."""
    at = at or timezone.now()
    case, record, signer = _lock_open(case, record_id, actor, at)
    if record.claimed_by_id is not None:
        raise Stale("Langkah ini sudah diambil.")
    record.signed_as = signer
    record.claimed_at, record.claimed_by = at, actor
    fastpath.update(record, ["claimed_at", "claimed_by", "signed_as"])
    record_event(
        case=case, actor=actor, action=AuditAction.AMBIL, at=at, payload=_facts_of([record])
    )
    return case


@transaction.atomic
def complete_step(
    *,
    case: Case,
    record_id: int,
    actor,
    decision: str = Outcome.LANJUT,
    note: str = "",
    given: StepInput | None = None,
    at: datetime.datetime | None = None,
) -> Case:
    """Finish the open step; a keputusan takes "ya" or "tidak" and the flow follows it."""
    at = at or timezone.now()
    case, record, signer = _lock_open(case, record_id, actor, at)
    return _complete(case, record, actor, signer, decision=decision, note=note, given=given, at=at)


def finish_intake_step(
    *, case: Case, actor, decision: str, note: str, given: StepInput, at: datetime.datetime
) -> Case:
    """The clerk's own part of step 1, in take_in's transaction right after start_case: the
    case and its record are rows this transaction has just written, which nobody else can see,
    so they are not read and locked again."""
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError("finish_intake_step runs inside take_in.")
    record = case.opened_record
    return _complete(
        case, record, actor, record.signed_as, decision=decision, note=note, given=given, at=at
    )


def _complete(case: Case, record: StepRecord, actor, signer: str, *, decision, note, given, at):
    step = _step(case, record.step_no)
    target = _target(case, step, record.stage, decision)
    check_facts(case=case, step_no=step.no, decision=decision)
    last_stage = target is not None
    if last_stage:
        note = check_input(
            case=case,
            step_no=step.no,
            decision=decision,
            note=note,
            actor=actor,
            given=given or StepInput(),
        )
    if decision == Outcome.TIDAK and target is not None and not note.strip():
        raise EngineError("Catatan wajib diisi: tuliskan apa yang kurang atau alasannya.")
    _finish(record, actor=actor, signer=signer, outcome=decision, note=note, at=at, write=False)
    changed = _move(case, step, record.stage, target, note=note, at=at, finished=record)
    if last_stage:  # check_input and after_step may have set them
        changed += ["checklist", "dispatch", "register_number"]
    issued = {}
    if last_stage and decision != Outcome.TIDAK:
        issued = after_step(case=case, step_no=step.no, actor=actor, at=at)
    record_event(
        case=case,
        actor=actor,
        action=AuditAction.SELESAIKAN,
        at=at,
        payload={**_facts_of([record]), "keputusan": decision, "ke": str(target), **issued},
        case_fields=tuple(changed),
    )
    return case


@transaction.atomic
def resume_case(*, case: Case, actor, note: str = "", at: datetime.datetime | None = None) -> Case:
    """The applicant is back: the case resumes at the step that returned it."""
    at = at or timezone.now()
    case = _locked(case)
    if case.state != Case.State.MENUNGGU_PEMOHON:
        raise Stale("Permohonan ini tidak sedang menunggu pemohon.")
    step = _step(case, case.current_step)
    _require_right(actor, case.office, step.pelaksana[0], at)
    case.state, case.note = Case.State.BERJALAN, note
    case.save(update_fields=["state", "note"])
    _arrive(case, step, stage=0, at=at)
    record_event(
        case=case,
        actor=actor,
        action=AuditAction.LANJUTKAN,
        at=at,
        payload={"langkah": step.no, "catatan": note},
    )
    return case


@transaction.atomic
def reject_case(
    *, case: Case, record_id: int, actor, reason: str, at: datetime.datetime | None = None
) -> Case:
    """Refuse the request for good, with the reason, at the open step."""
    at = at or timezone.now()
    if not reason.strip():
        raise EngineError("Alasan penolakan wajib diisi.")
    case, record, signer = _lock_open(case, record_id, actor, at)
    if not case.sop_version.definition.aksi(record.step_no).tolak:
        raise EngineError(
            "Permohonan tidak dapat ditolak pada langkah ini (SOP tidak mengaturnya)."
        )
    _finish(record, actor=actor, signer=signer, outcome=Outcome.DITOLAK, note=reason, at=at)
    _close(case, Case.State.DITOLAK, reason, at)
    revoked = revoke_case_documents(case=case, reason=f"Permohonan ditolak: {reason}", at=at)
    record_event(
        case=case,
        actor=actor,
        action=AuditAction.TOLAK,
        at=at,
        payload={**_facts_of([record]), "alasan": reason, **revoked},
    )
    return case


@transaction.atomic
def cancel_case(*, case: Case, actor, reason: str, at: datetime.datetime | None = None) -> Case:
    """Withdraw an open case (the applicant no longer wants it), with the reason."""
    at = at or timezone.now()
    if not reason.strip():
        raise EngineError("Alasan pembatalan wajib diisi.")
    case = _locked(case)
    if not case.is_open:
        raise Stale("Permohonan ini sudah ditutup.")
    first = _step(case, case.sop_version.definition.langkah[0].no)
    _require_right(actor, case.office, first.pelaksana[0], at)
    records = list(case.records.filter(completed_at__isnull=True))
    for record in records:
        _finish(record, actor=actor, signer="", outcome=Outcome.DIBATALKAN, note=reason, at=at)
    _close(case, Case.State.DIBATALKAN, reason, at)
    revoked = revoke_case_documents(case=case, reason=f"Permohonan dibatalkan: {reason}", at=at)
    record_event(
        case=case,
        actor=actor,
        action=AuditAction.BATALKAN,
        at=at,
        payload={**_facts_of(records), "alasan": reason, **revoked},
    )
    return case


def open_record(case: Case) -> StepRecord | None:
    """The step that waits in the case, if any."""
    return case.records.filter(completed_at__isnull=True).order_by("arrived_at", "pk").first()


def _locked(case: Case) -> Case:
    """The case again, its row locked until the transaction ends (not the rows joined to it).

    The SOP's source is not loaded: its parsed definition is cached by content hash.
    """
    rows = Case.objects.select_for_update(of=("self",)).select_related("office", "sop_version")
    return rows.defer(*source_fields("sop_version")).get(pk=case.pk)


def _lock_open(
    case: Case, record_id: int, actor, at: datetime.datetime
) -> tuple[Case, StepRecord, str]:
    """The case locked and its open step record, read with the actor's assignments in one
    statement; the title the actor signs with there, if they may act on it today."""
    found = fastpath.lock_step(case_id=case.pk, record_id=record_id, actor_id=actor.pk)
    if found is None:  # not a record of this case
        raise Stale("Langkah ini sudah diproses.")
    case, record, assignments = found
    if case.state != Case.State.BERJALAN or record.completed_at is not None:
        raise Stale("Langkah ini sudah diproses.")
    return case, record, _signature_title(assignments, case.office, at)


def _signature_title(assignments: list[Assignment], office: Office, at) -> str:
    """As _require_right, from assignments already read: the latest one in date."""
    day = local(at, office.tz).date()
    held = [
        a for a in assignments if a.starts_on <= day and (a.ends_on is None or a.ends_on >= day)
    ]
    if not held:
        raise NotPermitted(NOT_PERMITTED)
    return max(held, key=lambda a: (a.starts_on, -a.pk)).signature_title


def _require_right(actor, office: Office, kode: str, at: datetime.datetime) -> str:
    """The title the actor signs with as the office's pelaksana kode at that moment."""
    found = fastpath.assignments(actor_id=actor.pk, office_id=office.pk, kode=kode)
    return _signature_title(found, office, at)


NOT_PERMITTED = "Anda tidak memegang jabatan pelaksana langkah ini pada tanggal ini."


def _step(case: Case, no: int) -> Langkah:
    return case.sop_version.definition.step(no)


def _target(case: Case, step: Langkah, stage: int, decision: str) -> int | str | None:
    """Where the flow goes; None means the next pelaksana of the same step."""
    if stage + 1 < len(step.pelaksana):
        if decision != Outcome.LANJUT:
            raise EngineError("Keputusan diambil oleh pelaksana terakhir langkah ini.")
        return None
    edges = case.sop_version.definition.edges()
    options = {label: target for source, label, target in edges if source == step.no}
    if decision not in options:
        raise EngineError(f"Keputusan harus salah satu dari: {', '.join(options)}.")
    return options[decision]


def _arrive(
    case: Case,
    step: Langkah,
    *,
    stage: int,
    at: datetime.datetime,
    claimed_by=None,
    signed_as="",
    finished: StepRecord | None = None,
) -> StepRecord:
    """The step arrives at its pelaksana; claimed_by takes it at once (intake at the counter).
    finished: the record just finished, written with the new one (one statement on PostgreSQL).

    The case keeps the new record's id (open_record_id) for the caller that goes on with it:
    the counter finishing its part of step 1, a script walking a case."""
    minutes = mutu_baku_minutes(step.mutu_baku.parsed_waktu, len(step.pelaksana), stage)
    record = StepRecord(
        case=case,
        office_id=case.office_id,
        sop_version_id=case.sop_version_id,
        step_no=step.no,
        stage=stage,
        pelaksana=step.pelaksana[stage],
        arrived_at=at,
        mutu_baku_minutes=minutes,
        due_at=due_at(at, minutes, case.office.tz),
        claimed_at=at if claimed_by else None,
        claimed_by=claimed_by,
        signed_as=signed_as,
    )
    if finished is None:
        fastpath.insert(record)
    else:
        fastpath.update_and_insert(finished, FINISHED_FIELDS, record)
    case.open_record_id = record.pk
    return record


FINISHED_FIELDS = [
    *("claimed_at", "claimed_by", "completed_at", "completed_by", "signed_as", "outcome", "note"),
    *("waiting_minutes", "handling_minutes"),
]


def _finish(
    record: StepRecord, *, actor, signer: str, outcome: str, note: str, at, write: bool = True
) -> None:
    claimed_at = record.claimed_at or at
    record.claimed_at, record.claimed_by_id = claimed_at, record.claimed_by_id or actor.pk
    record.completed_at, record.completed_by = at, actor
    record.signed_as = signer or record.signed_as
    record.outcome, record.note = outcome, note
    cal = calendar()
    tz = record.case.office.tz  # the related manager set record.case: no query
    record.waiting_minutes = cal.office_minutes(local(record.arrived_at, tz), local(claimed_at, tz))
    record.handling_minutes = cal.office_minutes(local(claimed_at, tz), local(at, tz))
    if write:
        fastpath.update(record, FINISHED_FIELDS)


def _move(case: Case, step: Langkah, stage: int, target, *, note: str, at, finished) -> list[str]:
    """Send the case where the flow goes, writing the finished record; returns the case fields
    to save."""
    if target is None:
        _arrive(case, step, stage=stage + 1, at=at, finished=finished)
        return []
    case.note = note
    if target in (SELESAI, PEMOHON):
        fastpath.update(finished, FINISHED_FIELDS)
        if target == SELESAI:
            case.state, case.closed_at = Case.State.SELESAI, at
            return ["state", "note", "closed_at"]
        case.state = Case.State.MENUNGGU_PEMOHON
        return ["state", "note"]
    case.current_step = target
    _arrive(case, _step(case, target), stage=0, at=at, finished=finished)
    return ["current_step", "note"]


def _close(case: Case, state: str, note: str, at) -> None:
    case.state, case.note, case.closed_at = state, note, at
    case.save(update_fields=["state", "note", "closed_at"])


def _facts_of(records: list[StepRecord]) -> dict:
    """Where the case is, and a copy of the records as written, for the event's hash to cover."""
    where = {}
    if records:
        first = records[0]
        where = {"langkah": first.step_no, "tahap": first.stage, "pelaksana": first.pelaksana}
    return {**where, "catatan": [record_facts(record) for record in records]}
