"""Figures for the report part of `make bench`: years of a province's step records, then one
office's semester dashboard timed against a full scan of the step table.

The history is written straight into the tables as rows the engine would have left (COPY on
PostgreSQL, batched inserts elsewhere): it is the reports that are measured, not the engine.
"""

import datetime
import random
import time
import zoneinfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from tertib.cases.clock import mutu_baku_minutes
from tertib.cases.models import Case, StepRecord
from tertib.demo.bench import sktm_version
from tertib.org.models import Office
from tertib.reports.figures import Period, office_figures, semester

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
OFFICES = 400  # a province: 35 kabupaten/kota, about a dozen offices each running SOPs
FIRST_YEAR = 2021  # six years of history, twelve semesters
PREFIX = "bench-kantor-"
CASE_COLUMNS = [
    "id", "code", "office_id", "sop_version_id", "state", "current_step", "subject", "intake",
    "note", "checklist", "register_number", "dispatch", "opened_at", "closed_at", "opened_by_id",
]  # fmt: skip
RECORD_COLUMNS = [
    "case_id", "office_id", "sop_version_id", "step_no", "stage", "pelaksana", "arrived_at",
    "claimed_at", "claimed_by_id", "completed_at", "completed_by_id", "signed_as", "outcome",
    "note", "mutu_baku_minutes", "waiting_minutes", "handling_minutes",
]  # fmt: skip


def bench_offices() -> list[Office]:
    offices = [Office(slug=f"{PREFIX}{n:03d}", name=f"Kantor Uji {n:03d}") for n in range(OFFICES)]
    Office.objects.bulk_create(offices, ignore_conflicts=True)
    return list(Office.objects.filter(slug__startswith=PREFIX).order_by("slug"))


def bench_reader():
    """A Bagian Organisasi account: it may read every office's dashboard."""
    from django.contrib.auth.models import Permission

    user, _ = get_user_model().objects.get_or_create(
        username="bench.organisasi", defaults={"password": make_password("bench")}
    )
    user.user_permissions.add(Permission.objects.get(codename="view_every_office"))
    return user


def seed_records(total: int, *, batch_cases: int = 20_000) -> int:
    """Top the step table up to `total` rows with finished SKTM cases spread over the bench
    offices and semesters; returns how many rows were written."""
    have = StepRecord.objects.count()
    if have >= total:
        return 0
    version, offices = sktm_version(), bench_offices()
    steps = [
        (s.no, s.pelaksana[0], mutu_baku_minutes(s.mutu_baku.parsed_waktu))
        for s in version.definition.langkah
    ]
    actor = bench_reader().pk
    next_id = (Case.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    rng, written = random.Random(have), 0
    while have + written < total:
        cases, records = [], []
        for case_id in range(next_id, next_id + batch_cases):
            office = offices[case_id % len(offices)].pk
            case, rows = _history(case_id, office, version.pk, steps, actor, rng)
            cases.append(case)
            records += rows
        _write(Case, CASE_COLUMNS, cases)
        _write(StepRecord, RECORD_COLUMNS, records)
        next_id += batch_cases
        written += len(records)
    _reset_sequences()
    return written


def _history(case_id, office, version, steps, actor, rng: random.Random):
    half = rng.randrange(12)
    period = semester(FIRST_YEAR + half // 2, half % 2 + 1)
    day = period.start + datetime.timedelta(days=rng.randrange(178))
    at = datetime.datetime.combine(day, datetime.time(8, rng.randrange(50)), tzinfo=WIB)
    opened, rows, state = at, [], "selesai"
    for step_no, pelaksana, mutu in steps:
        wait, handle = rng.choice([0, 0, 1, 2, 5, 20]), rng.choice([1, 2, 3, 4, 6])
        arrived, claimed = at, at + datetime.timedelta(minutes=wait)
        at = claimed + datetime.timedelta(minutes=handle)
        outcome = "ya" if step_no == 2 else "lanjut"
        if step_no == 4 and rng.random() < 0.03:
            outcome, state = "ditolak", "ditolak"
        rows.append(
            (case_id, office, version, step_no, 0, pelaksana, arrived, claimed, actor, at, actor,
             "", outcome, "", mutu, wait, handle)
        )  # fmt: skip
        if state == "ditolak":
            break
    case = (
        case_id, f"B{case_id:011d}", office, version, state, rows[-1][3], "", "{}", "", "[]", "",
        "{}", opened, at, actor,
    )  # fmt: skip
    return case, rows


def _write(model, columns: list[str], rows: list[tuple]) -> None:
    table = model._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        adapt = connection.ops.adapt_datetimefield_value
        rows = [
            tuple(adapt(v) if isinstance(v, datetime.datetime) else v for v in row) for row in rows
        ]
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def _reset_sequences() -> None:
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Case, StepRecord]):
            cursor.execute(sql)


def analyze() -> None:
    """After a bulk load: planner statistics and the visibility map, as autovacuum would soon
    leave them. It helps the full scan as much as the dashboard."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def dashboard_times(*, office: Office, period: Period, rounds: int) -> dict[str, list[float]]:
    """Seconds to compute the figures, and to serve the whole dashboard page."""
    client = Client()
    client.force_login(bench_reader())
    url = reverse("reports:dashboard", args=[office.slug])
    params = {"dari": period.start.isoformat(), "sampai": period.end.isoformat()}
    times: dict[str, list[float]] = {"figures": [], "page": []}
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        for turn in range(rounds + 2):  # two warm-up rounds
            _time_once(client, url, params, office, period, times if turn >= 2 else None)
    return times


def _time_once(client, url, params, office, period, times) -> None:
    started = time.perf_counter()
    office_figures(office, period)
    middle = time.perf_counter()
    response = client.get(url, params)
    ended = time.perf_counter()
    if response.status_code != 200:
        raise RuntimeError(f"{url}: HTTP {response.status_code}")
    if times is not None:
        times["figures"].append(middle - started)
        times["page"].append(ended - middle)


def scan_seconds(rounds: int = 3) -> float:
    """The best of a few full scans of the step table: what a report without an index costs."""
    best = float("inf")
    with connection.cursor() as cursor:
        for _ in range(rounds):
            started = time.perf_counter()
            cursor.execute(
                "SELECT count(*), sum(waiting_minutes + handling_minutes) FROM cases_steprecord"
            )
            cursor.fetchone()
            best = min(best, time.perf_counter() - started)
    return best
