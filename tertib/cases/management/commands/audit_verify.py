from django.core.management.base import BaseCommand, CommandError

from tertib.cases import checkpoints
from tertib.cases.auditcheck import verify


class Command(BaseCommand):
    help = (
        "Periksa jejak audit: setiap rantai, kepalanya, checkpoint terakhir, dan catatan langkah, "
        "buku register dan dokumen terhadap salinannya; sebutkan apa yang berubah."
    )

    def handle(self, *args, **options):
        try:
            marks, last = checkpoints.read()
        except checkpoints.CheckpointError as error:
            raise CommandError(f"Checkpoint tidak dapat dipercaya: {error}") from None
        problems, events = verify(marks)
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"Jejak audit rusak: {len(problems)} masalah.")
        since = f", sesuai checkpoint {last['made_at']}" if last else ", belum ada checkpoint"
        self.stdout.write(f"Jejak audit utuh: {events} peristiwa{since}.")
