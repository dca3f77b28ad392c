"""`manage.py bench_ikm`: answers for the seeded SKTM cases, then the IKM figures and pages."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from tertib.citizen import bench as citizen_bench
from tertib.citizen.models import SurveyResponse
from tertib.demo import bench


class Command(BaseCommand):
    help = (
        "Jawab survei untuk perkara SKTM benchmark yang sudah dilayani, lalu ukur angka IKM, "
        "halaman IKM dan halaman standar pelayanan."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=100_000, help="perkara di basis data")
        parser.add_argument("--requests", type=int, default=100, help="permintaan per halaman")

    def handle(self, *args, cases: int, requests: int, **options):
        if settings.DEBUG:
            raise CommandError("DEBUG menyala: setiap query dicatat dan angkanya tidak jujur.")
        self.stdout.write(f"database: {bench.database_name()}")
        offices = bench.prepare_offices()
        bench.seed_cases(cases, offices=offices)
        office = offices[0]
        made = citizen_bench.seed_answers(office)
        period = citizen_bench.busiest_semester(office)
        answers = SurveyResponse.objects.filter(office=office).count()
        self.stdout.write(f"answers: {made} made, {answers} for {office.name}; {period.name}")
        seconds = citizen_bench.figure_times(office, period, rounds=requests)
        self.stdout.write(
            f"office_ikm   p50 {bench.percentile_ms(seconds, 50):6.1f} ms  "
            f"p95 {bench.percentile_ms(seconds, 95):6.1f} ms"
        )
        self._pages(office, period, requests)

    def _pages(self, office, period, requests: int) -> None:
        staf = bench.holders(office)["staf"][0]
        half = 1 if period.start.month <= 6 else 2
        urls = {
            "IKM page": reverse("ikm:office", args=[office.slug])
            + f"?semester={period.start.year}-{half}",
            "service page": reverse("citizen:service", args=[office.slug, bench.SKTM]),
            "bare view": "/bench/bare/",
        }
        times = bench.page_times(user=staf, urls=urls, rounds=requests)
        queries = bench.page_queries(user=staf, urls=urls)
        for name, seconds in times.items():
            p50, p95 = bench.percentile_ms(seconds, 50), bench.percentile_ms(seconds, 95)
            self.stdout.write(
                f"{name:<12} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  {queries[name]:>2} queries"
            )
