import datetime

import pytest

from tertib.lib.officetime import OfficeCalendar
from tertib.services.iuran.deadlines import days_left, due_on, suspended_after

D = datetime.date


@pytest.mark.parametrize(
    ("month", "due"),
    [
        (D(2026, 11, 1), D(2026, 11, 10)),  # a Tuesday
        (D(2026, 10, 1), D(2026, 10, 12)),  # the 10th is a Saturday -> Monday
        (D(2027, 1, 1), D(2027, 1, 11)),  # Sunday -> Monday
        (D(2026, 5, 1), D(2026, 5, 11)),  # Sunday 10 May -> Monday 11 May
        (D(2025, 4, 1), D(2025, 4, 10)),  # a Thursday
    ],
)
def test_due_day_moves_to_the_next_working_day(month, due):
    assert due_on(month, calendar=OfficeCalendar(), due_day=10) == due


def test_due_day_skips_a_public_holiday():
    # Idulfitri 2027 falls on 10 and 11 March (the holidays package's dates; a Wednesday).
    assert due_on(D(2027, 3, 1), calendar=OfficeCalendar(), due_day=10) == D(2027, 3, 12)


def test_due_day_skips_cuti_bersama():
    calendar = OfficeCalendar(cuti_bersama=frozenset({D(2026, 11, 10)}))

    assert due_on(D(2026, 11, 1), calendar=calendar, due_day=10) == D(2026, 11, 11)


@pytest.mark.parametrize(
    ("month", "end"),
    [
        (D(2026, 2, 1), D(2026, 2, 28)),
        (D(2028, 2, 1), D(2028, 2, 29)),
        (D(2026, 12, 1), D(2026, 12, 31)),
        (D(2026, 4, 1), D(2026, 4, 30)),
    ],
)
def test_month_end_is_the_last_day(month, end):
    assert suspended_after(month) == end


def test_days_left_and_risk_over_the_month():
    due, end = D(2026, 11, 10), D(2026, 11, 30)

    def left(day):
        return days_left(due=due, month_end=end, today=day)

    assert (left(D(2026, 11, 2)).to_due, left(D(2026, 11, 2)).risk) == (8, "aman")
    assert (left(D(2026, 11, 8)).to_due, left(D(2026, 11, 8)).risk) == (2, "dekat")
    assert (left(D(2026, 11, 11)).to_due, left(D(2026, 11, 11)).risk) == (-1, "terlambat")
    assert (left(D(2026, 11, 30)).to_month_end, left(D(2026, 11, 30)).risk) == (0, "terlambat")
    assert (left(D(2026, 12, 1)).to_month_end, left(D(2026, 12, 1)).risk) == (-1, "lewat")
