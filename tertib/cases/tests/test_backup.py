"""Backup and restore: a round trip keeps the audit chain and every issued document's bytes."""

import hashlib
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tertib.cases.actions import StepInput
from tertib.cases.backup import BackupError, backup, check_restored, restore
from tertib.cases.engine import complete_step, open_record, start_case
from tertib.cases.models import AuditEvent, Case, IssuedDocument
from tertib.org.testing import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

ALL = ["sktm_asli", "fotokopi_ktp", "fotokopi_kk", "kartu_jkn", "surat_pernyataan"]


@pytest.fixture
def issued(undaan, settings, tmp_path):
    """A legalised SKTM: its sheet issued and stored under PRIVATE_DIR."""
    settings.PRIVATE_DIR = tmp_path / "private"
    case = start_case(
        sop_version=undaan.version,
        office=undaan.office,
        actor=undaan.staf,
        subject="Sumarni",
        intake={"nama": "Sumarni"},
    )
    given = StepInput(checklist=ALL, password=PASSWORD)
    for actor, decision in [
        (undaan.staf, "lanjut"),
        (undaan.staf, "ya"),
        (undaan.kasi, "lanjut"),
        (undaan.camat, "lanjut"),
        (undaan.staf, "lanjut"),  # registered: the legalisation sheet is issued
    ]:
        case = complete_step(
            case=case, record_id=open_record(case).pk, actor=actor, decision=decision, given=given
        )
    return IssuedDocument.objects.get(case=case)


def stored(document) -> Path:
    from django.conf import settings

    return Path(settings.PRIVATE_DIR) / document.path


def test_round_trip_restores_the_chain_and_every_document(issued, tmp_path):
    events = AuditEvent.objects.count()
    manifest = backup(tmp_path / "cadangan")
    # The disaster: the files are gone, the last events and a case's state lost.
    shutil.rmtree(stored(issued).parents[2])
    AuditEvent.objects.order_by("-pk").first().delete()
    Case.objects.update(state="dibatalkan")
    found = check_restored()
    assert found[0].startswith("rantai permohonan:") and "kepala tersimpan" in found[0]
    assert f"dokumen {issued.code}: berkas {issued.path} hilang" in found

    problems = restore(tmp_path / "cadangan")

    assert problems == []
    assert AuditEvent.objects.count() == events
    assert Case.objects.get().state == "berjalan"
    assert hashlib.sha256(stored(issued).read_bytes()).hexdigest() == issued.sha256
    assert set(manifest["berkas"]) == {
        "db.dump" if manifest["basis_data"] == "postgresql" else "db.sqlite3",
        "private.tar.gz",
    }


def test_restore_names_a_document_changed_after_the_backup(issued, tmp_path):
    stored(issued).write_bytes(b"%PDF-1.7 palsu")
    backup(tmp_path / "cadangan")

    problems = restore(tmp_path / "cadangan")

    assert problems == [
        f"dokumen {issued.code}: isi berkas {issued.path} berubah (SHA-256 berbeda)"
    ]


def test_a_damaged_backup_is_not_restored(issued, tmp_path):
    backup(tmp_path / "cadangan")
    (tmp_path / "cadangan" / "private.tar.gz").write_bytes(b"rusak")

    with pytest.raises(BackupError, match="private.tar.gz: berkas cadangan hilang atau berubah"):
        restore(tmp_path / "cadangan")


def test_backup_never_writes_over_an_old_one(issued, tmp_path):
    backup(tmp_path / "cadangan")

    with pytest.raises(BackupError, match="sudah berisi"):
        backup(tmp_path / "cadangan")


def test_commands_round_trip(issued, tmp_path, capsys):
    call_command("backup", tmp_path / "cadangan")
    call_command("restore", tmp_path / "cadangan", "--yes")

    out = capsys.readouterr().out
    assert "Cadangan tersimpan di" in out
    assert "Dipulihkan: jejak audit utuh, setiap dokumen terbit cocok dengan SHA-256-nya." in out
    call_command("audit_verify")


def test_restore_command_fails_when_the_checks_fail(issued, tmp_path):
    stored(issued).write_bytes(b"%PDF-1.7 palsu")
    call_command("backup", tmp_path / "cadangan")

    with pytest.raises(CommandError, match="pemeriksaan menemukan 1 masalah"):
        call_command("restore", tmp_path / "cadangan", "--yes")
