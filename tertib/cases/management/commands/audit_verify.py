from django.core.management.base import BaseCommand, CommandError

from tertib.cases.audit import verify_chain
from tertib.cases.models import AuditEvent


class Command(BaseCommand):
    help = "Periksa rantai hash jejak audit: laporkan peristiwa yang diubah atau dihapus."

    def handle(self, *args, **options):
        problems = verify_chain()
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"Jejak audit rusak: {len(problems)} masalah.")
        self.stdout.write(f"Jejak audit utuh: {AuditEvent.objects.count()} peristiwa.")
