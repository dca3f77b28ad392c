from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tertib.sop.bpmn import to_bpmn
from tertib.sop.models import Sop


class Command(BaseCommand):
    help = "Tulis SOP sebagai berkas BPMN 2.0 (dengan diagram) untuk Camunda Modeler atau bpmn.io."

    def add_arguments(self, parser):
        parser.add_argument("kode")
        parser.add_argument("--out", type=Path, required=True, help="berkas .bpmn yang ditulis")
        parser.add_argument("--versi", type=int, help="nomor versi (bawaan: versi berlaku)")

    def handle(self, *args, kode: str, out: Path, versi: int | None, **options):
        sop = Sop.objects.filter(kode=kode).first()
        if sop is None or sop.current_version is None:
            raise CommandError(f"SOP '{kode}' belum dimuat (jalankan sop_load).")
        version = sop.versions.filter(number=versi).first() if versi else sop.current_version
        if version is None:
            raise CommandError(f"SOP '{kode}' tidak punya versi {versi}.")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(to_bpmn(version.definition, versi=version.number))
        self.stdout.write(str(out))
