"""Figures for `make bench`: many SKTM cases in the database, then the engine and pages timed.

Kept out of the unit tests: the figures need a big database and depend on the machine. Seeded
cases are written in bulk, as the rows the engine leaves behind (without audit events, which
only the engine may write); the timed steps go through the engine itself.
"""

import datetime
import io
import random
import statistics
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import path, reverse
from django.utils import timezone

from tertib import urls as project_urls
from tertib.cases.actions import StepInput
from tertib.cases.clock import calendar, due_at, mutu_baku_minutes
from tertib.cases.engine import cancel_case, claim_step, complete_step, open_record
from tertib.cases.models import Case, StepRecord
from tertib.cases.requests import take_in
from tertib.cases.search import search_text
from tertib.demo.management.commands.demo import EVERYTHING, PASSWORD, UNDAAN_DESA, WIB
from tertib.org.models import Assignment, Office, Position
from tertib.sop.models import Sop, SopVersion

SKTM = "undaan-legalisasi-sktm"
# Three more kecamatan run the same SOP, so that a worklist shows one office's cases among many.
OTHER_DESA = {
    "Jati": ["Jati Wetan", "Jati Kulon", "Loram Kulon", "Tanjungkarang", "Getas Pejaten"],
    "Mejobo": ["Mejobo", "Kesambi", "Temulus", "Golantepus", "Hadiwarno"],
    "Jekulo": ["Jekulo", "Tanjungrejo", "Honggosoco", "Bulungcangkring", "Klaling"],
}
OFFICE_WEIGHTS = [4, 2, 2, 2]  # Kecamatan Undaan first
FIRST_NAMES = ["Siti", "Sri", "Slamet", "Budi", "Dwi", "Eko", "Agus", "Tri", "Sumarni", "Karsono"]
LAST_NAMES = ["Rahayu", "Wahyuni", "Riyadi", "Santoso", "Lestari", "Prasetyo", "Mulyani", "Warsini"]
DONE = {1: "lanjut", 2: "ya", 3: "lanjut", 4: "lanjut", 5: "lanjut", 6: "lanjut"}
NOTES = {
    "tidak": "Persyaratan kurang: Fotokopi KK",
    "ditolak": "SKTM tidak sah",
    "dibatalkan": "Pemohon menarik berkas",
}
HANDED_OVER = "Diserahkan kepada Pemohon sendiri"
WAITS = [0, 0, 0, 1, 1, 2, 3, 5, 8]  # office minutes before a step is taken up


def sktm_version() -> SopVersion:
    return Sop.objects.select_related("current_version").get(kode=SKTM).current_version


# --- The offices and people --------------------------------------------------------------


def prepare_offices() -> list[Office]:
    """The demo's offices and people, plus three kecamatan with the same three positions."""
    call_command("demo", stdout=io.StringIO())
    password = make_password(PASSWORD)  # hashed once: hashing is slow on purpose
    for name in OTHER_DESA:
        office, _ = Office.objects.get_or_create(
            slug=f"kecamatan-{name.lower()}", defaults={"name": f"Kecamatan {name}", "city": name}
        )
        for kode, title in [
            ("camat", f"Camat {name}"),
            ("kasi_kesra", "Kasi Kesra"),
            ("staf", "Staf"),
        ]:
            _hold(office, kode, title, username=f"{kode[:5]}.{name.lower()}", password=password)
    slugs = ["kecamatan-undaan", *(f"kecamatan-{name.lower()}" for name in OTHER_DESA)]
    return [Office.objects.get(slug=slug) for slug in slugs]


def _hold(office: Office, kode: str, title: str, *, username: str, password: str) -> None:
    position, _ = Position.objects.get_or_create(
        office=office, kode=kode, defaults={"title": title}
    )
    user, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"password": password}
    )
    Assignment.objects.get_or_create(
        position=position, user=user, defaults={"starts_on": datetime.date(2020, 1, 1)}
    )


