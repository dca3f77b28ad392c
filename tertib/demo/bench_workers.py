"""Figures for `manage.py bench_workers`: N engine worker processes on PostgreSQL, each walking
whole SKTM cases from intake to hand-over, register number and legalisation sheet included.

Every worker is its own process with its own database connection, as gunicorn workers are. The
workers share one office, one register and one signing official, so they contend for the same
register counter row: the figure shows whether anything slow is done while it is locked (the
legalisation PDF is rendered after the step commits; the Camat's password is checked before the
step's transaction opens, as the desk does). The machine's cores bound the gain; the aim is
8 workers ≥ 1.6 × 1 worker.
"""

import io
import multiprocessing
import os
import random
import statistics
import time
import traceback
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from tertib.cases.actions import StepInput, prove_password
from tertib.cases.engine import complete_step, open_record
from tertib.cases.models import Case, IssuedDocument, RegisterEntry
from tertib.cases.requests import take_in
from tertib.demo.bench import _applicant, sktm_version
from tertib.demo.management.commands.demo import EVERYTHING, PASSWORD
from tertib.org.models import Office

OFFICE = "kecamatan-undaan"
DEMO_PEOPLE = {"staf": "staf.undaan", "kasi": "kasi.kesra", "camat": "camat.undaan"}
# Steps 2-6 of the SKTM SOP: who finishes it, with what decision and input.
STEPS = [
    (2, "staf", "ya", {"checklist": EVERYTHING}),
    (3, "kasi", "lanjut", {}),
    (4, "camat", "lanjut", {}),  # signed: the Camat's password
    (5, "staf", "lanjut", {}),  # register number and legalisation sheet
    (6, "staf", "lanjut", {"recipient": "Pemohon sendiri"}),
]
AIM = 1.6


@dataclass
class Run:
    """What the workers of one run did. Rates count what was finished inside the window of
    `seconds`; the cases in hand at its end are finished (and checked) but not counted."""

    workers: int
    seconds: float = 0.0  # the window
    window_end: float = float("inf")  # time.time() when the window closed
    elapsed: float = 0.0  # until the last worker had finished its case in hand
    cases: list[int] = field(default_factory=list)  # ids of the cases walked to the end
    cases_done_at: list[float] = field(default_factory=list)
    transitions_done_at: list[float] = field(default_factory=list)
    step_times: dict[int, list[float]] = field(default_factory=dict)  # step no -> seconds
    errors: list[str] = field(default_factory=list)
    cpu_seconds: float = 0.0  # the workers' own processor time (not the database's)

    @property
    def transitions(self) -> int:
        return len(self.transitions_done_at)

    def in_window(self, moments: list[float]) -> int:
        return sum(moment <= self.window_end for moment in moments)

    @property
    def cases_per_second(self) -> float:
        return self.in_window(self.cases_done_at) / self.seconds if self.seconds else 0.0

    @property
    def transitions_per_second(self) -> float:
        return self.in_window(self.transitions_done_at) / self.seconds if self.seconds else 0.0

    @property
    def cores_busy(self) -> float:
        return self.cpu_seconds / self.elapsed if self.elapsed else 0.0

    def all_step_times(self) -> list[float]:
        return [t for times in self.step_times.values() for t in times]


def prepare() -> None:
    """The SOPs, and the demo's offices, people and register (both idempotent)."""
    call_command("sop_load", stdout=io.StringIO())
    call_command("demo", stdout=io.StringIO())


def run(
    *, workers: int, seconds: float, people: dict[str, str] = DEMO_PEOPLE, password=PASSWORD
) -> Run:
    """Start the workers together once each has walked one case to warm up (imports, caches,
    fonts); each walks whole cases until `seconds` have passed, then finishes the case in hand.
    Returns what they did, merged."""
    connections.close_all()  # a forked child must not share the parent's connection
    context = multiprocessing.get_context("fork")
    results, ready = context.Queue(), context.Barrier(workers + 1)
    processes = [
        context.Process(target=_worker, args=(n, seconds, ready, results, people, password))
        for n in range(workers)
    ]
    for process in processes:
        process.start()
    ready.wait()
    started = time.time()
    merged, finished = Run(workers=workers), started
    for _ in processes:
        part, ended = results.get()
        finished = max(finished, ended)
        _merge(merged, part)
    for process in processes:
        process.join()
    merged.seconds, merged.window_end = seconds, started + seconds
    merged.elapsed = finished - started
    return merged


def _merge(merged: Run, part: Run) -> None:
    merged.cases += part.cases
    merged.cases_done_at += part.cases_done_at
    merged.transitions_done_at += part.transitions_done_at
    merged.errors += part.errors
    merged.cpu_seconds += part.cpu_seconds
    for no, times in part.step_times.items():
        merged.step_times.setdefault(no, []).extend(times)


