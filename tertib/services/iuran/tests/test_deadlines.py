import datetime
from pathlib import Path

import pytest
from django.conf import settings

from tertib.lib.officetime import OfficeCalendar
from tertib.services.iuran.deadlines import (
    days_left,
    due_on,
    iuran_calendar,
    limits,
    suspended_after,
)
from tertib.services.iuran.models import CutiBersama, YearEndClose

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


def test_days_left_and_risk_over_the_month(db):
    lim = limits(D(2026, 11, 1))

    def left(day):
        return days_left(lim, today=day)

    assert (left(D(2026, 11, 2)).to_due, left(D(2026, 11, 2)).risk) == (6, "aman")
    assert (left(D(2026, 11, 6)).to_due, left(D(2026, 11, 6)).risk) == (2, "dekat")
    assert (left(D(2026, 11, 11)).to_due, left(D(2026, 11, 11)).risk) == (-1, "terlambat")
    assert (left(D(2026, 11, 27)).to_spm_by, left(D(2026, 11, 27)).risk) == (-1, "kritis")
    assert (left(D(2026, 11, 30)).to_month_end, left(D(2026, 11, 30)).risk) == (0, "kritis")
    assert (left(D(2026, 12, 1)).to_month_end, left(D(2026, 12, 1)).risk) == (-1, "lewat")


def test_march_2025_last_working_day_is_the_27th(db):
    # 28 March cuti bersama (holidays, government category), 29 Nyepi, 30 Sunday, 31 Idulfitri.
    lim = limits(D(2025, 3, 1))

    left = days_left(lim, today=D(2025, 3, 27))

    assert (lim.last_working_day, lim.spm_by) == (D(2025, 3, 27), D(2025, 3, 25))
    assert (left.to_month_end, left.to_spm_by, left.risk) == (0, -2, "kritis")


def test_april_2024_due_day_skips_idulfitri_and_its_cuti_bersama(db):
    # 10-11 April Idulfitri, 12 and 15 cuti bersama, 13-14 the weekend.
    assert limits(D(2024, 4, 1)).due == D(2024, 4, 16)


def test_may_2025_due_day_and_month_end(db):
    # 10-11 May weekend, 12 Waisak, 13 cuti bersama; 29 Kenaikan, 30 cuti bersama.
    lim = limits(D(2025, 5, 1))

    assert (lim.due, lim.last_working_day, lim.spm_by) == (
        D(2025, 5, 14),
        D(2025, 5, 28),
        D(2025, 5, 26),
    )


def test_may_2026_spm_day_skips_iduladha_and_its_cuti_bersama(db):
    lim = limits(D(2026, 5, 1))

    assert (lim.due, lim.last_working_day, lim.spm_by) == (
        D(2026, 5, 11),
        D(2026, 5, 29),
        D(2026, 5, 25),
    )


def test_december_takes_the_year_end_close(db):
    plain = limits(D(2026, 12, 1))
    YearEndClose.objects.create(year=2026, last_sp2d_on=D(2026, 12, 19))  # a Saturday

    closed = limits(D(2026, 12, 1))

    assert (plain.last_working_day, plain.spm_by) == (D(2026, 12, 31), D(2026, 12, 29))
    assert (closed.last_working_day, closed.spm_by) == (D(2026, 12, 18), D(2026, 12, 16))


def test_cuti_bersama_added_in_the_admin_table_counts(db):
    CutiBersama.objects.create(day=D(2026, 11, 10), name="Cuti bersama daerah")

    assert limits(D(2026, 11, 1)).due == D(2026, 11, 11)


def test_sp2d_lead_time_is_a_setting(db, settings):
    settings.IURAN_SP2D_LEAD_DAYS = 4

    assert limits(D(2026, 11, 1)).spm_by == D(2026, 11, 24)


def test_iuran_calendar_has_the_packages_cuti_bersama(db):
    calendar = iuran_calendar()

    assert not calendar.is_working_day(D(2024, 4, 12))
    assert not calendar.is_working_day(D(2026, 12, 24))
    assert calendar.is_working_day(D(2026, 12, 23))


@pytest.mark.parametrize("risk", ["dekat", "terlambat", "kritis", "lewat"])
def test_every_risk_of_a_bill_has_its_colour(risk):
    """A bill past its SPM day ("kritis", 16 days after the due date) once showed grey."""
    css = (Path(settings.BASE_DIR) / "static" / "css" / "tertib.css").read_text()

    assert f".limit.risk-{risk}" in css and f".badge.risk-{risk}" in css
