"""Scans handed in with a request: PDF, JPEG or PNG only, judged by content, at most 5 MB."""

import hashlib
import io
import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from tertib.cases.models import Attachment, Case

MAX_BYTES = 5 * 1024 * 1024
KINDS = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}


class UploadError(ValueError):
    """The file is refused; the message names the checklist item and says why."""


def sniff(content: bytes, *, label: str) -> str:
    """The MIME type of a scan after checking it really is one; else UploadError."""
    if len(content) > MAX_BYTES:
        raise UploadError(f"{label}: berkas lebih dari 5 MB")
    kind = next((mime for magic, mime in KINDS.items() if content.startswith(magic)), None)
    if kind is None:
        raise UploadError(f"{label}: hanya PDF, JPEG atau PNG yang diterima")
    if not _readable(content, kind):
        raise UploadError(f"{label}: berkas rusak dan tidak dapat dibuka")
    return kind


def _readable(content: bytes, kind: str) -> bool:
    try:
        if kind == "application/pdf":
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(content), strict=True)
            return len(reader.pages) > 0
        from PIL import Image

        with Image.open(io.BytesIO(content)) as image:
            image.verify()
        return True
    except Exception:  # any parser failure means the file is not usable
        return False


def upload_dir() -> Path:
    return Path(settings.PRIVATE_DIR) / "uploads"


def store(
    *, case: Case, requirement: str, name: str, content: bytes, kind: str, actor
) -> Attachment:
    """Write the checked file outside the web root and record it with its hash."""
    folder = upload_dir() / case.code
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}{Path(name).suffix.lower()[:8]}"
    path.write_bytes(content)
    return Attachment.objects.create(
        case=case,
        requirement=requirement,
        original_name=name[:255],
        content_type=kind,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        path=str(path.relative_to(settings.PRIVATE_DIR)),
        uploaded_at=timezone.now(),
        uploaded_by=actor,
    )
