from django.core.management.base import BaseCommand
from django.utils import timezone

from tertib.services.iuran.reminders import sweep


class Command(BaseCommand):
    help = "Pengingat batas bulan tagihan iuran dan eskalasi ke Kepala Dinas (tiap hari)."

    def handle(self, *args, **options):
        report = sweep(today=timezone.localdate())
        self.stdout.write(
            f"{report.bills} tagihan diperiksa, {report.notices} pemberitahuan, "
            f"{report.emails} e-mail terkirim."
        )
