"""The month limit of a billing month: due on the 10th, coverage suspended after the month ends."""

import datetime
from dataclasses import dataclass

from tertib.lib.dates import month_end
from tertib.lib.officetime import OfficeCalendar


def due_on(month: datetime.date, *, calendar: OfficeCalendar, due_day: int) -> datetime.date:
    """The due day of the month, moved to the next working day when the office is closed."""
    return calendar.next_working_day(month.replace(day=due_day))


def suspended_after(month: datetime.date) -> datetime.date:
    """Unpaid at the end of the month, coverage is suspended from the 1st of the next one."""
    return month_end(month)


@dataclass(frozen=True)
class DaysLeft:
    to_due: int  # negative once the due day has passed
    to_month_end: int

    @property
    def risk(self) -> str:
        """ "lewat" past the month end, "terlambat" past the due day, else "aman" or "dekat"."""
        if self.to_month_end < 0:
            return "lewat"
        if self.to_due < 0:
            return "terlambat"
        return "dekat" if self.to_due <= 3 else "aman"


def days_left(*, due: datetime.date, month_end: datetime.date, today: datetime.date) -> DaysLeft:
    return DaysLeft(to_due=(due - today).days, to_month_end=(month_end - today).days)
