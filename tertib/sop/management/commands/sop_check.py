from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tertib.sop.loading import sop_files
from tertib.sop.validation import check_file


class Command(BaseCommand):
    help = "Periksa berkas SOP (YAML) tanpa menyimpannya."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)

    def handle(self, *args, paths: list[Path], **options):
        failed, seen = 0, {}
        for path in sop_files(paths):
            checked = check_file(path, office_slug=path.parent.name)
            problems = [str(problem) for problem in checked.problems]
            if checked.definition is not None:
                other = seen.setdefault(checked.definition.kode, path)
                if other != path:
                    problems.append(
                        f"{path}: kode: kode '{checked.definition.kode}' sudah dipakai {other}"
                    )
            for warning in checked.warnings:
                self.stdout.write(f"peringatan: {warning}")
            for problem in problems:
                self.stderr.write(problem)
            failed += bool(problems)
            if not problems:
                self.stdout.write(f"{path}: baik")
        if failed:
            raise CommandError(f"{failed} berkas SOP bermasalah.")
