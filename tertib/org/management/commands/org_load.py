from pathlib import Path

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tertib.org.loading import load_file


class Command(BaseCommand):
    help = (
        "Muat kantor, jabatan, buku register, desa, pegawai dan penugasan dari satu berkas YAML "
        "(docs/org-format.md); bila satu baris salah, tidak ada yang disimpan."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--periksa", action="store_true", help="hanya periksa berkas, jangan simpan"
        )
        parser.add_argument(
            "--sandi-awal",
            metavar="SANDI",
            help="kata sandi awal pegawai baru (tanpa ini akun baru belum bisa login)",
        )

    def handle(self, *args, path: Path, periksa: bool, sandi_awal: str | None, **options):
        if sandi_awal is not None:
            _check_password(sandi_awal)
        loaded = load_file(path, initial_password=sandi_awal, store=not periksa)
        for problem in [*loaded.problems, *loaded.warnings]:
            self.stderr.write(str(problem))
        if loaded.problems:
            raise CommandError(f"{path}: {len(loaded.problems)} masalah; tidak ada yang disimpan.")
        if loaded.summary is None:
            self.stdout.write(f"{path}: baik (tidak disimpan, --periksa)")
            return
        self.stdout.write(f"{path}: {loaded.summary}")
        for username, name in loaded.summary.new_logins:
            self.stdout.write(f"  login baru: {username} ({name}) — {_password_note(sandi_awal)}")


def _check_password(password: str) -> None:
    try:
        validate_password(password)
    except ValidationError as error:
        raise CommandError("--sandi-awal: " + " ".join(error.messages)) from None


def _password_note(password: str | None) -> str:
    if password is not None:
        return "kata sandi awal dari --sandi-awal; minta diganti saat login pertama"
    return "belum ada kata sandi; atur dengan manage.py changepassword atau di /admin/"
