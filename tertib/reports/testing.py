"""A history built through the engine, with step times chosen by the test."""

import datetime
import zoneinfo

from tertib.cases.actions import StepInput
from tertib.cases.engine import claim_step, complete_step, open_record, start_case
from tertib.org.testing import PASSWORD

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
EVERYTHING = StepInput(
    checklist=["sktm_asli", "fotokopi_ktp", "fotokopi_kk", "kartu_jkn", "surat_pernyataan"],
    password=PASSWORD,
    recipient="Pemohon sendiri",
)
DECISIONS = {2: "ya"}


def walk(u, *, at: datetime.datetime, plan: list[tuple[int, int]], decisions=None):
    """Open an SKTM case at `at`, then for each (wait, handle) in plan take up the open step
    after `wait` minutes and finish it `handle` minutes later. Keep times inside office hours
    and the minutes are exactly those of the plan."""
    actors = {"staf": u.staf, "kasi_kesra": u.kasi, "camat": u.camat}
    case = start_case(
        sop_version=u.version, office=u.office, actor=u.staf, subject="Sumarni", intake={}, at=at
    )
    decisions = {**DECISIONS, **(decisions or {})}
    for step_no, (wait, handle) in enumerate(plan, start=1):
        record = open_record(case)
        actor = actors[record.pelaksana]
        claimed = at + datetime.timedelta(minutes=wait)
        if step_no > 1:
            claim_step(case=case, record_id=record.pk, actor=actor, at=claimed)
        at = claimed + datetime.timedelta(minutes=handle)
        decision = decisions.get(step_no, "lanjut")
        note = "Fotokopi KK belum ada" if decision == "tidak" else ""
        case = complete_step(
            case=case,
            record_id=record.pk,
            actor=actor,
            decision=decision,
            note=note,
            given=EVERYTHING,
            at=at,
        )
    return case
