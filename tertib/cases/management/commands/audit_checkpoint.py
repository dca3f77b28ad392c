from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tertib.cases import checkpoints
from tertib.cases.auditcheck import verify
from tertib.cases.locks import Busy, command_lock


class Command(BaseCommand):
    help = (
        "Buat checkpoint berkunci (HMAC, TERTIB_AUDIT_KEY) atas kepala setiap rantai audit, "
        "di luar basis data; jalankan tiap hari. Menolak bila jejak audit rusak."
    )

    def handle(self, *args, **options):
        try:
            with command_lock("audit_checkpoint"):  # one checkpoint at a time, across servers
                self._checkpoint()
        except Busy:  # the other server's timer is on it: nothing to do here, and no failure
            self.stdout.write("Dilewati: checkpoint sedang dibuat oleh server lain.")
            return

    def _checkpoint(self):
        try:
            checkpoints.key()
            marks, _last = checkpoints.read()
        except checkpoints.CheckpointError as error:
            raise CommandError(str(error)) from None
        problems, _events = verify(marks)
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(
                f"Checkpoint tidak dibuat: jejak audit rusak ({len(problems)} masalah)."
            )
        line = checkpoints.write(at=timezone.now())
        self.stdout.write(
            f"Checkpoint {line['made_at']}: {line['chains']} rantai, {line['events']} peristiwa, "
            f"{len(line['changed'])} berubah; ditulis ke {checkpoints.checkpoint_file()}."
        )
