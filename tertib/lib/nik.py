"""NIK and KK numbers (Nomor Induk Kependudukan, Nomor Kartu Keluarga). No Django here.

A NIK is 16 digits: province (2), regency/city (2), district (2), birth date DDMMYY with 40 added
to the day for women, and a 4-digit serial. A KK number shares the region part; its next six
digits are the issue date (DDMMYY).
"""

import datetime

PROVINCES = {
    "11",
    "12",
    "13",
    "14",
    "15",
    "16",
    "17",
    "18",
    "19",
    "21",
    "31",
    "32",
    "33",
    "34",
    "35",
    "36",
    "51",
    "52",
    "53",
    "61",
    "62",
    "63",
    "64",
    "65",
    "71",
    "72",
    "73",
    "74",
    "75",
    "76",
    "81",
    "82",
    "91",
    "92",
    "93",
    "94",
    "95",
    "96",
    "97",
}


class NomorError(ValueError):
    """The number is not a well-formed NIK or KK number; the message says why, in Indonesian."""


def check_region(number: str) -> None:
    if len(number) != 16 or not (number.isascii() and number.isdigit()):
        raise NomorError("harus 16 angka")
    if number[:2] not in PROVINCES:
        raise NomorError(f"kode provinsi '{number[:2]}' tidak dikenal")
    if number[2:4] == "00" or number[4:6] == "00":
        raise NomorError("kode kabupaten/kota dan kecamatan tidak boleh 00")
    if number[12:] == "0000":
        raise NomorError("nomor urut tidak boleh 0000")


def birth_date(nik: str, *, today: datetime.date) -> tuple[datetime.date, bool]:
    """The birth date written in a NIK and whether it marks a woman (day plus 40)."""
    check_region(nik)
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    female = day > 40
    day -= 40 if female else 0
    century = 2000 if 2000 + year <= today.year else 1900
    try:
        born = datetime.date(century + year, month, day)
    except ValueError:
        raise NomorError("tanggal lahir di dalam NIK tidak valid") from None
    return born, female


def check_nik(nik: str, *, today: datetime.date) -> None:
    birth_date(nik, today=today)


def check_kk(kk: str, *, today: datetime.date) -> None:
    check_region(kk)
    day, month, year = int(kk[6:8]), int(kk[8:10]), int(kk[10:12])
    century = 2000 if 2000 + year <= today.year else 1900
    try:
        datetime.date(century + year, month, day)
    except ValueError:
        raise NomorError("tanggal terbit di dalam nomor KK tidak valid") from None


def mask(number: str) -> str:
    """Show only the region code and the last two digits: 331904**********12."""
    if len(number) < 8:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 8) + number[-2:]
