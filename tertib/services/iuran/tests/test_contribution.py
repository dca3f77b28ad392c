import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tertib.services.iuran.contribution import NoRule, base_wage, rule_for, share
from tertib.services.iuran.models import ContributionRule


def make_rule(**fields) -> ContributionRule:
    """An unsaved rule with the defaults of the model, for pure arithmetic."""
    return ContributionRule(valid_from=datetime.date(2020, 7, 1), **fields)


def test_share_is_four_and_one_percent_of_siltap():
    result = share(3_000_000, make_rule())

    assert (result.base, result.employer, result.employee, result.total) == (
        3_000_000,
        120_000,
        30_000,
        150_000,
    )
    assert result.billed == 120_000


def test_wage_above_the_cap_is_not_counted():
    assert share(14_000_000, make_rule()).employer == 480_000


def test_floor_raises_a_low_siltap():
    rule = make_rule(wage_floor=2_516_888)

    result = share(1_500_000, rule)

    assert result.base == 2_516_888
    assert result.employer == 100_676  # 100 675,52 rounded half up
    assert result.employee == 25_169  # 25 168,88


def test_rounding_half_up_to_whole_rupiah():
    assert share(1_250_012, make_rule()).employer == 50_000  # 50 000,48
    assert share(1_250_013, make_rule()).employer == 50_001  # 50 000,52
    assert share(12_500, make_rule(employer_percent=Decimal("4"))).employer == 500


def test_billed_total_when_the_bill_carries_both_shares():
    assert share(3_000_000, make_rule(billed=ContributionRule.Billed.TOTAL)).billed == 150_000


@given(
    siltap=st.integers(min_value=0, max_value=100_000_000),
    floor=st.one_of(st.none(), st.integers(min_value=0, max_value=12_000_000)),
)
def test_share_properties(siltap, floor):
    rule = make_rule(wage_floor=floor)

    result = share(siltap, rule)

    assert result.base <= rule.wage_cap
    assert result.base >= min(floor or 0, rule.wage_cap)
    assert abs(result.employer - result.base * 4 / 100) <= 0.5
    assert abs(result.employee - result.base / 100) <= 0.5
    assert result.billed == result.employer
    assert base_wage(siltap, rule) == result.base


@given(siltap=st.integers(min_value=0, max_value=20_000_000))
def test_share_never_decreases_with_income(siltap):
    rule = make_rule()

    assert share(siltap + 1, rule).employer >= share(siltap, rule).employer


@pytest.mark.django_db
def test_dated_rule_applies_from_its_month_on():
    ContributionRule.objects.create(
        valid_from=datetime.date(2027, 1, 1), employer_percent=Decimal("4.5"), wage_cap=15_000_000
    )

    december, january = datetime.date(2026, 12, 1), datetime.date(2027, 1, 1)

    assert share(14_000_000, rule_for(december)).employer == 480_000
    assert share(14_000_000, rule_for(january)).employer == 630_000


@pytest.mark.django_db
def test_month_before_any_rule_is_refused():
    with pytest.raises(NoRule, match="Belum ada aturan iuran yang berlaku untuk bulan 01/2019"):
        rule_for(datetime.date(2019, 1, 15))
