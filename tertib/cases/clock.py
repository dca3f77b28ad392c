"""The office clock of this installation, from settings."""

import datetime

from django.conf import settings
from django.utils import timezone

from tertib.lib.durations import Waktu
from tertib.lib.officetime import DEFAULT_HOURS, OfficeCalendar, waktu_minutes

_CALENDAR: list[OfficeCalendar] = []


def calendar() -> OfficeCalendar:
    """Working hours and cuti bersama come from settings (default: the Kudus office week)."""
    key = frozenset(settings.CUTI_BERSAMA)
    hours = settings.OFFICE_HOURS or DEFAULT_HOURS
    if not _CALENDAR or _CALENDAR[0].cuti_bersama != key or _CALENDAR[0].hours != hours:
        _CALENDAR[:] = [OfficeCalendar(hours=hours, cuti_bersama=key)]
    return _CALENDAR[0]


def local(moment: datetime.datetime, tz: datetime.tzinfo | None = None) -> datetime.datetime:
    """A naive datetime on the office's wall clock (tz: the office's zone; default the current
    one), as office hours are written."""
    return timezone.localtime(moment, tz).replace(tzinfo=None)


def due_at(
    arrived_at: datetime.datetime, minutes: int, tz: datetime.tzinfo | None = None
) -> datetime.datetime:
    """The moment a step that arrived then has used up its mutu baku, in office time."""
    moment = calendar().add_office_minutes(local(arrived_at, tz), minutes)
    return timezone.make_aware(moment, tz)


def mutu_baku_minutes(waktu: Waktu, stages: int = 1, stage: int = 0) -> int:
    """The standard time of one pelaksana's part of a step, in office minutes.

    A step that passes through several officials (a paraf chain) shares its time between them so
    that the shares add up to the step's time as the SOP gives it: 15 menit over two signers is
    8 and 7, the earlier signer taking the odd minute; each share is at least a minute.
    """
    total = waktu_minutes(waktu.amount, waktu.unit, calendar())
    share, odd = divmod(total, stages)
    return max(1, share + (1 if stage < odd else 0))


def total_mutu_baku_minutes(langkah) -> int:
    """The SOP's standard time from start to end: each step's mutu baku, in office minutes."""
    return sum(mutu_baku_minutes(step.mutu_baku.parsed_waktu) for step in langkah)
