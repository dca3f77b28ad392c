"""Taking in a request at the counter."""

import datetime

from django.db import transaction
from django.utils import timezone

from tertib.cases.actions import StepInput
from tertib.cases.engine import finish_intake_step, start_case
from tertib.cases.models import Case, Outcome
from tertib.cases.uploads import sniff, store
from tertib.org.models import Office
from tertib.sop.models import SopVersion


@transaction.atomic
def take_in(
    *,
    sop_version: SopVersion,
    office: Office,
    actor,
    subject: str,
    intake: dict,
    checklist: list[str],
    scans: list[tuple[str, str, str, bytes]],
    decision: str = Outcome.LANJUT,
    note: str = "",
    given: StepInput | None = None,
    at: datetime.datetime | None = None,
) -> Case:
    """Register a request: the case, what was handed in, and the clerk's part of step 1 done.

    Whatever step 1 is, the clerk finishes their part of it at the counter: a process moves on,
    a decision takes the clerk's answer (a "tidak" back to the applicant returns the request at
    once, with its slip), the first pelaksana of a paraf chain passes it to the next.
    scans are (requirement kode, requirement name, file name, content); every one is checked
    before anything is written, so a bad file leaves nothing behind.
    """
    at = at or timezone.now()
    checked = [
        (kode, name, content, sniff(content, label=label)) for kode, label, name, content in scans
    ]
    case = start_case(
        sop_version=sop_version,
        office=office,
        actor=actor,
        subject=subject,
        intake=intake,
        checklist=checklist,
        at=at,
    )
    for kode, name, content, kind in checked:
        store(case=case, requirement=kode, name=name, content=content, kind=kind, actor=actor)
    return finish_intake_step(
        case=case,
        actor=actor,
        decision=decision,
        note=note,
        given=given or StepInput(checklist=checklist),
        at=at,
    )
