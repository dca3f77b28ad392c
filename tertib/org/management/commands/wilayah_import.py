from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tertib.org.wilayah import DEFAULT_FILE, WilayahError, import_wilayah


class Command(BaseCommand):
    help = (
        "Muat kode wilayah Kemendagri: kecamatan sebagai kantor beserta desa dan kelurahannya "
        "(bawaan: data Kabupaten Kudus)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_FILE)

    def handle(self, *args, path: Path, **options):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{path}: tidak bisa dibaca ({error})") from None
        try:
            summary = import_wilayah(text=text)
        except WilayahError as error:
            raise CommandError(f"{path}: {error}; tidak ada yang disimpan.") from None
        self.stdout.write(str(summary))
