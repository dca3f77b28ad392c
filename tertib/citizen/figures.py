"""IKM figures of an office over a period, per SOP and for the office as a whole.

One grouped query reads the answers (through the office's answered_at index), one counts the
requests served in the period, the population the sample is measured against.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.db.models import Count, Sum

from tertib.cases.models import Case
from tertib.citizen.models import SurveyResponse
from tertib.citizen.skm import (
    ELEMENTS,
    Element,
    Grade,
    GradeTable,
    decimal_text,
    ikm,
    minimum_sample,
    rounded,
    table_on,
)
from tertib.citizen.survey import SERVED
from tertib.org.models import Office
from tertib.reports.figures import Period
from tertib.sop.models import Sop

WEAKEST = 3  # elements named as the weakest on reports and the monitoring form


def grade_tables() -> list[GradeTable]:
    """The dated grade tables of the settings."""
    return [
        GradeTable(
            valid_from=datetime.date.fromisoformat(row["berlaku"]),
            a=Decimal(row["A"]),
            b=Decimal(row["B"]),
            c=Decimal(row["C"]),
        )
        for row in settings.SKM_GRADE_TABLES
    ]


@dataclass
class ElementFigure:
    element: Element
    total: int = 0
    count: int = 0

    @property
    def nrr(self) -> Fraction | None:
        return Fraction(self.total, self.count) if self.count else None

    @property
    def nrr_text(self) -> str:
        return decimal_text(self.nrr)

    @property
    def score(self) -> Decimal | None:
        """The element's NRR on the IKM's 25–100 scale."""
        return rounded(self.nrr * 25) if self.count else None

    @property
    def score_text(self) -> str:
        return decimal_text(self.score)


@dataclass
class IkmFigure:
    """The survey of one SOP (or of the whole office when sop is None) over one period."""

    period: Period
    table: GradeTable
    name: str
    sop: Sop | None = None
    respondents: int = 0
    population: int = 0  # requests served in the period
    elements: list[ElementFigure] = field(default_factory=list)

    def __post_init__(self):
        if not self.elements:
            self.elements = [ElementFigure(e) for e in ELEMENTS]

    @property
    def ikm(self) -> Decimal | None:
        return ikm([e.nrr for e in self.elements]) if self.respondents else None

    @property
    def ikm_text(self) -> str:
        return decimal_text(self.ikm)

    @property
    def grade(self) -> Grade | None:
        return self.table.grade(self.ikm) if self.respondents else None

    @property
    def minimum_sample(self) -> int:
        return minimum_sample(self.population)

    @property
    def enough(self) -> bool:
        return self.respondents >= self.minimum_sample

    @property
    def weakest(self) -> list[ElementFigure]:
        """The elements from the lowest NRR up (ties in the regulation's order)."""
        answered = [e for e in self.elements if e.count]
        return sorted(answered, key=lambda e: (e.nrr, e.element.no))

    @property
    def waktu(self) -> ElementFigure:
        return self.elements[2]  # unsur 3, waktu penyelesaian

    def add(self, count: int, totals: list[int]) -> None:
        self.respondents += count
        for element, total in zip(self.elements, totals, strict=True):
            element.total += total
            element.count += count


@dataclass
class OfficeIkm:
    office: Office
    period: Period
    total: IkmFigure
    sops: list[IkmFigure]

    def of(self, sop: Sop) -> IkmFigure:
        return next((f for f in self.sops if f.sop == sop), self._empty(sop))

    def _empty(self, sop: Sop) -> IkmFigure:
        return IkmFigure(self.period, self.total.table, sop.kode, sop)


def office_ikm(office: Office, period: Period) -> OfficeIkm:
    """The IKM of each of the office's SOPs with answers or served requests, and of the office."""
    table = table_on(grade_tables(), period.end)
    lo, hi = period.bounds()
    total = IkmFigure(period, table, office.name)
    sops = {sop.pk: IkmFigure(period, table, _name(sop), sop) for sop in _sops(office)}
    for row in _answers(office, lo, hi):
        figure = sops.setdefault(row["sop_id"], IkmFigure(period, table, "(layanan lain)", None))
        totals = [row[f"s{e.no}"] for e in ELEMENTS]
        figure.add(row["n"], totals)
        total.add(row["n"], totals)
    for sop_id, count in _served(office, lo, hi):
        if sop_id in sops:
            sops[sop_id].population += count
            total.population += count
    return OfficeIkm(office, period, total, sorted(sops.values(), key=lambda f: f.name))


def _sops(office: Office):
    return (
        Sop.objects.filter(office_slug=office.slug)
        .select_related("current_version")
        .defer("current_version__source_text", "current_version__logo")
    )


def _name(sop: Sop) -> str:
    return sop.current_version.definition.nama


def _answers(office: Office, lo, hi):
    sums = {f"s{e.no}": Sum(f"u{e.no}") for e in ELEMENTS}
    return (
        SurveyResponse.objects.filter(office=office, answered_at__gte=lo, answered_at__lt=hi)
        .values("sop_id")
        .annotate(n=Count("pk"), **sums)
        .order_by()
    )


def _served(office: Office, lo, hi) -> list[tuple[int, int]]:
    return list(
        Case.objects.filter(office=office, closed_at__gte=lo, closed_at__lt=hi, state__in=SERVED)
        .values_list("sop_version__sop_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
