"""The SKM arithmetic of Permenpan RB 14/2017: a worked example, then properties."""

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tertib.citizen.skm import (
    ELEMENTS,
    GradeTable,
    decimal_text,
    ikm,
    minimum_sample,
    nrr,
    table_on,
)

# Four questionnaires, unsur 1 to 9 (worked by hand below).
WORKED = [
    [4, 4, 3, 4, 3, 3, 4, 3, 3],
    [3, 3, 2, 4, 3, 3, 3, 2, 3],
    [3, 4, 3, 4, 4, 3, 4, 3, 2],
    [2, 3, 2, 4, 3, 4, 3, 2, 3],
]
# NRR: 12/4, 14/4, 10/4, 16/4, 13/4, 13/4, 14/4, 10/4, 11/4
#    = 3.00, 3.50, 2.50, 4.00, 3.25, 3.25, 3.50, 2.50, 2.75; sum 28.25
# IKM = 28.25 / 9 × 25 = 78.4722… -> 78.47, grade B (Baik).
TABLE_2017 = GradeTable(
    datetime.date(2017, 1, 1), Decimal("88.31"), Decimal("76.61"), Decimal("65.00")
)


def nrrs_of(questionnaires: list[list[int]]) -> list[Fraction]:
    columns = list(zip(*questionnaires, strict=True))
    return [nrr(sum(column), len(column)) for column in columns]


def test_worked_example_element_averages_index_and_grade():
    nrrs = nrrs_of(WORKED)

    assert [decimal_text(value) for value in nrrs] == [
        "3,00", "3,50", "2,50", "4,00", "3,25", "3,25", "3,50", "2,50", "2,75",
    ]  # fmt: skip
    assert ikm(nrrs) == Decimal("78.47")
    assert str(TABLE_2017.grade(ikm(nrrs))) == "B (Baik)"


def test_ikm_needs_all_nine_elements():
    with pytest.raises(ValueError, match="kesembilan unsur"):
        ikm([Fraction(4)] * 8)


@pytest.mark.parametrize(
    ("value", "letter"),
    [
        ("100.00", "A"),
        ("88.31", "A"),
        ("88.30", "B"),
        ("76.61", "B"),
        ("76.60", "C"),
        ("65.00", "C"),
        ("64.99", "D"),
        ("25.00", "D"),
    ],
)
def test_grade_bounds_of_the_regulation(value, letter):
    assert TABLE_2017.grade(Decimal(value)).letter == letter


def test_grade_intervals_as_printed():
    assert [TABLE_2017.interval(letter) for letter in "ABCD"] == [
        "88,31 – 100,00",
        "76,61 – 88,30",
        "65,00 – 76,60",
        "25,00 – 64,99",
    ]


def test_grade_table_in_force_is_the_latest_valid_on_the_day():
    newer = GradeTable(datetime.date(2027, 1, 1), Decimal("90"), Decimal("80"), Decimal("70"))
    tables = [TABLE_2017, newer]

    assert table_on(tables, datetime.date(2026, 12, 31)) == TABLE_2017
    assert table_on(tables, datetime.date(2027, 1, 1)) == newer
    with pytest.raises(ValueError, match="Tidak ada tabel mutu IKM"):
        table_on(tables, datetime.date(2016, 12, 31))


@pytest.mark.parametrize(
    ("population", "sample"),
    [(0, 0), (7, 7), (10, 10), (11, 11), (100, 80), (101, 86), (200, 132), (500, 217),
     (1000, 278), (2000, 322), (5000, 357), (10000, 370), (100000, 384), (870000, 384)],
)  # fmt: skip
def test_krejcie_morgan_minimum_sample(population, sample):
    assert minimum_sample(population) == sample


questionnaire = st.lists(st.integers(1, 4), min_size=len(ELEMENTS), max_size=len(ELEMENTS))


@given(st.lists(questionnaire, min_size=1, max_size=60))
def test_ikm_stays_between_25_and_100(questionnaires):
    value = ikm(nrrs_of(questionnaires))

    assert Decimal("25.00") <= value <= Decimal("100.00")
    assert value == value.quantize(Decimal("0.01"))


@given(st.lists(questionnaire, min_size=1, max_size=30), st.integers(0, 8))
def test_a_better_answer_never_lowers_the_index(questionnaires, element):
    before = ikm(nrrs_of(questionnaires))
    improved = [list(q) for q in questionnaires]
    improved[0][element] = min(4, improved[0][element] + 1)

    assert ikm(nrrs_of(improved)) >= before


@given(
    st.decimals(min_value=25, max_value=100, places=2),
    st.decimals(min_value=25, max_value=100, places=2),
)
def test_a_higher_index_never_has_a_worse_grade(low, high):
    low, high = sorted((low, high))

    assert TABLE_2017.grade(high).letter <= TABLE_2017.grade(low).letter


@given(st.integers(1, 4))
def test_everyone_giving_the_same_answer_gives_its_quarter_scale(answer):
    assert ikm(nrrs_of([[answer] * 9] * 3)) == Decimal(answer * 25).quantize(Decimal("0.01"))


@given(st.integers(0, 2_000_000), st.integers(0, 2_000_000))
def test_minimum_sample_never_exceeds_the_population_and_grows_with_it(a, b):
    small, large = sorted((a, b))

    assert minimum_sample(small) <= min(small, 384)
    assert minimum_sample(small) <= minimum_sample(large)
