"""Scans handed in with a request: PDF, JPEG or PNG only, judged by content, at most 5 MB.

A PDF that carries JavaScript, embedded files or launch actions is refused, and so is any file
that inflates past a limit (a decompression bomb): PDF streams are inflated only up to the
limit, images are judged by their pixel count before any pixel is decoded.
"""

import hashlib
import io
import uuid
import zlib

from django.utils import timezone

from tertib.cases import storage
from tertib.cases.models import Attachment, Case

MAX_BYTES = 5 * 1024 * 1024
MAX_INFLATED = 40 * 1024 * 1024  # every stream of a PDF together, once inflated
MAX_PIXELS = 50_000_000  # an A4 page at 600 dpi is 35 million
MAX_OBJECTS = 50_000
KINDS = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}
# PDF names that make a reader run something, and what the refusal says about each
ACTIVE = {
    "/JS": "berisi JavaScript",
    "/JavaScript": "berisi JavaScript",
    "/EmbeddedFile": "berisi berkas sisipan",
    "/EmbeddedFiles": "berisi berkas sisipan",
    "/Launch": "berisi perintah menjalankan program (/Launch)",
    "/RichMedia": "berisi media aktif",
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
    problem = _pdf_problem(content) if kind == "application/pdf" else _image_problem(content)
    if problem:
        raise UploadError(f"{label}: {problem}")
    return kind


def _pdf_problem(content: bytes) -> str | None:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(content), strict=True)
        if not reader.pages:
            return "berkas rusak dan tidak dapat dibuka"
        return _walk(reader.trailer)
    except _Refused as refused:
        return str(refused)
    except Exception:  # any parser failure means the file is not usable
        return "berkas rusak dan tidak dapat dibuka"


class _Refused(Exception):
    pass


def _walk(root) -> None:
    """Visit every object reachable from the trailer once; refuse active content and streams
    that inflate past the limit."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

    seen, stack, inflated = set(), [root], 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            if len(seen) > MAX_OBJECTS:
                raise _Refused("PDF terlalu rumit (terlalu banyak objek)")
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            _check_names(item)
            if isinstance(item, StreamObject):
                inflated += _inflated_size(item, MAX_INFLATED - inflated)
            stack.extend(value for key, value in item.items() if key != "/Parent")
        elif isinstance(item, ArrayObject):
            stack.extend(item)


def _check_names(item) -> None:
    for key in item:
        if key in ACTIVE:
            raise _Refused(f"PDF {ACTIVE[key]}; tidak diterima")
    if item.get("/S") in ("/JavaScript", "/Launch"):
        raise _Refused(f"PDF {ACTIVE[item['/S']]}; tidak diterima")


def _inflated_size(stream, room: int) -> int:
    """How far the stream inflates, decoding at most room + 1 bytes; _Refused past room."""
    filters = stream.get("/Filter")
    first = filters[0] if isinstance(filters, list) and filters else filters
    raw = stream._data  # the encoded bytes, as pypdf read them
    if first != "/FlateDecode":
        size = len(raw)
    else:
        try:
            size = len(zlib.decompressobj().decompress(raw, room + 1))
        except zlib.error:
            size = len(raw)
    width, height = stream.get("/Width", 0), stream.get("/Height", 0)
    if size > room or int(width) * int(height) > MAX_PIXELS:
        raise _Refused(
            f"isi PDF mengembang melebihi {MAX_INFLATED // (1024 * 1024)} MB; "
            "pindai ulang dengan resolusi lebih rendah"
        )
    return size


def _image_problem(content: bytes) -> str | None:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(content)) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                return (
                    f"gambar terlalu besar ({width} × {height} piksel); "
                    "pindai ulang dengan resolusi lebih rendah"
                )
            image.verify()
        return None
    except Image.DecompressionBombError:
        return "gambar terlalu besar; pindai ulang dengan resolusi lebih rendah"
    except Exception:  # any parser failure means the file is not usable
        return "berkas rusak dan tidak dapat dibuka"


def store(
    *, case: Case, requirement: str, name: str, content: bytes, kind: str, actor
) -> Attachment:
    """Keep the checked file in the private storage under a name of ours (never the upload's),
    written when the transaction commits, and record it with its hash."""
    path = f"uploads/{case.code}/{uuid.uuid4().hex}.{storage.EXTENSIONS[kind]}"
    return Attachment.objects.create(
        case=case,
        requirement=requirement,
        original_name=name[:255],
        content_type=kind,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        path=storage.keep(path, content),
        uploaded_at=timezone.now(),
        uploaded_by=actor,
    )
