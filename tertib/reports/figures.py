"""What an office's SOP work looked like over a period, from its step records.

Every duration is in office minutes, as the engine stored it when the step was finished, so a
weekend or a holiday between two steps never counts. Each query is bounded by an index on
(office, time), never by the size of the tables: a province's years of history cost the same
as one semester's.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.auth import get_user_model
from django.db.models import Count, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from tertib.cases.clock import mutu_baku_minutes, total_mutu_baku_minutes
from tertib.cases.models import Case, Outcome, StepRecord
from tertib.lib.dates import tanggal
from tertib.lib.stats import median, percentile, share
from tertib.org.models import Office
from tertib.sop.models import Sop, SopVersion

NOT_WORK = {Outcome.DIBATALKAN}  # a cancelled case closes its open step; nobody handled it


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """Aware local midnights: the first day's start and the day after the last."""
        zone = timezone.get_current_timezone()
        lo = datetime.datetime.combine(self.start, datetime.time(), tzinfo=zone)
        hi = datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time())
        return lo, hi.replace(tzinfo=zone)

    def __str__(self) -> str:
        return f"{tanggal(self.start)} s.d. {tanggal(self.end)}"

    @property
    def title(self) -> str:
        """ "Semester II 2026 (1 Juli 2026 s.d. 31 Desember 2026)", or just the dates."""
        return str(self) if self.name == str(self) else f"{self.name} ({self})"

    @property
    def name(self) -> str:
        """ "Semester II 2026" when the period is one, else the dates."""
        for half in (1, 2):
            if self == semester(self.start.year, half):
                return f"Semester {'I' * half} {self.start.year}"
        return str(self)


def semester(year: int, half: int) -> Period:
    if half == 1:
        return Period(datetime.date(year, 1, 1), datetime.date(year, 6, 30))
    return Period(datetime.date(year, 7, 1), datetime.date(year, 12, 31))


def semester_of(day: datetime.date) -> Period:
    return semester(day.year, 1 if day.month <= 6 else 2)


@dataclass
class StepFigure:
    """One pelaksana's part of one step: its standard and what the records show. The
    statistics are computed once, when first read after the records are counted."""

    step_no: int
    stage: int
    pelaksana: str
    kegiatan: str
    mutu_baku: int
    waits: list[int] = field(default_factory=list)
    handles: list[int] = field(default_factory=list)
    totals: list[int] = field(default_factory=list)
    within: int = 0
    open_now: int = 0
    late_now: int = 0

    @property
    def count(self) -> int:
        return len(self.totals)

    @cached_property
    def waiting_median(self):
        return median(self.waits)

    @cached_property
    def waiting_p90(self):
        return percentile(self.waits, 90)

    @cached_property
    def handling_median(self):
        return median(self.handles)

    @cached_property
    def handling_p90(self):
        return percentile(self.handles, 90)

    @cached_property
    def total_median(self):
        return median(self.totals)

    @cached_property
    def total_p90(self):
        return percentile(self.totals, 90)

    @property
    def share_within(self):
        return share(self.within, self.count)

    @cached_property
    def ratio(self) -> float | None:
        """p90 of waiting plus handling time over the mutu baku."""
        return self.total_p90 / self.mutu_baku if self.count else None

    @property
    def label(self) -> str:
        return f"Langkah {self.step_no} · {self.pelaksana}"


@dataclass
class SopFigure:
    sop: Sop
    name: str
    total_mutu_baku: int
    steps: dict[tuple[int, int], StepFigure] = field(default_factory=dict)
    started: int = 0
    finished: int = 0
    rejected: int = 0
    cancelled: int = 0
    returned: int = 0
    open_now: int = 0
    case_totals: list[int] = field(default_factory=list)
    cases_within: int = 0

    @property
    def share_within(self):
        return share(self.cases_within, len(self.case_totals))

    @property
    def late_now(self) -> int:
        return sum(step.late_now for step in self.steps.values())

    @property
    def ordered_steps(self) -> list[StepFigure]:
        return [self.steps[key] for key in sorted(self.steps)]

    @property
    def has_steps_done(self) -> bool:
        return any(step.count for step in self.steps.values())

    @cached_property
    def bottleneck(self) -> StepFigure | None:
        """The step whose p90 overshoots its mutu baku the most; None when none does."""
        late = [s for s in self.steps.values() if s.count and s.ratio > 1]
        return max(late, key=lambda s: (s.ratio, s.total_p90), default=None)


