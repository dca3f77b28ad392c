"""Backup and restore of an installation: the database and the private files, each with its
SHA-256 in a manifest, and after a restore the checks that it holds (docs/operations.md)."""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, connections

from tertib.cases.auditcheck import verify
from tertib.cases.models import IssuedDocument

MANIFEST = "manifest.json"
PRIVATE_ARCHIVE = "private.tar.gz"


class BackupError(Exception):
    """The backup cannot be made or restored; the message says why, in Indonesian."""


def backup(folder: Path) -> dict:
    """Write the database and the private files into a new folder with their manifest."""
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"folder {folder} sudah berisi; pilih folder cadangan yang baru.")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    names = [_dump_database(folder), _pack_private_files(folder)]
    manifest = {
        "dibuat": datetime.datetime.now(datetime.UTC).isoformat(),
        "basis_data": connection.vendor,
        "berkas": {name: _sha256(folder / name) for name in names},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def restore(folder: Path) -> list[str]:
    """Put a backup back in place (the app stopped) and return what check_restored finds."""
    manifest = _checked_manifest(folder)
    if manifest["basis_data"] != connection.vendor:
        raise BackupError(
            f"cadangan ini dari {manifest['basis_data']}, basis data sekarang {connection.vendor}."
        )
    _load_database(folder)
    _unpack_private_files(folder)
    return check_restored()


def check_restored() -> list[str]:
    """The audit chain's breaks and every issued document whose file is missing or changed."""
    problems, _events = verify()
    for document in IssuedDocument.objects.exclude(sha256="").order_by("pk"):  # rendered
        problems += _file_problems(f"dokumen {document.code}", document.path, document.sha256)
    if apps.is_installed("tertib.reports"):
        forms = apps.get_model("reports", "MonitoringForm").objects.exclude(path="")
        for form in forms.order_by("pk"):
            problems += _file_problems(f"formulir monitoring {form.code}", form.path, form.sha256)
    return problems


def _file_problems(what: str, relative: str, sha256: str) -> list[str]:
    path = Path(settings.PRIVATE_DIR) / relative
    if not path.is_file():
        return [f"{what}: berkas {relative} hilang"]
    if _sha256(path) != sha256:
        return [f"{what}: isi berkas {relative} berubah (SHA-256 berbeda)"]
    return []


def _checked_manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise BackupError(f"{folder / MANIFEST} tidak ada atau rusak.") from None
    for name, digest in manifest["berkas"].items():
        if not (folder / name).is_file() or _sha256(folder / name) != digest:
            raise BackupError(f"{name}: berkas cadangan hilang atau berubah; tidak dipulihkan.")
    return manifest


def _dump_database(folder: Path) -> str:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(folder / "db.sqlite3") as target:
            connection.connection.backup(target)
        return "db.sqlite3"
    if connection.vendor == "postgresql":
        _pg("pg_dump", "--format=custom", "--no-owner", f"--file={folder / 'db.dump'}")
        return "db.dump"
    raise BackupError(f"basis data {connection.vendor} belum didukung.")


def _load_database(folder: Path) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(folder / "db.sqlite3") as source:
            source.backup(connection.connection)
        return
    connections.close_all()
    _pg("pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
        str(folder / "db.dump"))  # fmt: skip


def _pg(program: str, *arguments: str) -> None:
    """Run a PostgreSQL client against the app's own database."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "PGHOST": db["HOST"] or "",
        "PGPORT": str(db["PORT"] or ""),
        "PGUSER": db["USER"] or "",
        "PGPASSWORD": db["PASSWORD"] or "",
    }
    result = subprocess.run(
        [program, *arguments, f"--dbname={db['NAME']}"], env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise BackupError(f"{program} gagal: {result.stderr.strip()[:500]}")


def _pack_private_files(folder: Path) -> str:
    private = Path(settings.PRIVATE_DIR)
    with tarfile.open(folder / PRIVATE_ARCHIVE, "w:gz") as archive:
        if private.is_dir():
            archive.add(private, arcname=".")
    return PRIVATE_ARCHIVE


def _unpack_private_files(folder: Path) -> None:
    private = Path(settings.PRIVATE_DIR)
    if private.exists():
        shutil.rmtree(private)
    private.mkdir(parents=True, mode=0o700)
    with tarfile.open(folder / PRIVATE_ARCHIVE, "r:gz") as archive:
        archive.extractall(private, filter="data")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
