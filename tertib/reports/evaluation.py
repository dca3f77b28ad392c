"""The yearly evaluation of an SOP: each criterion with the facts that inform it, and new mutu
baku times proposed from what was observed, which open a draft of the next version."""

import datetime
import math
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tertib.cases.audit import record_event
from tertib.cases.clock import calendar
from tertib.lib.durations import Waktu, minutes_text
from tertib.lib.officetime import waktu_minutes
from tertib.lib.stats import percent_text
from tertib.org.models import Office
from tertib.reports.figures import OfficeFigures, Period, SopFigure, office_figures
from tertib.reports.models import ReportAction, SopDraft
from tertib.reports.monitoring import assessor_title
from tertib.sop.loading import load_text
from tertib.sop.models import Sop
from tertib.sop.validation import Problem, check_text
from tertib.sop.yamlsource import read_source

DRAFT_MAX = 200_000  # an SOP file is a few thousand characters


class DraftError(Exception):
    """The draft cannot be loaded; the problems say where, in Indonesian."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def _late_steps(figure: SopFigure) -> str:
    per_day = calendar().minutes_per_day()
    late = [s for s in figure.ordered_steps if s.count and s.ratio > 1]
    if not late:
        return "Tidak ada langkah yang p90-nya melewati mutu baku."
    return "; ".join(
        f"Langkah {s.step_no} ({s.pelaksana}): p90 {minutes_text(s.total_p90, per_day)} "
        f"terhadap mutu baku {minutes_text(s.mutu_baku, per_day)}"
        for s in late
    )


def _officials(figures: OfficeFigures) -> str:
    if not figures.officials:
        return "Belum ada langkah yang diselesaikan."
    names = ", ".join(f"{o.name} ({o.count} langkah)" for o in figures.officials[:6])
    return f"Langkah diselesaikan oleh {len(figures.officials)} pejabat: {names}."


FACTS = {
    "volume": lambda f, o: (
        f"{f.started} permohonan masuk, {f.finished} selesai, {f.open_now} masih berjalan."
    ),
    "dalam_mutu_baku": lambda f, o: (
        f"{percent_text(f.share_within)} dari {len(f.case_totals)} "
        f"permohonan selesai dalam mutu baku total."
    ),
    "dikembalikan": lambda f, o: (
        f"Dikembalikan {f.returned} kali dari {f.started} permohonan masuk."
    ),
    "ditolak": lambda f, o: (
        f"Ditolak {f.rejected}, dibatalkan {f.cancelled} dari {f.started} permohonan masuk."
    ),
    "langkah_terlambat": lambda f, o: _late_steps(f),
    "pelaksana": lambda f, o: _officials(o),
}


def criteria(figure: SopFigure, figures: OfficeFigures) -> list[dict]:
    """The criteria list of the settings, each with the facts that inform it."""
    return [
        {
            "teks": item["teks"],
            "fakta": [FACTS[key](figure, figures) for key in item.get("fakta", []) if key in FACTS],
        }
        for item in settings.EVALUATION_CRITERIA
    ]


@dataclass
class TimeProposal:
    step_no: int
    kegiatan: str
    current: Waktu
    observed_p90: int
    count: int
    proposed: Waktu | None


def proposed_times(figure: SopFigure) -> list[TimeProposal]:
    """For each step, the time observed (p90 over its pelaksana) and, where the mutu baku is
    far from it, a new time in the step's own unit."""
    definition = figure.sop.current_version.definition
    proposals = []
    for step in definition.langkah:
        parts = [figure.steps[(step.no, i)] for i in range(len(step.pelaksana))]
        count = min(p.count for p in parts)
        if not count:
            continue
        observed = sum(p.total_p90 for p in parts)
        current = step.mutu_baku.parsed_waktu
        standard = waktu_minutes(current.amount, current.unit, calendar())
        revise = count >= settings.EVALUATION_MIN_OBSERVATIONS and (
            observed > standard or observed * 2 < standard
        )
        proposed = _rounded(observed, current.unit) if revise else None
        if proposed == current:
            proposed = None
        proposals.append(TimeProposal(step.no, step.kegiatan, current, observed, count, proposed))
    return proposals


def _rounded(minutes: int, unit: str) -> Waktu:
    """A time people write, in the unit the SOP used, never below what was observed."""
    per_unit = waktu_minutes(1, unit, calendar())
    amount = max(1, math.ceil(minutes / per_unit))
    if unit == "menit" and amount > 10:
        amount = 5 * math.ceil(amount / 5)
    return Waktu(amount, unit)


