import datetime as dt

import pytest

from tertib.lib.officetime import DEFAULT_HOURS, OfficeCalendar, parse_hours, waktu_minutes

CAL = OfficeCalendar(cuti_bersama=frozenset({dt.date(2026, 3, 20), dt.date(2026, 3, 23)}))


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute)


def test_minutes_inside_one_morning():
    assert CAL.office_minutes(at(23, 8, 0), at(23, 8, 15)) == 15  # Monday


def test_lunch_break_does_not_count():
    assert CAL.office_minutes(at(23, 11, 50), at(23, 13, 10)) == 20


def test_overnight_counts_only_office_hours():
    # Thursday 15:50 -> Friday 07:40: 10 minutes on Thursday, 10 on Friday.
    assert CAL.office_minutes(at(26, 15, 50), at(27, 7, 40)) == 20


def test_friday_prayer_break_and_weekend_do_not_count():
    # Friday 11:20 -> Monday 07:35: 10 minutes before the break, 210 after it, 5 on Monday.
    assert CAL.office_minutes(at(27, 11, 20), at(30, 7, 35)) == 10 + 210 + 5


def test_public_holiday_does_not_count():
    # Independence Day, Monday 17 August 2026: from Friday 16:00 to Tuesday 07:40.
    assert CAL.office_minutes(at(14, 16, 0, month=8), at(18, 7, 40, month=8)) == 30 + 10


def test_cuti_bersama_does_not_count():
    assert not CAL.is_working_day(dt.date(2026, 3, 20))
    assert CAL.office_minutes(at(20, 8, 0, month=3), at(20, 10, 0, month=3)) == 0


def test_end_before_start_is_zero():
    assert CAL.office_minutes(at(23, 10), at(23, 9)) == 0


def test_next_working_day_skips_weekend_and_holidays():
    assert CAL.next_working_day(dt.date(2026, 8, 15)) == dt.date(2026, 8, 18)
    assert CAL.next_working_day(dt.date(2026, 11, 23)) == dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("amount", "unit", "minutes"),
    [(5, "menit", 5), (2, "jam", 120), (1, "hari", 450), (2, "hari kerja", 900)],
)
def test_waktu_minutes(amount, unit, minutes):
    assert waktu_minutes(amount, unit, CAL) == minutes


def test_add_office_minutes_skips_lunch_and_weekend():
    assert CAL.add_office_minutes(at(23, 11, 50), 15) == at(23, 13, 5)
    assert CAL.add_office_minutes(at(27, 16, 20), 20) == at(30, 7, 40)
    assert CAL.add_office_minutes(at(28, 9, 0), 0) == at(30, 7, 30)


def test_parse_hours_reads_the_default_week():
    text = "1-4=07:30-12:00,13:00-16:00; 5=07:30-11:30,13:00-16:30"

    assert parse_hours(text) == DEFAULT_HOURS


def test_parse_hours_saturday_office():
    hours = parse_hours("1-6=08:00-14:00")

    assert sorted(hours) == [0, 1, 2, 3, 4, 5]
    assert OfficeCalendar(hours=hours).minutes_per_day() == 360


@pytest.mark.parametrize(
    "text", ["", "1-4=07:30", "8=07:00-12:00", "1=12:00-07:00", "x=07:00-08:00"]
)
def test_parse_hours_rejects_nonsense(text):
    with pytest.raises(ValueError, match="Jam kerja"):
        parse_hours(text)