@dataclass
class OfficialFigure:
    name: str
    handles: list[int] = field(default_factory=list)
    within: int = 0

    @property
    def count(self) -> int:
        return len(self.handles)

    @cached_property
    def handling_median(self):
        return median(self.handles)

    @property
    def share_within(self):
        return share(self.within, self.count)


@dataclass
class WeekFigure:
    start: datetime.date
    started: int = 0
    finished: int = 0


@dataclass
class OfficeFigures:
    office: Office
    period: Period
    sops: list[SopFigure]
    weeks: list[WeekFigure]
    officials: list[OfficialFigure]

    def total(self, name: str) -> int:
        return sum(getattr(sop, name) for sop in self.sops)


class _Sops:
    """The office's SOPs by version id, made as the figures meet them."""

    def __init__(self, office: Office):
        self.by_sop: dict[int, SopFigure] = {}
        self.version_sop: dict[int, int] = {}
        for sop in _sops_with_versions().filter(office_slug=office.slug):
            self._add(sop)

    def _add(self, sop: Sop) -> None:
        definition = sop.current_version.definition
        figure = SopFigure(
            sop=sop,
            name=definition.nama,
            total_mutu_baku=total_mutu_baku_minutes(definition.langkah),
        )
        names = {p.kode: p.nama for p in definition.pelaksana}
        for step in definition.langkah:
            for stage, kode in enumerate(step.pelaksana):
                figure.steps[(step.no, stage)] = StepFigure(
                    step_no=step.no,
                    stage=stage,
                    pelaksana=names.get(kode, kode),
                    kegiatan=step.kegiatan,
                    mutu_baku=mutu_baku_minutes(
                        step.mutu_baku.parsed_waktu, len(step.pelaksana), stage
                    ),
                )
        self.by_sop[sop.pk] = figure

    def of_versions(self, ids: set[int]) -> None:
        missing = ids - self.version_sop.keys()
        if not missing:
            return
        pairs = dict(SopVersion.objects.filter(pk__in=missing).values_list("pk", "sop_id"))
        for sop in _sops_with_versions().filter(pk__in=set(pairs.values()) - self.by_sop.keys()):
            self._add(sop)
        self.version_sop.update(pairs)

    def get(self, version_id: int) -> SopFigure:
        return self.by_sop[self.version_sop[version_id]]

    def step(self, version_id: int, step_no: int, stage: int, kode: str, mutu_baku: int):
        """The step's figure; a step only an older version had gets its own row."""
        steps = self.get(version_id).steps
        if (step_no, stage) not in steps:
            steps[(step_no, stage)] = StepFigure(step_no, stage, kode, "(versi lama)", mutu_baku)
        return steps[(step_no, stage)]


def office_figures(
    office: Office, period: Period, *, now: datetime.datetime | None = None
) -> OfficeFigures:
    """The dashboard of one office for one period; "now" figures are at the moment given."""
    sops, weeks = _Sops(office), _weeks(period)
    lo, hi = period.bounds()
    _count_cases(office, lo, hi, sops, weeks)
    officials = _count_records(office, lo, hi, sops)
    _count_case_totals(office, lo, hi, sops)
    _count_open(office, now or timezone.now(), sops)
    ordered = sorted(sops.by_sop.values(), key=lambda s: s.sop.kode)
    return OfficeFigures(office, period, ordered, list(weeks.values()), officials)


def _weeks(period: Period) -> dict[datetime.date, WeekFigure]:
    monday = period.start - datetime.timedelta(days=period.start.weekday())
    weeks = {}
    while monday <= period.end:
        weeks[monday] = WeekFigure(monday)
        monday += datetime.timedelta(days=7)
    return weeks


