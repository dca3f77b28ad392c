from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tertib.sop.loading import load_file, sop_files


class Command(BaseCommand):
    help = "Muat berkas SOP sebagai versi baru bila isinya berubah (bawaan: semua di sops/)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path)

    def handle(self, *args, paths: list[Path], **options):
        failed, taken = 0, {}
        for path in sop_files(paths or [settings.SOP_DIR]):
            loaded = load_file(path, taken=taken)
            for problem in loaded.problems:
                self.stderr.write(str(problem))
            if loaded.version is None:
                failed += 1
                self.stderr.write(f"{path}: tidak dimuat")
            elif loaded.created:
                self.stdout.write(f"{path}: versi baru {loaded.version}")
            else:
                self.stdout.write(f"{path}: tidak berubah ({loaded.version})")
        if failed:
            raise CommandError(f"{failed} berkas SOP tidak dimuat.")
