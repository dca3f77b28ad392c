"""The expected contribution of one official for one month, from the dated rule."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from tertib.services.iuran.models import ContributionRule


class NoRule(LookupError):
    """No contribution rule is in force for the month."""


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
        raise NoRule(f"Belum ada aturan iuran yang berlaku untuk bulan {month:%m/%Y}.")
    return rule


def base_wage(siltap: int, rule: ContributionRule) -> int:
    """The wage counted: raised to the floor when one is set, then cut at the cap."""
    wage = max(siltap, rule.wage_floor or 0)
    return min(wage, rule.wage_cap)


def share(siltap: int, rule: ContributionRule) -> Share:
    """Each part rounded to whole rupiah (half up) on its own, as each is paid on its own."""
    base = base_wage(siltap, rule)
    employer = _percent(base, rule.employer_percent)
    employee = _percent(base, rule.employee_percent)
    billed = employer if rule.billed == ContributionRule.Billed.PEMDA else employer + employee
    return Share(base=base, employer=employer, employee=employee, billed=billed)


def _percent(amount: int, percent: Decimal) -> int:
    exact = Decimal(amount) * Decimal(percent) / Decimal(100)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