def _monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _count_cases(office, lo, hi, sops: _Sops, weeks) -> None:
    """Cases opened and closed in the period, counted by the database per SOP version and day
    (the local day: TruncDate uses the current time zone)."""
    started = (
        Case.objects.filter(office=office, opened_at__gte=lo, opened_at__lt=hi)
        .annotate(day=TruncDate("opened_at"))
        .values_list("sop_version_id", "day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    closed = (
        Case.objects.filter(office=office, closed_at__gte=lo, closed_at__lt=hi)
        .annotate(day=TruncDate("closed_at"))
        .values_list("sop_version_id", "state", "day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    started, closed = list(started), list(closed)
    sops.of_versions({row[0] for row in started + closed})
    for version_id, day, count in started:
        sops.get(version_id).started += count
        weeks[_monday(day)].started += count
    counters = {"selesai": "finished", "ditolak": "rejected", "dibatalkan": "cancelled"}
    for version_id, state, day, count in closed:
        figure = sops.get(version_id)
        setattr(figure, counters[state], getattr(figure, counters[state]) + count)
        if state == Case.State.SELESAI:
            weeks[_monday(day)].finished += count


def _count_records(office, lo, hi, sops: _Sops) -> list[OfficialFigure]:
    """Steps finished in the period, per SOP step and per official. Minutes are small whole
    numbers, so the database returns each distinct combination once with how many times it
    occurred: a few hundred rows for thousands of steps."""
    rows = list(
        StepRecord.objects.filter(office=office, completed_at__gte=lo, completed_at__lt=hi)
        .exclude(outcome__in=NOT_WORK)
        .values_list(
            "sop_version_id",
            "step_no",
            "stage",
            "pelaksana",
            "mutu_baku_minutes",
            "waiting_minutes",
            "handling_minutes",
            "outcome",
            "completed_by_id",
        )
        .annotate(n=Count("*"))
        .order_by()
    )
    sops.of_versions({row[0] for row in rows})
    people: dict[int, OfficialFigure] = defaultdict(lambda: OfficialFigure(""))
    for version_id, step_no, stage, kode, standard, wait, handle, outcome, by, n in rows:
        step = sops.step(version_id, step_no, stage, kode, standard)
        within = wait + handle <= standard
        step.waits += [wait] * n
        step.handles += [handle] * n
        step.totals += [wait + handle] * n
        step.within += within * n
        person = people[by]
        person.handles += [handle] * n
        person.within += within * n
        if outcome == Outcome.TIDAK:
            sops.get(version_id).returned += n
    return _named(people)


def _named(people: dict[int, OfficialFigure]) -> list[OfficialFigure]:
    for user in get_user_model().objects.filter(pk__in=people):
        people[user.pk].name = user.get_full_name() or user.username
    return sorted(people.values(), key=lambda person: (-person.count, person.name))


def _count_case_totals(office, lo, hi, sops: _Sops) -> None:
    """Each case finished in the period against its version's total mutu baku."""
    rows = (
        StepRecord.objects.filter(
            case__office=office,
            case__state=Case.State.SELESAI,
            case__closed_at__gte=lo,
            case__closed_at__lt=hi,
        )
        .values("case_id", "case__sop_version_id")
        .annotate(waiting=Sum("waiting_minutes"), handling=Sum("handling_minutes"))
        .order_by()
    )
    limits: dict[int, int] = {}
    for row in rows:
        version_id = row["case__sop_version_id"]
        if version_id not in limits:
            limits[version_id] = _version_total(version_id)
        figure = sops.get(version_id)
        total = (row["waiting"] or 0) + (row["handling"] or 0)
        figure.case_totals.append(total)
        figure.cases_within += total <= limits[version_id]


def _sops_with_versions():
    """SOPs with their current version, without the stored file and logo the figures never
    read (a version's definition is parsed once per process from its data)."""
    return Sop.objects.select_related("current_version").defer(
        "current_version__source_text", "current_version__logo", "current_version__data"
    )


def _version_total(version_id: int) -> int:
    definition = SopVersion.objects.only("content_hash").get(pk=version_id).definition
    return total_mutu_baku_minutes(definition.langkah)


def _count_open(office, now: datetime.datetime, sops: _Sops) -> None:
    """What is open at this moment: cases per SOP, and each waiting step, late or not."""
    open_states = [Case.State.BERJALAN, Case.State.MENUNGGU_PEMOHON]
    cases = list(
        Case.objects.filter(office=office, state__in=open_states)
        .values("sop_version_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    records = list(
        StepRecord.objects.filter(
            office=office, completed_at__isnull=True, case__state=Case.State.BERJALAN
        )
        .values_list(
            "sop_version_id",
            "step_no",
            "stage",
            "pelaksana",
            "mutu_baku_minutes",
            "due_at",
        )
        .order_by()
    )
    sops.of_versions({row["sop_version_id"] for row in cases} | {row[0] for row in records})
    for row in cases:
        sops.get(row["sop_version_id"]).open_now += row["n"]
    for version_id, step_no, stage, kode, standard, due in records:
        step = sops.step(version_id, step_no, stage, kode, standard)
        step.open_now += 1
        step.late_now += due is not None and now > due
