"""Gap-free register numbers per office, register and year."""

import datetime

from tertib.cases import fastpath
from tertib.cases.models import Case, Register, RegisterEntry

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def format_number(template: str, *, number: int, unit: str, day: datetime.date) -> str:
    """Fill a template such as "400.7.22/{nomor:04}/{unit}/{tahun}"."""
    text = template.format(
        nomor=number, unit=unit, tahun=day.year, bulan=day.month, bulan_romawi=ROMAN[day.month - 1]
    )
    return text.replace("//", "/")  # an office without a unit code yet


def find(*, office, kode: str) -> Register | None:
    """The office's register with that kode, if it has one."""
    found = fastpath.register(office_id=office.pk, kode=kode)
    if found is not None:
        found._state.fields_cache["office"] = office
    return found


def enter(
    *, register: Register, case: Case, subject: str, day: datetime.date, actor
) -> RegisterEntry:
    """Take the register's next number for the year; call inside the step's transaction.

    The counter row is locked until the transaction ends, so two clerks never get the same
    number, and a rolled-back step gives its number back: no gaps.
    """
    number = fastpath.next_number(register_id=register.pk, year=day.year)
    formatted = format_number(
        register.number_format, number=number, unit=register.office.unit_code, day=day
    )
    entry = RegisterEntry(
        register=register,
        year=day.year,
        number=number,
        formatted=formatted,
        entered_on=day,
        case=case,
        subject=subject,
        entered_by=actor,
    )
    return fastpath.insert(entry)