def _worker(number: int, seconds: float, ready, results, usernames: dict, password: str) -> None:
    """One process: its own connection, one case to warm up, then cases one after another."""
    part = Run(workers=1)
    try:
        people = find_people(usernames, password)
        rng = random.Random(number)
        address = f"10.0.0.{number + 1}"  # each worker a client of its own, for the throttle
        walk_case(people, rng=rng, part=Run(workers=1), address=address)
        ready.wait()
        until, cpu = time.time() + seconds, time.process_time()
        while time.time() < until:
            walk_case(people, rng=rng, part=part, address=address)
        part.cpu_seconds = time.process_time() - cpu
    except Exception:  # noqa: BLE001 - reported to the parent, which prints it
        part.errors.append(traceback.format_exc(limit=3))
    finally:
        connections.close_all()
        results.put((part, time.time()))


def find_people(usernames: dict[str, str], password: str) -> dict:
    """The office, its SKTM version and the three officials (role -> user), for walk_case."""
    users = get_user_model().objects.in_bulk(usernames.values(), field_name="username")
    return {
        "office": Office.objects.get(slug=OFFICE),
        "version": sktm_version(),
        "password": password,
        **{role: users[username] for role, username in usernames.items()},
    }


def walk_case(people: dict, *, rng: random.Random, part: Run, address: str = "") -> Case | None:
    """One SKTM case from intake to hand-over, each step timed; an error is kept in part and
    ends the case."""
    office, staf = people["office"], people["staf"]
    try:
        started = time.perf_counter()
        intake = _applicant(rng, office, timezone.localdate())
        case = take_in(
            sop_version=people["version"],
            office=office,
            actor=staf,
            subject=intake["nama"],
            intake=intake,
            checklist=EVERYTHING,
            scans=[],
        )
        part.step_times.setdefault(1, []).append(time.perf_counter() - started)
        part.transitions_done_at += [time.time()] * 2  # the case started, step 1 done
        for no, who, decision, given in STEPS:
            given = StepInput(address=address, password=people["password"], **given)
            case = _timed_step(case, people[who], decision, given, no, part)
    except Exception as error:  # noqa: BLE001 - counted, the walk goes on with a new case
        part.errors.append(f"{type(error).__name__}: {error}")
        return None
    part.cases.append(case.pk)
    part.cases_done_at.append(time.time())
    return case


def _timed_step(case, actor, decision: str, given: StepInput, no: int, part: Run):
    """The step as the desk does it: the password proven first, then the step's transaction,
    then (after its commit) the documents it issued rendered in this same process."""
    started = time.perf_counter()
    record = open_record(case)
    if record is None or record.step_no != no:
        raise RuntimeError(f"{case.code}: langkah {no} tidak terbuka")
    proven = prove_password(case=case, record=record, decision=decision, actor=actor, given=given)
    case = complete_step(
        case=case, record_id=record.pk, actor=actor, decision=decision, given=proven
    )
    part.step_times.setdefault(no, []).append(time.perf_counter() - started)
    part.transitions_done_at.append(time.time())
    return case


def problems_of(result: Run) -> list[str]:
    """What is wrong with the cases the run walked: not finished, sheet not rendered, register
    numbers not one each, in one sequence without gaps."""
    problems = list(result.errors)
    cases = Case.objects.filter(pk__in=result.cases)
    unfinished = cases.exclude(state=Case.State.SELESAI).count()
    if unfinished:
        problems.append(f"{unfinished} permohonan tidak selesai")
    documents = IssuedDocument.objects.filter(case__in=result.cases)
    if documents.exclude(sha256="").count() != len(result.cases):
        problems.append("tidak setiap permohonan punya satu lembar legalisasi yang dirender")
    numbers = sorted(
        RegisterEntry.objects.filter(case__in=result.cases).values_list("number", flat=True)
    )
    if len(numbers) != len(result.cases):
        problems.append("nomor register tidak satu per permohonan")
    elif numbers and numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        problems.append("nomor register loncat atau ganda")  # nobody else numbers meanwhile
    return problems


def percentile_ms(seconds: list[float], pct: int) -> float:
    if len(seconds) < 2:
        return (seconds[0] if seconds else 0.0) * 1000
    return statistics.quantiles(seconds, n=100, method="inclusive")[pct - 1] * 1000


def summary(result: Run) -> str:
    """One paragraph: throughput in the window, errors, processor time, step times (all steps,
    the register step, each step)."""
    every = result.all_step_times()
    register = result.step_times.get(5, [])
    per_step = ", ".join(
        f"{no}: {percentile_ms(times, 50):.0f}/{percentile_ms(times, 95):.0f}"
        for no, times in sorted(result.step_times.items())
    )
    return (
        f"{result.workers} worker(s), {result.seconds:.0f} s: "
        f"{result.cases_per_second:.2f} cases/s, {result.transitions_per_second:.1f} "
        f"transitions/s; {len(result.cases)} cases, {result.transitions} transitions in all "
        f"({result.elapsed:.1f} s); {len(result.errors)} errors; workers busy on "
        f"{result.cores_busy:.2f} of {os.cpu_count()} cores\n"
        f"  step time p50/p95/p99: {_triple(every)} ms; step 5 (register + sheet): "
        f"{_triple(register)} ms; max {max(every, default=0) * 1000:.0f} ms\n"
        f"  per step p50/p95: {per_step} ms"
    )


def _triple(seconds: list[float]) -> str:
    return "/".join(f"{percentile_ms(seconds, pct):.0f}" for pct in (50, 95, 99))
