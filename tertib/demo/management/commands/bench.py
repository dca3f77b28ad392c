"""`make bench`: seed SKTM cases, then time the engine and the staff pages in the same run."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tertib.cases.models import Case
from tertib.cases.views import WORKLIST_PAGE
from tertib.demo import bench


class Command(BaseCommand):
    help = (
        "Isi basis data sampai N permohonan SKTM, lalu ukur laju langkah mesin SOP dan waktu "
        "halaman daftar kerja dan permohonan."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=100_000, help="permohonan di basis data")
        parser.add_argument("--steps", type=int, default=1000, help="langkah yang diukur")
        parser.add_argument("--requests", type=int, default=200, help="permintaan per halaman")

    def handle(self, *args, cases: int, steps: int, requests: int, **options):
        if settings.DEBUG:
            raise CommandError("DEBUG menyala: setiap query dicatat dan angkanya tidak jujur.")
        self.stdout.write(f"database: {bench.database_name()}")
        offices = bench.prepare_offices()
        self._seed(cases, offices)
        self._engine(offices[0], steps)
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
        figures = bench.engine_figures(office=office, cases=max(1, steps // 2))
        plain = bench.plain_rate(max(1000, steps * 2))
        rate = figures.complete_rate
        self.stdout.write(
            f"engine: {rate:.0f} steps/s | plain 4-statement tx: {plain:.0f} tx/s | "
            f"ratio {rate / plain:.2f} (aim >= 0.5)"
        )
        q, claimed = figures.queries, figures.claimed_step_rate
        self.stdout.write(
            f"  {len(figures.completes)} complete_step calls (steps 2-3); "
            f"with claim_step first: {claimed:.0f} steps/s, ratio {claimed / plain:.2f}"
        )
        self.stdout.write(
            f"  ms per call: intake {_ms(figures.intakes)}, claim {_ms(figures.claims)}, "
            f"complete {_ms(figures.completes)} | queries per call: intake {q['intake']}, "
            f"claim {q['claim']}, complete {q['complete']}"
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


def _ms(seconds: list[float]) -> str:
    return f"{sum(seconds) / len(seconds) * 1000:.1f}"
