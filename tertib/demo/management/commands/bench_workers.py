"""`manage.py bench_workers`: whole SKTM cases walked by 1 and by N worker processes at once."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from tertib.demo import bench_workers


class Command(BaseCommand):
    help = (
        "Ukur laju permohonan SKTM utuh (dari penerimaan sampai penyerahan, dengan nomor register "
        "dan lembar legalisasi) oleh 1 proses dan oleh N proses sekaligus, di PostgreSQL."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--workers", type=int, nargs="+", default=[8], help="proses pekerja (dibanding 1)"
        )
        parser.add_argument("--seconds", type=float, default=20, help="lama tiap putaran")

    def handle(self, *args, workers: list[int], seconds: float, **options):
        if settings.DEBUG:
            raise CommandError("DEBUG menyala: setiap query dicatat dan angkanya tidak jujur.")
        if connection.vendor != "postgresql":  # `make bench` on SQLite: one writer at a time
            self.stdout.write("workers: skipped, the 8-vs-1 bench needs PostgreSQL (DATABASE_URL)")
            return
        self.stdout.write(f"database: postgresql {settings.DATABASES['default']['NAME']}")
        bench_workers.prepare()
        one = self._run(1, seconds)
        failed = bool(bench_workers.problems_of(one))
        for count in [n for n in workers if n != 1]:
            many = self._run(count, seconds)
            failed |= bool(bench_workers.problems_of(many))
            ratio = many.transitions_per_second / one.transitions_per_second
            verdict = "met" if ratio >= bench_workers.AIM and not many.errors else "NOT met"
            self.stdout.write(
                f"{count} workers vs 1: {ratio:.2f}x transitions/s "
                f"(aim >= {bench_workers.AIM}x, 0 errors): {verdict}"
            )
        if failed:
            raise CommandError("Ada kesalahan atau permohonan yang tidak beres (lihat di atas).")

    def _run(self, workers: int, seconds: float) -> bench_workers.Run:
        result = bench_workers.run(workers=workers, seconds=seconds)
        self.stdout.write(bench_workers.summary(result))
        for problem in bench_workers.problems_of(result):
            self.stderr.write(f"  {problem}")
        return result
