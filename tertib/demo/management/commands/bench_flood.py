"""`make bench`: /lacak/ p95 while twelve clients fetch SOP PDFs, against idle (aim <= 2x)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tertib.demo import bench, bench_flood


class Command(BaseCommand):
    help = (
        "Ukur waktu halaman /lacak/ (p95) saat 12 klien mengunduh PDF SOP terus-menerus, "
        "dibandingkan saat server menganggur; gunicorn dengan 4 worker."
    )

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=200, help="permintaan /lacak/")
        parser.add_argument("--clients", type=int, default=12, help="klien yang mengunduh PDF")
        parser.add_argument("--workers", type=int, default=4, help="worker gunicorn")
        parser.add_argument("--threads", type=int, default=8, help="thread per worker")

    def handle(self, *args, requests: int, clients: int, workers: int, threads: int, **options):
        if settings.DEBUG:
            raise CommandError("DEBUG menyala: setiap query dicatat dan angkanya tidak jujur.")
        pdfs = bench_flood.pdf_paths()
        if not pdfs:
            raise CommandError("Belum ada SOP: jalankan sop_load dulu.")
        track = bench_flood.track_path() or self._one_case()
        with bench_flood.gunicorn(workers=workers, threads=threads) as base:
            flood = bench_flood.measure(
                base=base, track=track, pdfs=pdfs, requests=requests, clients=clients
            )
        self._report(flood, workers=workers, threads=threads, clients=clients, pdfs=len(pdfs))

    def _one_case(self) -> str:
        bench.seed_cases(20, offices=bench.prepare_offices())
        return bench_flood.track_path()

    def _report(self, flood, *, workers: int, threads: int, clients: int, pdfs: int) -> None:
        idle95 = bench.percentile_ms(flood.idle, 95)
        flooded95 = bench.percentile_ms(flood.flooded, 95)
        ratio = flooded95 / idle95
        cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
        self.stdout.write(
            f"/lacak/ under a PDF flood (gunicorn {workers} workers x {threads} threads, "
            f"{bench.database_name()}, {cache})"
        )
        self.stdout.write(
            f"  first PDF {flood.first_pdf_seconds * 1000:.0f} ms; {clients} clients fetched "
            f"{flood.pdfs} PDFs of {pdfs} versions ({flood.pdf_rate:.0f}/s), "
            f"{flood.pdf_errors} errors"
        )
        self.stdout.write(
            f"  idle    p50 {bench.percentile_ms(flood.idle, 50):6.1f} ms  p95 {idle95:6.1f} ms"
        )
        self.stdout.write(
            f"  flooded p50 {bench.percentile_ms(flood.flooded, 50):6.1f} ms  "
            f"p95 {flooded95:6.1f} ms | ratio {ratio:.2f} (aim <= 2) "
            f"{'met' if ratio <= 2 else 'NOT met'}; {flood.track_errors} errors"
        )
