"""`make bench`, reports: a province's years of step records, one office's semester timed."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tertib.cases.models import StepRecord
from tertib.demo.bench import database_name, percentile_ms
from tertib.reports import bench
from tertib.reports.figures import semester


class Command(BaseCommand):
    help = (
        "Isi tabel catatan langkah sampai N baris (riwayat bertahun-tahun satu provinsi), lalu "
        "ukur dasbor satu kantor untuk satu semester terhadap pemindaian penuh tabel itu."
    )

    def add_arguments(self, parser):
        parser.add_argument("--records", type=int, default=10_000_000, help="catatan langkah")
        parser.add_argument("--requests", type=int, default=40, help="permintaan dasbor")

    def handle(self, *args, records: int, requests: int, **options):
        if settings.DEBUG:
            raise CommandError("DEBUG menyala: setiap query dicatat dan angkanya tidak jujur.")
        self.stdout.write(f"database: {database_name()}")
        started = time.perf_counter()
        written = bench.seed_records(records)
        if written:
            bench.analyze()
        self.stdout.write(
            f"seed: {written} step records written in {time.perf_counter() - started:.0f} s, "
            f"{StepRecord.objects.count()} in the table"
        )
        office, period = bench.bench_offices()[7], semester(2025, 2)
        times = bench.dashboard_times(office=office, period=period, rounds=requests)
        scan = bench.scan_seconds()
        shown = StepRecord.objects.filter(
            office=office, completed_at__range=period.bounds()
        ).count()
        self.stdout.write(
            f"dashboard of {office.name}, {period.name}: {shown} step records in the period"
        )
        for name, seconds in times.items():
            p95 = percentile_ms(seconds, 95)
            self.stdout.write(
                f"  {name:<8} p50 {percentile_ms(seconds, 50):6.1f} ms  p95 {p95:6.1f} ms"
                f"  | ratio to full scan {p95 / (scan * 1000):.3f} (aim < 0.1)"
            )
        self.stdout.write(f"full scan of the step table: {scan * 1000:.0f} ms")
