"""Private files (scans, issued PDFs, monitoring forms) through Django's Storage API.

The `private` storage of settings.STORAGES is a folder outside the web root by default (files
0640, folders 0750); another backend (S3-compatible) can take its place. A file is written only
when the transaction that records it commits, so a rolled-back step leaves no file behind.
"""

import logging
import os
import threading
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import transaction
from django.utils.text import get_valid_filename

log = logging.getLogger(__name__)

EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


class PrivateStorage(FileSystemStorage):
    """A FileSystemStorage at settings.PRIVATE_DIR, read when used (tests move the folder)."""

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_DIR)

    @property
    def location(self):
        return os.path.abspath(self.base_location)


def private() -> Storage:
    return storages["private"]


# Files kept in the transaction still open on this thread: the same transaction may read them
# back (an archive that bundles a scan registered a moment before) before they are written.
_local = threading.local()


def _pending() -> dict[str, bytes]:
    pending = getattr(_local, "pending", None)
    if pending is None or not transaction.get_connection().in_atomic_block:
        pending = _local.pending = {}  # outside a transaction nothing is pending any more
    return pending


def keep(name: str, content: bytes) -> str:
    """Write content under name once the current transaction commits; returns the name to
    record. Names carry a random part, so they are free."""
    _pending()[name] = content
    transaction.on_commit(partial(_write, name, content))
    return name


def _write(name: str, content: bytes) -> None:
    getattr(_local, "pending", {}).pop(name, None)
    saved = private().save(name, ContentFile(content))
    if saved != name:  # never expected: the name had a random part
        log.error("private file %s was stored as %s", name, saved)


def read(name: str) -> bytes:
    pending = _pending()
    if name in pending:
        return pending[name]
    with private().open(name, "rb") as file:
        return file.read()


def download_name(stem: str, content_type: str) -> str:
    """A safe file name to serve: our own stem, the extension of the checked content type."""
    return get_valid_filename(f"{stem}.{EXTENSIONS.get(content_type, 'bin')}")