def revised_text(text: str, changes: dict[int, Waktu]) -> str:
    """The SOP file with the waktu of the steps changed, comments and layout kept."""
    source = read_source(text)
    lines = text.splitlines(keepends=True)
    steps = source.data["langkah"]
    for index, step in enumerate(steps):
        if step.get("no") not in changes:
            continue
        line = source.line_of(("langkah", index, "mutu_baku", "waktu"))
        lines[line - 1] = re.sub(
            r"(waktu:\s*)([^,}\n#]*[^,}\n#\s])",
            lambda m, w=changes[step["no"]]: m.group(1) + str(w),
            lines[line - 1],
            count=1,
        )
    return "".join(lines)


@transaction.atomic
def open_draft(*, sop: Sop, actor, changes: dict[int, Waktu], reason: str) -> SopDraft:
    """A draft of the SOP's next version with the proposed times, for the office to edit."""
    require_editor(actor, sop)
    base = sop.current_version
    draft = SopDraft.objects.create(
        sop=sop,
        base_version=base,
        text=revised_text(base.source_text, changes),
        reason=reason,
        created_at=timezone.now(),
        created_by=actor,
    )
    record_event(
        case=None,
        actor=actor,
        action=ReportAction.BUKA_DRAF_SOP,
        at=draft.created_at,
        payload={
            "sop": sop.kode,
            "dari_versi": base.number,
            "waktu": {str(k): str(v) for k, v in changes.items()},
        },
    )
    return draft


def open_proposed_draft(*, sop: Sop, office: Office, year: int, actor) -> SopDraft:
    """The next version's draft with the times the year's figures propose, and why."""
    period = Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    figure = next((f for f in office_figures(office, period).sops if f.sop == sop), None)
    if figure is None:
        raise DraftError([Problem("draf", None, "sop", f"{sop.kode} bukan SOP kantor ini")])
    changes = {p.step_no: p.proposed for p in proposed_times(figure) if p.proposed is not None}
    return open_draft(sop=sop, actor=actor, changes=changes, reason=_reason(changes, year))


def _reason(changes: dict[int, Waktu], year: int) -> str:
    if not changes:
        return f"Evaluasi tahun {year}: mutu baku waktu tidak perlu diubah."
    steps = ", ".join(f"langkah {no} menjadi {waktu}" for no, waktu in sorted(changes.items()))
    return f"Evaluasi tahun {year}: mutu baku waktu diusulkan {steps}, dari waktu yang teramati."


def require_editor(actor, sop: Sop) -> None:
    """Drafts of an SOP are opened, edited and loaded by the assessor of its office."""
    office = Office.objects.filter(slug=sop.office_slug).first()
    if office is None or assessor_title(actor, office) is None:
        raise DraftError(
            [Problem("draf", None, "", "hanya penilai kantor pemilik SOP yang dapat mengubah draf")]
        )


def check_draft(text: str, sop: Sop):
    """The draft's text checked as its file would be: problems with their line numbers."""
    checked = check_text(text, file="draf", office_slug=sop.office_slug)
    problems = list(checked.problems)
    if checked.definition is not None and checked.definition.kode != sop.kode:
        problems.append(
            Problem(
                "draf", checked.source.line_of(("kode",)), "kode", f"kode harus tetap '{sop.kode}'"
            )
        )
    return checked, problems


@transaction.atomic
def save_draft(*, draft: SopDraft, actor, text: str) -> SopDraft:
    """Keep the edited text; a loaded draft is history and stays as it was."""
    draft = SopDraft.objects.select_for_update().select_related("sop").get(pk=draft.pk)
    require_editor(actor, draft.sop)
    if draft.loaded_version_id:
        raise DraftError([Problem("draf", None, "", "draf ini sudah dimuat sebagai versi baru")])
    if len(text) > DRAFT_MAX:
        raise DraftError([Problem("draf", None, "", f"paling banyak {DRAFT_MAX} karakter")])
    draft.text = text
    draft.save(update_fields=["text"])
    return draft


def load_draft(*, draft: SopDraft, actor, text: str) -> SopDraft:
    """Check the text and store it as the SOP's new current version (in the database only)."""
    require_editor(actor, draft.sop)
    checked, problems = check_draft(text, draft.sop)
    if problems:
        raise DraftError(problems)
    return _load(draft, actor, text)


@transaction.atomic
def _load(draft: SopDraft, actor, text: str) -> SopDraft:
    draft = save_draft(draft=draft, actor=actor, text=text)
    loaded = load_text(text, sop=draft.sop, actor=actor)
    if loaded.version is None:
        raise DraftError(loaded.problems)
    if loaded.older or not loaded.created:
        problem = f"isinya sama dengan {loaded.version}; tidak ada yang berubah"
        raise DraftError([Problem("draf", None, "", problem)])
    draft.loaded_version, draft.loaded_at = loaded.version, timezone.now()
    draft.save(update_fields=["loaded_version", "loaded_at"])
    record_event(
        case=None,
        actor=actor,
        action=ReportAction.MUAT_DRAF_SOP,
        at=draft.loaded_at,
        payload={"sop": draft.sop.kode, "versi": loaded.version.number},
    )
    return draft
