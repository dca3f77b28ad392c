from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tertib.sop.loading import load_file, sop_files


class Command(BaseCommand):
    help = (
        "Muat berkas SOP ke basis data sebagai versi baru bila isinya berubah "
        "(bawaan: semua di sops/)."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path)
        parser.add_argument(
            "--rollback",
            action="store_true",
            help="berlakukan lagi versi lama bila isi berkas sama dengan versi itu",
        )

    def handle(self, *args, paths: list[Path], rollback: bool, **options):
        failed, taken = 0, {}
        for path in sop_files(paths or [settings.SOP_DIR]):
            loaded = load_file(path, taken=taken, rollback=rollback)
            for warning in loaded.warnings or []:
                self.stdout.write(f"peringatan: {warning}")
            for problem in loaded.problems:
                self.stderr.write(str(problem))
            if loaded.version is None:
                failed += 1
                self.stderr.write(f"{path}: tidak dimuat")
            elif loaded.older:
                self.stdout.write(f"{path}: tidak diberlakukan ({loaded.version} versi lama)")
            elif loaded.created:
                self.stdout.write(f"{path}: versi baru {loaded.version}")
            else:
                self.stdout.write(f"{path}: tidak berubah ({loaded.version})")
        if failed:
            raise CommandError(f"{failed} berkas SOP tidak dimuat.")
