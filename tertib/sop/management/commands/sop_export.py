from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tertib.sop.models import Sop


class Command(BaseCommand):
    help = "Tulis versi SOP yang tersimpan sebagai berkas YAML (untuk ditinjau di git)."

    def add_arguments(self, parser):
        parser.add_argument("kode")
        parser.add_argument("--versi", type=int, help="nomor versi (bawaan: versi berlaku)")
        parser.add_argument("--out", type=Path, help="berkas tujuan (bawaan: keluaran standar)")

    def handle(self, *args, kode: str, versi: int | None, out: Path | None, **options):
        sop = Sop.objects.filter(kode=kode).select_related("current_version").first()
        if sop is None or sop.current_version is None:
            raise CommandError(f"SOP '{kode}' belum dimuat.")
        version = sop.versions.filter(number=versi).first() if versi else sop.current_version
        if version is None:
            raise CommandError(f"SOP '{kode}' tidak punya versi {versi}.")
        if out is None:
            self.stdout.write(version.source_text, ending="")
            return
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(version.source_text, encoding="utf-8")
        if version.logo and version.definition.kantor.logo:
            logo = out.parent / version.definition.kantor.logo
            if not logo.exists():
                logo.parent.mkdir(parents=True, exist_ok=True)
                logo.write_bytes(bytes(version.logo))
        self.stderr.write(f"{out}: {sop.kode} versi {version.number}")
