"""Dates as Indonesian documents write them. No Django here."""

import datetime

BULAN = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def tanggal(day: datetime.date) -> str:
    """22 November 2026"""
    return f"{day.day} {BULAN[day.month - 1]} {day.year}"


def tanggal_jam(moment: datetime.datetime, *, short: bool = False) -> str:
    """22 November 2026 14:05, or with short=True 22 Nov 2026 14:05; in the moment's own zone."""
    month = BULAN[moment.month - 1]
    return f"{moment.day} {month[:3] if short else month} {moment.year} {moment:%H:%M}"


def month_end(day: datetime.date) -> datetime.date:
    """The last day of the day's month."""
    following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


def month_name(day: datetime.date) -> str:
    """November 2026"""
    return f"{BULAN[day.month - 1]} {day.year}"
