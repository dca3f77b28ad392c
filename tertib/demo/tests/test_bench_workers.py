"""The worker bench walks whole SKTM cases the way the desk does, and counts honestly; its
figures are printed by `manage.py bench_workers`, never asserted here."""

import io
import os
import random

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tertib.cases.auditcheck import verify
from tertib.cases.models import Case, IssuedDocument, RegisterEntry
from tertib.demo import bench_workers
from tertib.demo.bench_workers import Run
from tertib.org.testing import PASSWORD

TEST_PEOPLE = {"staf": "staf", "kasi": "kasi", "camat": "camat"}


@pytest.fixture
def private(undaan, settings, tmp_path):
    settings.PRIVATE_DIR = tmp_path / "private"
    return undaan


@pytest.mark.django_db(transaction=True)
def test_walk_takes_a_case_from_intake_to_hand_over_with_its_sheet(private):
    people = bench_workers.find_people(TEST_PEOPLE, PASSWORD)
    part = Run(workers=1)

    case = bench_workers.walk_case(people, rng=random.Random(1), part=part, address="10.0.0.1")

    case.refresh_from_db()
    assert (case.state, case.register_number) == (Case.State.SELESAI, "400.7.22/0001/" + year())
    assert (part.cases, part.transitions, part.errors) == ([case.pk], 7, [])
    assert len(part.cases_done_at) == 1
    assert sorted(part.step_times) == [1, 2, 3, 4, 5, 6]
    assert all(len(times) == 1 for times in part.step_times.values())
    assert IssuedDocument.objects.get(case=case).sha256 != ""
    assert bench_workers.problems_of(part) == []
    assert verify()[0] == []


def year() -> str:
    from django.utils import timezone

    return str(timezone.localdate().year)


@pytest.mark.django_db(transaction=True)
def test_a_failing_walk_is_counted_as_an_error_not_a_case(private):
    people = {**bench_workers.find_people(TEST_PEOPLE, PASSWORD), "password": "salah"}
    part = Run(workers=1)

    assert bench_workers.walk_case(people, rng=random.Random(1), part=part) is None

    assert (part.cases, part.transitions) == ([], 4)  # started, steps 1-3 done; 4 refused
    assert part.errors == [
        "ActionError: Kata sandi: salah. Masukkan kembali kata sandi Anda untuk menandatangani."
    ]
    assert bench_workers.problems_of(part) == part.errors


@pytest.mark.django_db
def test_problems_name_an_unfinished_case_and_a_sheet_not_rendered(private):
    people = bench_workers.find_people(TEST_PEOPLE, PASSWORD)
    part = Run(workers=1)
    case = bench_workers.walk_case(people, rng=random.Random(1), part=part)
    # In a test's own transaction the step's commit hooks never ran: the sheet waits.
    Case.objects.filter(pk=case.pk).update(state=Case.State.BERJALAN)

    assert bench_workers.problems_of(part) == [
        "1 permohonan tidak selesai",
        "tidak setiap permohonan punya satu lembar legalisasi yang dirender",
    ]


@pytest.mark.django_db
def test_problems_name_register_numbers_that_skip(private):
    people = bench_workers.find_people(TEST_PEOPLE, PASSWORD)
    part = Run(workers=1)
    for seed in (1, 2):
        bench_workers.walk_case(people, rng=random.Random(seed), part=part)
    RegisterEntry.objects.filter(case_id=part.cases[1]).update(number=5)
    IssuedDocument.objects.update(sha256="x" * 64)

    assert bench_workers.problems_of(part) == ["nomor register loncat atau ganda"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the bench runs on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_walk_cases_without_errors_or_gaps(private):
    result = bench_workers.run(workers=2, seconds=1, people=TEST_PEOPLE, password=PASSWORD)

    assert result.errors == []
    assert len(result.cases) >= 2  # each worker finishes the case in hand
    assert result.transitions == 7 * len(result.cases)
    assert bench_workers.problems_of(result) == []
    numbers = sorted(RegisterEntry.objects.values_list("number", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))  # warm-up cases included
    assert verify()[0] == []


def test_rates_count_what_was_done_inside_the_window():
    result = Run(
        workers=8,
        seconds=10.0,
        window_end=110.0,
        elapsed=12.0,
        cases=[1, 2, 3],
        cases_done_at=[105.0, 109.0, 111.0],
        transitions_done_at=[101.0] * 14 + [111.0] * 7,
        cpu_seconds=6.0,
    )

    assert (result.cases_per_second, result.transitions_per_second) == (0.2, 1.4)
    assert (result.transitions, result.cores_busy) == (21, 0.5)


def test_summary_prints_throughput_errors_and_percentiles():
    result = Run(
        workers=8,
        seconds=10.0,
        window_end=110.0,
        elapsed=10.5,
        cases=list(range(20)),
        cases_done_at=[100.0] * 20,
        transitions_done_at=[100.0] * 140,
        step_times={1: [0.010, 0.020], 5: [0.100, 0.300]},
        errors=["x"],
        cpu_seconds=5.25,
    )

    assert bench_workers.summary(result) == (
        "8 worker(s), 10 s: 2.00 cases/s, 14.0 transitions/s; 20 cases, 140 transitions in all "
        f"(10.5 s); 1 errors; workers busy on 0.50 of {os.cpu_count()} cores\n"
        "  step time p50/p95/p99: 60/270/294 ms; step 5 (register + sheet): 200/290/298 ms; "
        "max 300 ms\n"
        "  per step p50/p95: 1: 15/20, 5: 200/290 ms"
    )


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the skip is for SQLite")
def test_command_skips_sqlite_and_says_so():
    out = io.StringIO()
    call_command("bench_workers", stdout=out)
    assert out.getvalue() == (
        "workers: skipped, the 8-vs-1 bench needs PostgreSQL (DATABASE_URL)\n"
    )


def test_command_refuses_debug(settings):
    settings.DEBUG = True

    with pytest.raises(CommandError, match="DEBUG menyala"):
        call_command("bench_workers")
