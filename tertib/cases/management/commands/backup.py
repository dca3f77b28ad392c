from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tertib.cases.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Cadangkan basis data dan berkas privat ke sebuah folder baru (lihat docs/operations.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "folder", type=Path, help="folder cadangan baru, mis. /srv/cadangan/2026-11-23"
        )

    def handle(self, *args, folder: Path, **options):
        try:
            manifest = backup(folder)
        except BackupError as error:
            raise CommandError(str(error)) from None
        for name, digest in manifest["berkas"].items():
            self.stdout.write(f"{name}  sha256 {digest}")
        self.stdout.write(f"Cadangan tersimpan di {folder}.")
