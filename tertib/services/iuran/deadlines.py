"""The limits of a billing month, in working days.

Due on the 10th (moved to the next working day); coverage suspended when the month ends unpaid.
BPKAD needs a lead time to issue the SP2D and transfer, so the SPM must reach it that many
working days before the month's last working day (and before the December close in December).
Closed days: the holidays package's public holidays and cuti bersama (its "government"
category), the cuti bersama of the settings, and those the Dinas adds in the admin.
"""

import datetime
from dataclasses import dataclass
from functools import cache

import holidays
from django.conf import settings
from django.utils import timezone

from tertib.cases.clock import calendar
from tertib.lib.dates import month_end
from tertib.lib.officetime import OfficeCalendar

# Years around today whose cuti bersama count: a bill is rarely older than two years.
YEARS_BACK, YEARS_AHEAD = 3, 2


@cache
def government_days(first: int, last: int) -> frozenset[datetime.date]:
    """Cuti bersama the holidays package lists (category "government") for those years."""
    years = range(first, last + 1)
    return frozenset(holidays.Indonesia(years=years, categories=("government",)))


def iuran_calendar() -> OfficeCalendar:
    """The office week with public holidays, cuti bersama from the package, settings and admin."""
    from tertib.services.iuran.models import CutiBersama

    base, year = calendar(), timezone.localdate().year
    package = government_days(year - YEARS_BACK, year + YEARS_AHEAD)
    local = frozenset(CutiBersama.objects.values_list("day", flat=True))
    key = (id(base), package, local)
    if key not in _CALENDARS:  # one calendar while nothing changes: it caches its holidays
        _CALENDARS.clear()
        _CALENDARS[key] = OfficeCalendar(
            hours=base.hours, cuti_bersama=base.cuti_bersama | package | local
        )
    return _CALENDARS[key]


_CALENDARS: dict[tuple, OfficeCalendar] = {}


def due_on(month: datetime.date, *, calendar: OfficeCalendar, due_day: int) -> datetime.date:
    """The due day of the month, moved to the next working day when the office is closed."""
    return calendar.next_working_day(month.replace(day=due_day))


def suspended_after(month: datetime.date) -> datetime.date:
    """Unpaid at the end of the month, coverage is suspended from the 1st of the next one."""
    return month_end(month)


def last_working_day(day: datetime.date, *, calendar: OfficeCalendar) -> datetime.date:
    """The day itself when it is a working day, else the working day before it."""
    while not calendar.is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day


def working_days_before(day: datetime.date, count: int, *, calendar: OfficeCalendar):
    """The working day `count` working days before a working day."""
    for _ in range(count):
        day = last_working_day(day - datetime.timedelta(days=1), calendar=calendar)
    return day


def year_end_close(year: int) -> datetime.date | None:
    from tertib.services.iuran.models import YearEndClose

    close = YearEndClose.objects.filter(year=year).first()
    return close.last_sp2d_on if close else None


@dataclass(frozen=True)
class Limits:
    """The dates that matter for one billing month."""

    due: datetime.date  # the due day (the 10th or the next working day)
    last_working_day: datetime.date  # of the month, or of the December close
    spm_by: datetime.date  # the SPM must reach BPKAD by then to be paid in the month
    month_end: datetime.date  # unpaid after it, coverage is suspended


def limits(month: datetime.date, *, calendar: OfficeCalendar | None = None) -> Limits:
    cal = calendar or iuran_calendar()
    end = month_end(month)
    close = year_end_close(month.year) if month.month == 12 else None
    last = last_working_day(min(end, close) if close else end, calendar=cal)
    lead = settings.IURAN_SP2D_LEAD_DAYS
    return Limits(
        due=due_on(month, calendar=cal, due_day=settings.IURAN_DUE_DAY),
        last_working_day=last,
        spm_by=working_days_before(last, lead, calendar=cal),
        month_end=end,
    )


def working_days_until(
    target: datetime.date, *, today: datetime.date, calendar: OfficeCalendar
) -> int:
    """Working days after today up to the target: 0 on the day itself (or when none are left
    before it); negative calendar days once it has passed."""
    if today > target:
        return -(today - target).days
    days, day = 0, today + datetime.timedelta(days=1)
    while day <= target:
        days += calendar.is_working_day(day)
        day += datetime.timedelta(days=1)
    return days


@dataclass(frozen=True)
class DaysLeft:
    to_due: int  # working days; negative (calendar days) once the due day has passed
    to_spm_by: int  # to the last day the SPM can reach BPKAD
    to_month_end: int  # to the month's last working day; negative past the month end
    past_month: bool

    @property
    def risk(self) -> str:
        """ "lewat" past the month, "kritis" past the SPM day, "terlambat" past the due day,
        else "dekat" or "aman"."""
        if self.past_month:
            return "lewat"
        if self.to_spm_by < 0:
            return "kritis"
        if self.to_due < 0:
            return "terlambat"
        return "dekat" if self.to_due <= 3 or self.to_spm_by <= 3 else "aman"


def days_left(
    limits: Limits, *, today: datetime.date, calendar: OfficeCalendar | None = None
) -> DaysLeft:
    cal = calendar or iuran_calendar()
    past_month = today > limits.month_end
    return DaysLeft(
        to_due=working_days_until(limits.due, today=today, calendar=cal),
        to_spm_by=working_days_until(limits.spm_by, today=today, calendar=cal),
        to_month_end=(
            -(today - limits.month_end).days
            if past_month
            else working_days_until(limits.last_working_day, today=today, calendar=cal)
        ),
        past_month=past_month,
    )
