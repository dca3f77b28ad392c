from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tertib.sop.document import blank_warnings, render_html, render_pdf
from tertib.sop.layout import PAPERS
from tertib.sop.models import Sop


class Command(BaseCommand):
    help = "Tulis dokumen SOP resmi sebagai HTML dan PDF."

    def add_arguments(self, parser):
        parser.add_argument("kode")
        parser.add_argument("--out", type=Path, required=True)
        parser.add_argument("--versi", type=int, help="nomor versi (bawaan: versi berlaku)")
        parser.add_argument("--kertas", choices=sorted(PAPERS), help="A4 atau F4")

    def handle(self, *args, kode: str, out: Path, versi: int | None, kertas: str | None, **options):
        sop = Sop.objects.filter(kode=kode).first()
        if sop is None or sop.current_version is None:
            raise CommandError(f"SOP '{kode}' belum dimuat (jalankan sop_load).")
        version = sop.versions.filter(number=versi).first() if versi else sop.current_version
        if version is None:
            raise CommandError(f"SOP '{kode}' tidak punya versi {versi}.")
        for warning in blank_warnings(version.definition):
            self.stderr.write(f"Peringatan: {warning}")
        out.mkdir(parents=True, exist_ok=True)
        html_path, pdf_path = out / f"{kode}.html", out / f"{kode}.pdf"
        html_path.write_text(render_html(version, paper=kertas), encoding="utf-8")
        pdf_path.write_bytes(render_pdf(version, paper=kertas))
        self.stdout.write(f"{html_path}\n{pdf_path}")
