from django.core.management.base import BaseCommand
from django.utils import timezone

from tertib import kept
from tertib.cases.locks import Busy, command_lock
from tertib.services.iuran.reminders import sweep


class Command(BaseCommand):
    help = "Pengingat batas bulan tagihan iuran dan eskalasi ke Kepala Dinas (tiap hari)."

    def handle(self, *args, **options):
        try:
            with command_lock("sweep"):  # two servers' timers never send twice
                report = sweep(today=timezone.localdate())
                removed = kept.remove_stale()  # files of refused forms, older than a day
        except Busy:  # the other server's timer is on it: nothing to do here, and no failure
            self.stdout.write("Dilewati: sapuan harian sedang dijalankan server lain.")
            return
        self.stdout.write(
            f"{report.bills} tagihan diperiksa, {report.notices} pemberitahuan, "
            f"{report.emails} e-mail terkirim, {removed} lampiran tertunda dihapus."
        )
