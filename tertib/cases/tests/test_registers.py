"""Register numbers: formatted by the book's template, gap-free per office, register and year."""

import datetime as dt
import threading

import pytest
from django.db import close_old_connections, connection

from tertib.cases.engine import complete_step, open_record, start_case
from tertib.cases.models import Case, Register, RegisterEntry, StepRecord
from tertib.cases.registers import enter, format_number
from tertib.org.testing import make_user


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("400.7.22/{nomor:04}/{unit}/{tahun}", "400.7.22/0007/13.01/2026"),
        ("{nomor:03}/{unit}/{bulan_romawi}/{tahun}", "007/13.01/XI/2026"),
        ("470/{nomor}/{bulan}/{tahun}", "470/7/11/2026"),
    ],
)
def test_format_number(template, expected):
    assert format_number(template, number=7, unit="13.01", day=dt.date(2026, 11, 23)) == expected


def test_office_without_unit_code_gets_no_empty_part():
    assert (
        format_number("400/{nomor:04}/{unit}/{tahun}", number=1, unit="", day=dt.date(2026, 1, 2))
        == "400/0001/2026"
    )


def _case(undaan, subject="Sumarni"):
    return start_case(
        sop_version=undaan.version,
        office=undaan.office,
        actor=undaan.staf,
        subject=subject,
        intake={},
    )


@pytest.mark.django_db
def test_numbers_follow_each_other_and_restart_each_year(undaan):
    register = Register.objects.get()
    case = _case(undaan)
    numbers = [
        enter(register=register, case=case, subject="x", day=day, actor=undaan.staf).formatted
        for day in (dt.date(2026, 12, 30), dt.date(2026, 12, 31), dt.date(2027, 1, 2))
    ]
    assert numbers == ["400.7.22/0001/2026", "400.7.22/0002/2026", "400.7.22/0001/2027"]


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrency needs PostgreSQL row locks"
)


def _in_threads(count: int, work) -> list:
    """Run work(i) in parallel threads, each with its own connection; return results/errors."""
    results: list = [None] * count
    barrier = threading.Barrier(count)

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as error:  # collected and asserted by the test
            results[index] = error
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_registrations_have_no_gap_and_no_duplicate(undaan):
    from django.db import transaction

    register = Register.objects.get()
    cases = [_case(undaan, f"Pemohon {i}") for i in range(20)]

    def register_one(index: int) -> int:
        with transaction.atomic():
            return enter(
                register=register,
                case=cases[index],
                subject="x",
                day=dt.date(2026, 11, 23),
                actor=undaan.staf,
            ).number

    numbers = _in_threads(20, register_one)
    assert sorted(numbers) == list(range(1, 21))
    assert RegisterEntry.objects.count() == 20


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_officials_completing_one_step_at_once_exactly_one_wins(undaan):
    from tertib.cases.engine import Stale
    from tertib.org.testing import assign

    colleague = make_user("staf2")
    assign(colleague, undaan.office, "staf")
    case = _case(undaan)
    record = open_record(case)
    actors = [undaan.staf, colleague]

    def finish(index: int):
        return complete_step(
            case=Case.objects.get(pk=case.pk), record_id=record.pk, actor=actors[index]
        )

    results = _in_threads(2, finish)
    assert sum(isinstance(r, Case) for r in results) == 1
    assert sum(isinstance(r, Stale) for r in results) == 1
    assert StepRecord.objects.filter(case=case).count() == 2
    assert StepRecord.objects.filter(case=case, completed_at__isnull=False).count() == 1
    assert Case.objects.get(pk=case.pk).current_step == 2
