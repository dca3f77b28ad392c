from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tertib.cases.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Pulihkan basis data dan berkas privat dari folder cadangan (aplikasi dihentikan dulu), "
        "lalu periksa jejak audit dan SHA-256 setiap dokumen terbit."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="folder yang ditulis oleh manage.py backup")
        parser.add_argument("--yes", action="store_true", help="tanpa pertanyaan konfirmasi")

    def handle(self, *args, folder: Path, yes: bool, **options):
        if (
            not yes
            and input("Basis data dan berkas privat sekarang akan DITIMPA. Lanjut? [y/N] ") != "y"
        ):
            raise CommandError("Dibatalkan.")
        try:
            problems = restore(folder)
        except BackupError as error:
            raise CommandError(str(error)) from None
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"Dipulihkan, tetapi pemeriksaan menemukan {len(problems)} masalah.")
        self.stdout.write(
            "Dipulihkan: jejak audit utuh, setiap dokumen terbit cocok dengan SHA-256-nya."
        )
