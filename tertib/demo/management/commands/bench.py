"""`make bench`: seed SKTM cases, then time the engine and the staff pages in the same run."""

import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from tertib.cases.models import Case
from tertib.cases.views import WORKLIST_PAGE
from tertib.demo import bench, peer
from tertib.demo.management.commands.demo import EVERYTHING, PASSWORD


class Command(BaseCommand):
    help = (
        "Isi basis data sampai N permohonan SKTM, lalu ukur laju langkah mesin SOP dan waktu "
        "halaman daftar kerja dan permohonan."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=100_000, help="permohonan di basis data")
        parser.add_argument("--steps", type=int, default=1000, help="langkah yang diukur")
        parser.add_argument("--requests", type=int, default=200, help="permintaan per halaman")
        parser.add_argument(
            "--whole", type=int, default=500, help="permohonan utuh, Tertib dan SpiffWorkflow"
        )

    def handle(self, *args, cases: int, steps: int, requests: int, whole: int, **options):
        if settings.DEBUG:
            raise CommandError("DEBUG menyala: setiap query dicatat dan angkanya tidak jujur.")
        self.stdout.write(f"database: {bench.database_name()}")
        offices = bench.prepare_offices()
        self._seed(cases, offices)
        self._engine(offices[0], steps)
        self._whole_cases(offices[0], whole)
        self._pages(offices[0], requests)

    def _seed(self, cases: int, offices) -> None:
        started = time.perf_counter()
        made = bench.seed_cases(cases, offices=offices)
        if made:
            bench.analyze()
        self.stdout.write(
            f"seed: {made} cases made in {time.perf_counter() - started:.1f} s, "
            f"{Case.objects.count()} in the database"
        )

    def _engine(self, office, steps: int) -> None:
        figures = bench.engine_figures(office=office, cases=max(1, steps // 4))
        plain = bench.plain_rate(max(1000, steps * 2))
        rate = figures.step_rate
        aim = "(aim >= 0.3 on PostgreSQL)"
        if connection.vendor == "postgresql":
            aim = f"(aim >= 0.3) {_met(rate / plain >= 0.3)}"
        self.stdout.write(
            f"engine, one-transaction step: {rate:.0f} steps/s | plain 4-statement tx: "
            f"{plain:.0f} tx/s | ratio {rate / plain:.2f} {aim}"
        )
        q, claimed = figures.queries, figures.claimed_step_rate
        self.stdout.write(
            f"  {len(figures.steps)} steps (2-3) finished by their holder in one transaction; "
            f"claimed first, then finished: {claimed:.0f} steps/s, ratio {claimed / plain:.2f}"
        )
        self.stdout.write(
            f"  ms per call: intake {_ms(figures.intakes)}, step {_ms(figures.steps)}, "
            f"claim {_ms(figures.claims)}, complete {_ms(figures.completes)}"
        )
        self.stdout.write(
            f"  statements per call (BEGIN/COMMIT included): intake {q['intake']}, "
            f"step {q['step']}, claim {q['claim']}, complete after claim {q['complete']}"
        )

    def _whole_cases(self, office, cases: int) -> None:
        people = bench.holders(office)
        desk = peer.Desk(
            version=bench.sktm_version(),
            office=office,
            people={kode: user for kode, (user, _title) in people.items()},
            intake=bench._applicant(random.Random(0), office, timezone.localdate()),
            checklist=EVERYTHING,
            password=PASSWORD,
        )
        tertib, spiff = peer.whole_cases(definition=desk.version.definition, desk=desk, cases=cases)
        ratio = tertib.case_rate / spiff.case_rate
        # The aim compares like with like: both engines on SQLite WAL. On PostgreSQL every step
        # waits for a server round trip and a commit on disk that SpiffWorkflow's file skips.
        verdict = (
            f"(aim >= 1) {_met(ratio >= 1)}"
            if connection.vendor == "sqlite"
            else "(for information: the aim >= 1 is on SQLite WAL both)"
        )
        self.stdout.write(
            f"whole SKTM cases (intake + steps 2-6), SpiffWorkflow on SQLite WAL, Tertib on "
            f"{bench.database_name()}: Tertib "
            f"{tertib.case_rate:.0f} cases/s, {tertib.step_rate:.0f} steps/s | SpiffWorkflow "
            f"{spiff.case_rate:.0f} cases/s, {spiff.step_rate:.0f} steps/s | ratio {ratio:.2f} "
            f"{verdict}"
        )
        self.stdout.write(
            f"  {tertib.cases} cases each, taking turns; not counted, per case: password proven "
            f"before the step {tertib.before / tertib.cases * 1000:.1f} ms, after the commits "
            f"(PDFs) {tertib.after_commit / tertib.cases * 1000:.0f} ms; SpiffWorkflow state "
            f"{spiff.state_bytes} bytes per case, spec included"
        )

    def _pages(self, office, requests: int) -> None:
        staf = bench.holders(office)["staf"][0]
        urls = bench.bench_urls(office)
        open_steps, returned = bench.worklist_size(office, staf)
        self.stdout.write(
            f"pages as {staf.username}: {open_steps} open steps await them, "
            f"{returned} cases are back with the applicant (the worklist shows "
            f"{WORKLIST_PAGE} of each)"
        )
        times = bench.page_times(user=staf, urls=urls, rounds=requests)
        queries = bench.page_queries(user=staf, urls=urls)
        floor = bench.percentile_ms(times["bare view"], 95)
        for name, seconds in times.items():
            p50, p95 = bench.percentile_ms(seconds, 50), bench.percentile_ms(seconds, 95)
            ratio = "" if name == "bare view" else f" | ratio {p95 / floor:.1f} (aim <= 4)"
            self.stdout.write(
                f"{name:<10} p50 {p50:5.1f} ms  p95 {p95:5.1f} ms  "
                f"{queries[name]:>2} queries{ratio}"
            )


def _met(ok: bool) -> str:
    return "MET" if ok else "NOT MET"


def _ms(seconds: list[float]) -> str:
    return f"{sum(seconds) / len(seconds) * 1000:.1f}"
