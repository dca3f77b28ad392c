from django.core.management.base import BaseCommand, CommandError

from tertib.cases.issuing import render_pending
from tertib.cases.locks import Busy, command_lock


class Command(BaseCommand):
    help = (
        "Render dokumen terbit yang belum punya berkas PDF (proses yang menerbitkannya berhenti "
        "sebelum sempat merender); jalankan bersama sapuan harian."
    )

    def handle(self, *args, **options):
        try:
            with command_lock("issue_documents"):  # one catch-up at a time, across servers
                done, problems = render_pending()
        except Busy:  # the other server's timer is on it: nothing to do here, and no failure
            self.stdout.write("Dilewati: dokumen tertunda sedang dirender oleh server lain.")
            return
        for problem in problems:
            self.stderr.write(problem)
        self.stdout.write(f"{done} dokumen dirender, {len(problems)} gagal.")
        if problems:
            raise CommandError(f"{len(problems)} dokumen belum dapat dirender.")