def holders(office: Office) -> dict[str, tuple]:
    """Pelaksana kode -> (the definitive holder, the title they sign with)."""
    rows = Assignment.objects.filter(
        position__office=office, kind=Assignment.Kind.DEFINITIF
    ).select_related("position", "user")
    return {a.position.kode: (a.user, a.signature_title) for a in rows}


# --- Seeding -----------------------------------------------------------------------------


@dataclass
class Seeding:
    version: SopVersion
    offices: list[Office]
    rng: random.Random
    days: list[datetime.date]  # working days of the last two years, before today
    people: dict[int, dict[str, tuple]] = field(default_factory=dict)
    mutu: dict[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.people = {office.pk: holders(office) for office in self.offices}
        self.mutu = {
            s.no: mutu_baku_minutes(s.mutu_baku.parsed_waktu, len(s.pelaksana))
            for s in self.version.definition.langkah
        }


def seed_cases(total: int, *, offices: list[Office], batch: int = 5000) -> int:
    """Top the database up to `total` cases, written in bulk; returns how many were made."""
    have = Case.objects.count()
    today = timezone.localdate()
    days = [today - datetime.timedelta(days=n) for n in range(730, 0, -1)]
    seeding = Seeding(
        version=sktm_version(),
        offices=offices,
        rng=random.Random(have),
        days=[day for day in days if calendar().is_working_day(day)],
    )
    for start in range(have, total, batch):
        with transaction.atomic():
            _seed_batch(seeding, range(start, min(total, start + batch)))
    return max(0, total - have)


def _seed_batch(seeding: Seeding, numbers: range) -> None:
    cases, records = [], []
    for number in numbers:
        case, steps = _seeded_case(seeding, number)
        cases.append(case)
        records += steps
    Case.objects.bulk_create(cases)
    StepRecord.objects.bulk_create(records, batch_size=2000)


def _fate(rng: random.Random) -> tuple[str, list[tuple[int, str]]]:
    """Most cases finished; some open at each step, returned, rejected or withdrawn."""
    done = list(DONE.items())
    draw = rng.random()
    if draw < 0.010:
        step = rng.choices(range(1, 7), weights=[5, 30, 20, 20, 15, 10])[0]
        return Case.State.BERJALAN, done[: step - 1] + [(step, "")]
    if draw < 0.015:
        return Case.State.MENUNGGU_PEMOHON, done[:1] + [(2, "tidak")]
    if draw < 0.035:
        step = rng.choice([3, 4])
        return Case.State.DITOLAK, done[: step - 1] + [(step, "ditolak")]
    if draw < 0.045:
        return Case.State.DIBATALKAN, done[:1] + [(2, "dibatalkan")]
    return Case.State.SELESAI, done


def _seeded_case(s: Seeding, number: int) -> tuple[Case, list[StepRecord]]:
    office = s.rng.choices(s.offices, weights=OFFICE_WEIGHTS)[0]
    state, path = _fate(s.rng)
    returned = state == Case.State.MENUNGGU_PEMOHON
    # Open cases arrived in the last working week; the rest over two years.
    day = s.rng.choice(s.days[-5:] if state == Case.State.BERJALAN else s.days)
    at = datetime.datetime.combine(day, datetime.time(7, 30), tzinfo=WIB)
    at += datetime.timedelta(minutes=s.rng.randint(0, 120))
    applicant = _applicant(s.rng, office, day)
    code = f"{office.slug.split('-')[-1][:3].upper()}-{number:07d}"  # never a new_code()
    case = Case(
        code=code,
        office_id=office.pk,
        sop_version_id=s.version.pk,
        state=state,
        current_step=path[-1][0],
        subject=applicant["nama"],
        intake=applicant,
        search_text=search_text(
            code=code, subject=applicant["nama"], intake=applicant, definition=s.version.definition
        ),
        checklist=[kode for kode in EVERYTHING if kode != "fotokopi_kk"]
        if returned
        else EVERYTHING,
        opened_at=at,
        opened_by_id=s.people[office.pk]["staf"][0].pk,
    )
    records = []
    for step_no, outcome in path:
        records.append(_seeded_record(s, case, step_no, outcome, at))
        at = records[-1].completed_at or at
    case.note = records[-1].note
    case.closed_at = None if case.is_open else records[-1].completed_at
    return case, records


def _seeded_record(s: Seeding, case: Case, step_no: int, outcome: str, arrived) -> StepRecord:
    """One visit as the engine records it; times fall in one office morning, so wall-clock
    minutes are office minutes."""
    kode = s.version.definition.langkah[step_no - 1].pelaksana[0]
    user, title = s.people[case.office_id][kode]
    record = StepRecord(
        case=case,
        office_id=case.office_id,
        sop_version_id=case.sop_version_id,
        step_no=step_no,
        pelaksana=kode,
        arrived_at=arrived,
        mutu_baku_minutes=s.mutu[step_no],
        due_at=due_at(arrived, s.mutu[step_no]),
    )
    if not outcome and step_no > 1 and s.rng.random() < 0.7:
        return record  # still waiting to be taken up
    wait = 0 if step_no == 1 else s.rng.choice(WAITS)
    handling = s.rng.randint(1, s.mutu[step_no])
    if s.rng.random() < 0.15:
        handling += s.rng.randint(1, 10)  # late
    record.claimed_at = arrived + datetime.timedelta(minutes=wait)
    record.claimed_by_id, record.signed_as = user.pk, "" if outcome == "dibatalkan" else title
    if outcome:
        record.completed_at = record.claimed_at + datetime.timedelta(minutes=handling)
        record.completed_by_id, record.outcome = user.pk, outcome
        record.note = HANDED_OVER if step_no == 6 else NOTES.get(outcome, "")
        record.waiting_minutes, record.handling_minutes = wait, handling
    return record


def _applicant(rng: random.Random, office: Office, day: datetime.date) -> dict:
    """Intake answers shaped like the SKTM form's, with a NIK and KK of the right form."""
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    born = datetime.date(rng.randint(1950, 2000), rng.randint(1, 12), rng.randint(1, 28))
    nik = f"331904{born.day + 40 * rng.randint(0, 1):02d}{born:%m%y}{rng.randint(1, 9999):04d}"
    desa = rng.choice(OTHER_DESA.get(office.city, UNDAAN_DESA))
    return {
        "nama": name,
        "nik": nik,
        "kk": f"331904{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{rng.randint(5, 24):02d}"
        f"{rng.randint(1, 9999):04d}",
        "alamat": f"RT {rng.randint(1, 9):02d} RW {rng.randint(1, 5):02d}",
        "desa": desa,
        "telepon": f"08{rng.randint(10**9, 10**10 - 1)}",
        "nomor_jkn": f"{rng.randint(1, 10**13 - 1):013d}",
        "nomor_sktm": f"400.7.22/{rng.randint(1, 400):03d}/{day.year}",
        "tanggal_sktm": (day - datetime.timedelta(days=rng.randint(1, 14))).isoformat(),
        "desa_sktm": desa,
    }


def analyze() -> None:
    """Fresh planner statistics after a bulk load, as autovacuum would soon gather them."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


# --- The engine against a plain transaction -----------------------------------------------


@dataclass
class EngineFigures:
    steps: list[float]  # one transaction: the holder finishes an unclaimed step
    claims: list[float]  # the other way: taken first, then finished
    completes: list[float]
    intakes: list[float]
    queries: dict[str, int]

    @property
    def step_rate(self) -> float:
        return len(self.steps) / sum(self.steps)

    @property
    def claimed_step_rate(self) -> float:
        """Steps per second when each is claimed first, then completed."""
        return len(self.completes) / (sum(self.claims) + sum(self.completes))


def engine_figures(*, office: Office, cases: int) -> EngineFigures:
    """Take in 2 × `cases` SKTM requests, then do steps 2 and 3 of each: half of them finished
    in one transaction each, half claimed first and then finished."""
    people = holders(office)
    staf, kasi = people["staf"][0], people["kasi_kesra"][0]
    version = sktm_version()
    opened = [_take_in(version, office, staf) for _ in range(10)]
    _walk(opened, staf, kasi, claim=False)  # warm-up
    intakes = []
    for _ in range(2 * cases):
        started = time.perf_counter()
        opened.append(_take_in(version, office, staf))
        intakes.append(time.perf_counter() - started)
    _claims, steps = _walk(opened[10 : 10 + cases], staf, kasi, claim=False)
    claims, completes = _walk(opened[10 + cases :], staf, kasi, claim=True)
    queries, counted = _engine_queries(version, office, staf, kasi)
    for case in [*opened, counted]:  # so that repeated runs do not pile up open cases
        cancel_case(case=case, actor=staf, reason="Permohonan uji beban (make bench)")
    return EngineFigures(steps, claims, completes, intakes, queries)


def _take_in(version: SopVersion, office: Office, actor) -> Case:
    applicant = _applicant(random.Random(), office, timezone.localdate())
    return take_in(
        sop_version=version,
        office=office,
        actor=actor,
        subject=applicant["nama"],
        intake=applicant,
        checklist=EVERYTHING,
        scans=[],
    )


def _walk(cases: list[Case], staf, kasi, *, claim: bool) -> tuple[list[float], list[float]]:
    claims, completes = [], []
    for actor, decision in [(staf, "ya"), (kasi, "lanjut")]:
        for case in cases:
            claimed, complete = _step(case, actor, decision, claim=claim)
            claims.append(claimed)
            completes.append(complete)
    return claims, completes


def _step(case: Case, actor, decision: str, *, claim: bool) -> tuple[float, float]:
    """Seconds to claim (0 when not claimed first) and to finish the case's open step."""
    record_id = open_record(case).pk  # as the step's form posts it
    given = StepInput(checklist=EVERYTHING)
    started = time.perf_counter()
    if claim:
        claim_step(case=case, record_id=record_id, actor=actor)
    claimed = time.perf_counter()
    complete_step(case=case, record_id=record_id, actor=actor, decision=decision, given=given)
    return claimed - started, time.perf_counter() - claimed


def _engine_queries(version: SopVersion, office: Office, staf, kasi) -> tuple[dict[str, int], Case]:
    """Statements per call (BEGIN and COMMIT included), counted on one more case after the
    timing: the intake, step 2 finished in one transaction, step 3 claimed then finished."""
    with CaptureQueriesContext(connection) as intake:
        case = _take_in(version, office, staf)
    given, record_id = StepInput(checklist=EVERYTHING), open_record(case).pk
    with CaptureQueriesContext(connection) as step:
        complete_step(case=case, record_id=record_id, actor=staf, decision="ya", given=given)
    record_id = open_record(case).pk
    with CaptureQueriesContext(connection) as claim:
        claim_step(case=case, record_id=record_id, actor=kasi)
    with CaptureQueriesContext(connection) as complete:
        complete_step(case=case, record_id=record_id, actor=kasi)
    counts = [len(intake), len(step), len(claim), len(complete)]
    return dict(zip(["intake", "step", "claim", "complete"], counts, strict=True)), case


def plain_rate(count: int) -> float:
    """Transactions per second of SELECT (FOR UPDATE), UPDATE, INSERT, INSERT on two small
    tables made for the purpose and dropped afterwards."""
    serial = "bigserial" if connection.vendor == "postgresql" else "integer"
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_plain_log")
        cursor.execute("DROP TABLE IF EXISTS bench_plain")
        cursor.execute("CREATE TABLE bench_plain (id integer PRIMARY KEY, n integer NOT NULL)")
        cursor.execute(
            f"CREATE TABLE bench_plain_log (id {serial} PRIMARY KEY, plain_id integer NOT NULL,"
            " n integer NOT NULL, note varchar(200) NOT NULL, at timestamp NOT NULL)"
        )
        cursor.execute("INSERT INTO bench_plain (id, n) VALUES (1, 0)")
    try:
        _plain_transactions(count // 10)  # warm-up
        started = time.perf_counter()
        _plain_transactions(count)
        return count / (time.perf_counter() - started)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE bench_plain_log")
            cursor.execute("DROP TABLE bench_plain")


def _plain_transactions(count: int) -> None:
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    insert = "INSERT INTO bench_plain_log (plain_id, n, note, at) VALUES (%s, %s, %s, %s)"
    for _ in range(count):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SELECT n FROM bench_plain WHERE id = %s{lock}", [1])
            n = cursor.fetchone()[0] + 1
            cursor.execute("UPDATE bench_plain SET n = %s WHERE id = %s", [n, 1])
            cursor.execute(insert, [1, n, "langkah", datetime.datetime.now()])
            cursor.execute(insert, [1, n, "jejak", datetime.datetime.now()])


# --- Pages -------------------------------------------------------------------------------


@login_required
def bare(request: HttpRequest) -> HttpResponse:
    """The floor: the same middleware and login check as a staff page, nothing else."""
    return HttpResponse("ok")


# Used as ROOT_URLCONF while the pages are timed: the project's pages plus the bare view.
urlpatterns = [path("bench/bare/", bare), *project_urls.urlpatterns]


def page_times(*, user, urls: dict[str, str], rounds: int) -> dict[str, list[float]]:
    """Seconds per request of each page, through the test client and all middleware; the pages
    take turns so that a slow spell of the machine falls on all of them alike."""
    client = Client()
    client.force_login(user)
    times: dict[str, list[float]] = {name: [] for name in urls}
    with override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["testserver"]):
        for turn in range(rounds + rounds // 10):
            for name, url in urls.items():
                started = time.perf_counter()
                response = client.get(url, secure=True)
                elapsed = time.perf_counter() - started
                if response.status_code != 200:
                    raise RuntimeError(f"{url}: HTTP {response.status_code}")
                if turn >= rounds // 10:  # the first tenth warms up
                    times[name].append(elapsed)
    return times


def page_queries(*, user, urls: dict[str, str]) -> dict[str, int]:
    """Statements per page as a user sees it all day long: after a first page, which also works
    out the user's menu and keeps it in the session."""
    client = Client()
    client.force_login(user)
    counts = {}
    with override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["testserver"]):
        client.get(next(iter(urls.values())), secure=True)
        for name, url in urls.items():
            with CaptureQueriesContext(connection) as queries:
                client.get(url, secure=True)
            counts[name] = len(queries)
    return counts


def bench_urls(office: Office) -> dict[str, str]:
    """The staff worklist, the page of a finished case (with its documents when it has any),
    and the bare view."""
    finished = Case.objects.filter(office=office, state=Case.State.SELESAI)
    case = finished.filter(documents__isnull=False).first() or finished.first()
    return {
        "worklist": reverse("cases:worklist"),
        "case page": reverse("cases:detail", args=[case.code]),
        "bare view": "/bench/bare/",
    }


def worklist_size(office: Office, user) -> tuple[int, int]:
    """Open steps waiting for the user's positions in the office, and cases with the applicant."""
    kodes = [kode for kode, (holder, _) in holders(office).items() if holder == user]
    steps = StepRecord.objects.filter(office=office, pelaksana__in=kodes, completed_at=None)
    returned = Case.objects.filter(office=office, state=Case.State.MENUNGGU_PEMOHON)
    return steps.count(), returned.count()


def percentile_ms(seconds: list[float], pct: int) -> float:
    return statistics.quantiles(seconds, n=100, method="inclusive")[pct - 1] * 1000


def database_name() -> str:
    db = settings.DATABASES["default"]
    return f"{connection.vendor} {db['NAME']}"
