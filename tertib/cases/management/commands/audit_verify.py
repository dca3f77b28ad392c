from django.core.management.base import BaseCommand, CommandError

from tertib.cases import checkpoints
from tertib.cases.auditcheck import verify, verify_files


class Command(BaseCommand):
    help = (
        "Periksa jejak audit: setiap rantai, kepalanya, checkpoint terakhir, dan catatan langkah, "
        "buku register dan dokumen terhadap salinannya; sebutkan apa yang berubah."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--berkas",
            action="store_true",
            help="baca juga setiap dokumen terbit dan pindaian dan cocokkan SHA-256-nya",
        )

    def handle(self, *args, **options):
        try:
            marks, last = checkpoints.read()
        except checkpoints.CheckpointError as error:
            raise CommandError(f"Checkpoint tidak dapat dipercaya: {error}") from None
        problems, events = verify(marks)
        if options["berkas"]:
            problems += verify_files()
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"Jejak audit rusak: {len(problems)} masalah.")
        since = f", sesuai checkpoint {last['made_at']}" if last else ", belum ada checkpoint"
        self.stdout.write(f"Jejak audit utuh: {events} peristiwa{since}.")
