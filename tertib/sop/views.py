import hashlib
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db.models import F
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, render

from tertib.sop import document as sop_document
from tertib.sop.bpmn import to_bpmn
from tertib.sop.models import Sop, SopVersion


def _renderer_revision() -> str:
    """A hash of the code and templates that draw the document: when they change, every cached
    document is drawn again; until then a version's document is drawn once."""
    sources = [
        Path(sop_document.__file__).parent / name
        for name in ("document.py", "flowchart.py", "layout.py")
    ]
    sources += sorted((Path(settings.BASE_DIR) / "templates" / "sop").glob("*"))
    digest = hashlib.sha256()
    for path in sources:
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


RENDERER = _renderer_revision()


def catalogue(request: HttpRequest) -> HttpResponse:
    """Every SOP, grouped by office, with its versions and documents."""
    offices: dict[str, list[Sop]] = {}
    sops = Sop.objects.select_related("current_version").prefetch_related("versions")
    for sop in sops.filter(current_version__isnull=False):
        offices.setdefault(sop.current_version.data["kantor"]["nama"], []).append(sop)
    return render(request, "sop/catalogue.html", {"offices": sorted(offices.items())})


def document(request: HttpRequest, kode: str, number: int | None = None) -> HttpResponse:
    version = _version_hash(kode, number)
    return _cached(
        request,
        version,
        "html",
        lambda: sop_document.render_html(_whole(version), web=True).encode(),
        content_type="text/html; charset=utf-8",
        pinned=number is not None,
    )


def document_pdf(request: HttpRequest, kode: str, number: int) -> HttpResponse:
    version = _version_hash(kode, number)
    response = _cached(
        request,
        version,
        "pdf",
        lambda: sop_document.render_pdf(_whole(version)),
        content_type="application/pdf",
        pinned=True,
    )
    response["Content-Disposition"] = f'inline; filename="SOP-{kode}-v{number}.pdf"'
    return response


# A version's content never changes, nor does a stored document's file (its name is its content
# hash): each process remembers for a minute what it looked up, so that a flood of downloads
# asks the database nothing (a hidden or removed SOP stops being served within the minute).
REMEMBERED_SECONDS = 60
_remembered: dict[tuple, tuple[float, object]] = {}


def _remember(key: tuple, look_up):
    now = time.monotonic()
    found = _remembered.get(key)
    if found is None or found[0] < now:
        found = (now + REMEMBERED_SECONDS, look_up())
        if len(_remembered) > 10_000:  # bounded: versions times kinds, a few hundred in practice
            _remembered.clear()
        _remembered[key] = found
    return found[1]


def _version_hash(kode: str, number: int | None) -> SopVersion:
    """The version's number and content hash only: a document already drawn needs no more (its
    row also holds the definition, the source text and the logo)."""
    if number is not None:
        return _remember(("version", kode, number), lambda: _look_up_hash(kode, number))
    return _look_up_hash(kode, number)


def _look_up_hash(kode: str, number: int | None) -> SopVersion:
    versions = SopVersion.objects.filter(sop__kode=kode, sop__current_version__isnull=False)
    if number is None:
        versions = versions.filter(sop__current_version=F("pk"))
    else:
        versions = versions.filter(number=number)
    return get_object_or_404(versions.only("pk", "sop_id", "number", "content_hash"))


def _whole(version: SopVersion) -> SopVersion:
    return SopVersion.objects.select_related("sop").get(pk=version.pk)


def cache_key(version: SopVersion, kind: str) -> str:
    layout = f"{settings.SOP_PAPER}-{settings.SOP_MAX_STEPS_PER_PAGE}"
    return f"sop-doc:{RENDERER}:{layout}:{kind}:{version.content_hash}"


def stored_name(key: str) -> str:
    """The drawn document's file in the private storage: renderer, layout, kind, content hash."""
    _sop_doc, renderer, layout, kind, content_hash = key.split(":")
    return f"sop-documents/{renderer}/{layout}/{content_hash}.{kind}"


def _cached(request, version, kind, draw, *, content_type: str, pinned: bool) -> HttpResponse:
    """A version never changes, so its document is drawn once and kept; browsers and proxies
    may keep it too (ETag, Cache-Control)."""
    key = cache_key(version, kind)
    etag = f'"{key.split(":", 1)[1].replace(":", "-")}"'
    headers = {
        "ETag": etag,
        "Cache-Control": "public, max-age=31536000, immutable" if pinned else "public, max-age=300",
    }
    if request.headers.get("If-None-Match") == etag:
        return HttpResponseNotModified(headers=headers)
    stored = _open_stored(key)
    if stored is not None:  # streamed from the file (sendfile where the server can)
        response = FileResponse(stored, content_type=content_type, headers=headers)
        del response["Content-Disposition"]  # not the stored name; the PDF view sets its own
        return response
    return HttpResponse(_draw_once(key, draw), content_type=content_type, headers=headers)


DRAW_WAIT_SECONDS = 60


def _open_stored(key: str):
    """The drawn document in the private storage, which every server shares and which outlives
    any cache; None when it was never drawn, or is being drawn (its file may be half written)."""
    if _remembered.get(("whole", key)) is None and cache.get(f"{key}:drawing"):
        return None
    try:
        stored = storages["private"].open(stored_name(key), "rb")
    except FileNotFoundError:
        return None
    _remembered[("whole", key)] = (float("inf"), True)  # whole once, whole for good
    return stored


def _draw_once(key: str, draw) -> bytes:
    """Drawn by one request only; the others asking for it at the same moment wait for it."""
    if cache.add(f"{key}:drawing", 1, DRAW_WAIT_SECONDS):
        try:
            content = draw()
            _store(stored_name(key), content)
            _remembered[("whole", key)] = (float("inf"), True)
            return content
        finally:
            cache.delete(f"{key}:drawing")
    deadline = time.monotonic() + DRAW_WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(0.05)
        stored = _open_stored(key)
        if stored is not None:
            with stored:
                return stored.read()
    return draw()  # the drawing request died; draw it here rather than fail


def _store(name: str, content: bytes) -> None:
    storage = storages["private"]
    if not storage.exists(name):
        saved = storage.save(name, ContentFile(content))
        if saved != name:  # another server stored it a moment before: keep one copy
            storage.delete(saved)


def document_bpmn(request: HttpRequest, kode: str, number: int) -> HttpResponse:
    version = _version(kode, number)
    response = HttpResponse(
        to_bpmn(version.definition, versi=number), content_type="application/xml; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="SOP-{kode}-v{number}.bpmn"'
    return response


def _version(kode: str, number: int | None) -> SopVersion:
    sop = get_object_or_404(Sop, kode=kode, current_version__isnull=False)
    if number is None:
        return sop.current_version
    return get_object_or_404(SopVersion, sop=sop, number=number)
