"""Finding a request by what its applicant remembers: the name, the NIK or KK, or the code.

Each case keeps one lower-case line of what may be searched (`Case.search_text`), written when
it is opened, so a search is the same `LIKE` on SQLite and PostgreSQL whatever the JSON of the
intake looks like there.
"""

import re

from tertib.cases.documents import shown_subject
from tertib.cases.models import Case, StepRecord
from tertib.lib.nik import mask
from tertib.sop.models import source_fields

SEARCH_MAX = 400
IDENTITY_KINDS = ("nik", "kk")  # intake fields searched by their digits
MIN_QUERY = 3
OPEN_STATES = (Case.State.BERJALAN, Case.State.MENUNGGU_PEMOHON)  # what the counter searches


def normalized(text: str) -> str:
    """Lower case, single spaces: "  SUMARNI   Rahayu" -> "sumarni rahayu"."""
    return " ".join(str(text or "").lower().split())


def digits(text: str) -> str:
    return re.sub(r"\D", "", str(text or ""))


def search_text(*, code: str, subject: str, intake: dict, definition) -> str:
    """What a search of this case may match: its code (with and without dashes), the applicant's
    name and the digits of each identity number of the intake."""
    numbers = [
        digits(intake.get(isian.kode, ""))
        for isian in definition.layanan.formulir
        if isian.jenis in IDENTITY_KINDS
    ]
    parts = [code.lower(), code.lower().replace("-", ""), normalized(subject), *numbers]
    return " ".join(part for part in parts if part)[:SEARCH_MAX]


def terms(query: str) -> list[str]:
    """The words a case must all contain; a number typed in groups ("3319 0452-…") is one term.
    Too short a query gives none (it would match everything)."""
    text = normalized(query)[:100]
    if re.fullmatch(r"[\d\s.\-]+", text):
        text = digits(text)
    words = text.split()
    return words if len("".join(words)) >= MIN_QUERY else []


SEARCH_LIMIT = 50  # rows of one search; a longer list asks for a narrower search


def found_cases(*, query: str, offices, mine) -> list[dict]:
    """Open and returned requests of these offices matching the query, newest first, each with
    the name as its viewer may read it (in full only in an office of theirs: `mine`) and where
    the request is now."""
    cases = (
        Case.objects.matching(terms(query))
        .filter(office__in=offices, state__in=OPEN_STATES)
        .select_related("office", "sop_version")
        .defer(*source_fields("sop_version"))
        .order_by("-opened_at", "-pk")[: SEARCH_LIMIT + 1]
    )
    cases = list(cases)
    records = StepRecord.objects.filter(case__in=cases, completed_at__isnull=True)
    open_steps = {record.case_id: record for record in records}
    return [_row(case, open_steps.get(case.pk), case.office in mine) for case in cases]


def _row(case, record, mine: bool) -> dict:
    number = identity_number(case)
    return {
        "case": case,
        "mine": mine,
        "name": case.subject if mine else shown_subject(case),
        "number": number if mine or not number else mask(number),
        "where": where(case, record),
    }


def identity_number(case) -> str:
    """The first identity number (NIK) of the intake, as typed."""
    kodes = [i.kode for i in case.sop_version.definition.layanan.formulir if i.jenis == "nik"]
    return next((str(case.intake[k]) for k in kodes if case.intake.get(k)), "")


def where(case, record) -> str:
    """Where a request is: back with its applicant, or at a step with one of its pelaksana."""
    if record is None:
        return "Menunggu pemohon datang kembali" if case.is_open else case.get_state_display()
    definition = case.sop_version.definition
    step = definition.step(record.step_no)
    names = {p.kode: p.nama for p in definition.pelaksana}
    kegiatan = step.kegiatan if step else ""
    return f"Langkah {record.step_no}: {kegiatan} — {names.get(record.pelaksana, '')}".strip(" —")
