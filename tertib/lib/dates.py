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


def month_name(day: datetime.date) -> str:
    """November 2026"""
    return f"{BULAN[day.month - 1]} {day.year}"
