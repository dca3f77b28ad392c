"""The expected contribution of one official for one month, from the dated rule."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from tertib.services.iuran.models import ContributionRule, Official


class NoRule(LookupError):
    """No contribution rule is in force for the month; the message says where to add one."""


@dataclass(frozen=True)
class Share:
    base: int  # the wage counted, after cap and floor
    employer: int  # paid by the Pemda through the APBD
    employee: int  # deducted from the official's siltap
    billed: int  # what the BPJS bill should carry for this person

    @property
    def total(self) -> int:
        return self.employer + self.employee


def rule_for(month: datetime.date) -> ContributionRule:
    """The rule in force on the first day of the billing month."""
    rule = ContributionRule.objects.filter(valid_from__lte=month.replace(day=1)).first()
    if rule is None:
        raise NoRule(
            f"Belum ada aturan iuran yang berlaku untuk bulan {month:%m/%Y}; tambahkan di "
            "Admin › Aturan iuran (/admin/iuran/contributionrule/)."
        )
    return rule


def pay_on(official: Official, day: datetime.date) -> tuple[int, int]:
    """Siltap and tunjangan of a term in force on a day: the latest pay change by then, else
    the term's own (uses prefetched pay_changes when there are)."""
    changes = [c for c in official.pay_changes.all() if c.valid_from <= day]
    latest = max(changes, key=lambda c: c.valid_from, default=None)
    return (latest.siltap, latest.tunjangan) if latest else (official.siltap, official.tunjangan)


def reference_day(official: Official, month: datetime.date, rule: ContributionRule):
    """The day whose pay counts for the month, or None when the month does not count the term.

    A term held on the 1st counts with the pay of the 1st. A term starting later in the month
    counts, with its first day's pay, only when the rule says part months count in full.
    """
    if official.starts_on <= month:
        return month
    if rule.part_month == ContributionRule.PartMonth.PENUH:
        return official.starts_on
    return None


def base_wage(siltap: int, rule: ContributionRule, tunjangan: int = 0) -> int:
    """The wage counted: raised to the floor when one is set, then cut at the cap."""
    wage = max(siltap + (tunjangan if rule.counts_tunjangan else 0), rule.wage_floor or 0)
    return min(wage, rule.wage_cap)


def share(siltap: int, rule: ContributionRule, tunjangan: int = 0) -> Share:
    """Each part rounded to whole rupiah (half up) on its own, as each is paid on its own."""
    base = base_wage(siltap, rule, tunjangan)
    employer = _percent(base, rule.employer_percent)
    employee = _percent(base, rule.employee_percent)
    billed = employer if rule.billed == ContributionRule.Billed.PEMDA else employer + employee
    return Share(base=base, employer=employer, employee=employee, billed=billed)


def _percent(amount: int, percent: Decimal) -> int:
    exact = Decimal(amount) * Decimal(percent) / Decimal(100)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def truncated(amount: int, percent: Decimal) -> int:
    """A share rounded down, the way BPJS computes its bill."""
    return int(Decimal(amount) * Decimal(percent) / Decimal(100))
