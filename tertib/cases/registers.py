"""Gap-free register numbers per office, register and year."""

import datetime

from tertib.cases.models import Case, Register, RegisterCounter, RegisterEntry

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def format_number(template: str, *, number: int, unit: str, day: datetime.date) -> str:
    """Fill a template such as "400.7.22/{nomor:04}/{unit}/{tahun}"."""
    text = template.format(
        nomor=number, unit=unit, tahun=day.year, bulan=day.month, bulan_romawi=ROMAN[day.month - 1]
    )
    return text.replace("//", "/")  # an office without a unit code yet


def enter(
    *, register: Register, case: Case, subject: str, day: datetime.date, actor
) -> RegisterEntry:
    """Take the register's next number for the year; call inside the step's transaction.

    The counter row is locked until the transaction ends, so two clerks never get the same
    number, and a rolled-back step gives its number back: no gaps.
    """
    counter, _ = RegisterCounter.objects.get_or_create(register=register, year=day.year)
    counter = RegisterCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    formatted = format_number(
        register.number_format, number=counter.last_number, unit=register.office.unit_code, day=day
    )
    return RegisterEntry.objects.create(
        register=register,
        year=day.year,
        number=counter.last_number,
        formatted=formatted,
        entered_on=day,
        case=case,
        subject=subject,
        entered_by=actor,
    )
