"""Office time: minutes that fall inside working hours on working days. No Django here.

A step that arrives at 15:50 on a Thursday and is done at 07:40 on Friday took 20 office minutes,
not 15 hours. Public holidays come from the `holidays` package (Indonesia); *cuti bersama* are
configured, because they are decided each year by a joint ministerial decree.
"""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

import holidays

Hours = list[tuple[datetime.time, datetime.time]]

# Default for a Pemkab Kudus office: 37.5 hours a week over five days.
# Monday-Thursday 07:30-16:00 with a break 12:00-13:00; Friday 07:30-16:30 with 11:30-13:00 off.
DEFAULT_HOURS: dict[int, Hours] = {
    **{
        weekday: [
            (datetime.time(7, 30), datetime.time(12, 0)),
            (datetime.time(13, 0), datetime.time(16, 0)),
        ]
        for weekday in range(4)
    },
    4: [
        (datetime.time(7, 30), datetime.time(11, 30)),
        (datetime.time(13, 0), datetime.time(16, 30)),
    ],
}


def parse_hours(text: str) -> dict[int, Hours]:
    """Working hours written as "1-4=07:30-12:00,13:00-16:00; 5=07:30-11:30,13:00-16:30".

    Days are ISO weekdays (1 = Senin ... 7 = Minggu); a day not named is not a working day.
    Raises ValueError with an Indonesian message naming the part that is wrong.
    """
    hours: dict[int, Hours] = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        days, _, spans = part.partition("=")
        try:
            first, _, last = days.strip().partition("-")
            weekdays = range(int(first), int(last or first) + 1)
            blocks = [_span(span) for span in spans.split(",")]
        except ValueError:
            raise ValueError(f"Jam kerja tidak terbaca: {part!r}") from None
        if not weekdays or weekdays[0] < 1 or weekdays[-1] > 7 or not all(a < b for a, b in blocks):
            raise ValueError(f"Jam kerja tidak masuk akal: {part!r}")
        hours.update({day - 1: blocks for day in weekdays})
    if not hours:
        raise ValueError("Jam kerja kosong.")
    return hours


def _span(text: str) -> tuple[datetime.time, datetime.time]:
    opens, closes = text.strip().split("-")
    return datetime.time.fromisoformat(opens.strip()), datetime.time.fromisoformat(closes.strip())


@dataclass(frozen=True)
class OfficeCalendar:
    hours: dict[int, Hours] = field(default_factory=lambda: DEFAULT_HOURS)
    cuti_bersama: frozenset[datetime.date] = frozenset()

    @cached_property
    def _holidays(self) -> holidays.HolidayBase:
        return holidays.country_holidays("ID")

    @cached_property
    def _working_days(self) -> dict[datetime.date, bool]:
        return {}

    def is_working_day(self, day: datetime.date) -> bool:
        # Remembered per day: every step's due time and durations ask, and the holidays
        # library's lookup is slow next to them.
        known = self._working_days.get(day)
        if known is None:
            known = bool(self.hours.get(day.weekday())) and not self.is_holiday(day)
            self._working_days[day] = known
        return known

    def is_holiday(self, day: datetime.date) -> bool:
        return day in self._holidays or day in self.cuti_bersama

    def minutes_per_day(self) -> int:
        """A working day's length, for mutu baku given in days (the longest day of the week)."""
        return self._minutes_per_day

    @cached_property
    def _minutes_per_day(self) -> int:
        return max(_length(hours) for hours in self.hours.values() if hours)

    def office_minutes(self, start: datetime.datetime, end: datetime.datetime) -> int:
        """Whole office minutes between two naive local datetimes (0 when end is before start)."""
        total, day = 0.0, start.date()
        while day <= end.date():
            if self.is_working_day(day):
                for opens, closes in self.hours[day.weekday()]:
                    low = max(start, datetime.datetime.combine(day, opens))
                    high = min(end, datetime.datetime.combine(day, closes))
                    total += max(0.0, (high - low).total_seconds())
            day += datetime.timedelta(days=1)
        return int(total // 60)

    def add_office_minutes(self, start: datetime.datetime, minutes: int) -> datetime.datetime:
        """The moment when that many office minutes have passed after start."""
        day, left = start.date(), minutes
        while True:
            if self.is_working_day(day):
                for opens, closes in self.hours[day.weekday()]:
                    low = max(start, datetime.datetime.combine(day, opens))
                    high = datetime.datetime.combine(day, closes)
                    room = max(0, int((high - low).total_seconds() // 60))
                    if room >= left and high > low:
                        return low + datetime.timedelta(minutes=left)
                    left -= room
            day += datetime.timedelta(days=1)

    def next_working_day(self, day: datetime.date) -> datetime.date:
        """The day itself when it is a working day, else the next one that is."""
        while not self.is_working_day(day):
            day += datetime.timedelta(days=1)
        return day


def _length(hours: Hours) -> int:
    today = datetime.date.min
    return sum(
        int(
            (
                datetime.datetime.combine(today, b) - datetime.datetime.combine(today, a)
            ).total_seconds()
        )
        // 60
        for a, b in hours
    )


def waktu_minutes(amount: int, unit: str, calendar: OfficeCalendar) -> int:
    """A mutu baku time in office minutes: days count as whole working days."""
    per_unit = {"menit": 1, "jam": 60}
    return amount * per_unit.get(unit) if unit in per_unit else amount * calendar.minutes_per_day()
