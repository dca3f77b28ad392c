"""Project-wide middleware: the Content-Security-Policy header, input no page can use, and a
retry when the database connection was lost during a request."""

import contextlib
import fcntl
import logging
import os
import re
import time
from pathlib import Path

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.http import JsonResponse
from django.shortcuts import render

from tertib.forms import BadInput, TryLater
from tertib.lib.text import CONTROL, has_control_characters

logger = logging.getLogger(__name__)


def content_security_policy(get_response):
    """Scripts, styles, images and forms only from this site. Styles may be inline: the SOP
    document's page (templates/sop/document.html) computes its column widths in style
    attributes."""

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response

    return middleware


class RetryLostConnection:
    """A read whose database connection was cut (a restarted PostgreSQL, a dropped pooler) is
    tried once more on a fresh connection; a write is not repeated but answered with a page
    that says so (503), never a bare 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        if any(conn.in_atomic_block for conn in connections.all(initialized_only=True)):
            return None  # inside a transaction (a test, ATOMIC_REQUESTS): not ours to retry
        logger.warning("database connection lost during %s %s", request.method, request.path)
        _drop_connections()
        if request.method in ("GET", "HEAD") and not getattr(request, "_tertib_retried", False):
            request._tertib_retried = True
            match = request.resolver_match
            try:
                return match.func(request, *match.args, **match.kwargs)
            except (OperationalError, InterfaceError):
                _drop_connections()
        return render(request, "503.html", status=503)


def _drop_connections() -> None:
    for conn in connections.all(initialized_only=True):
        conn.close()


class InputGuard:
    """Control characters (NUL and the like) in the address, a query parameter or a posted
    field are refused for every page with a 400 that names the field; a BadInput raised by a
    view becomes the same page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        field = _field_with_control_characters(request)
        if field is not None:
            message = (
                f"Isian '{field}' berisi karakter kontrol (misalnya NUL) yang tidak diizinkan."
            )
            if request.path_info.startswith("/api/"):  # the API answers in its own JSON shape
                return JsonResponse({"detail": [{"field": field, "message": message}]}, status=400)
            return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, BadInput):
            return render(request, "400.html", {"message": str(exception)}, status=400)
        if isinstance(exception, TryLater):
            if request.path_info.startswith("/api/"):
                response = JsonResponse({"detail": str(exception)}, status=503)
            else:
                response = render(request, "503.html", {"message": str(exception)}, status=503)
            response["Retry-After"] = str(exception.retry_after)
            return response
        return None


def _field_with_control_characters(request) -> str | None:
    if has_control_characters(request.path_info):
        return "alamat halaman"
    sources = [request.GET]
    if request.method == "POST":
        if request.path_info.startswith("/api/"):
            # Keep the raw body readable: the API parses it itself after this check.
            request.body  # noqa: B018
        sources.append(request.POST)
    for source in sources:
        for name, values in source.lists():
            if has_control_characters(name) or any(map(has_control_characters, values)):
                return CONTROL.sub("", name)[:50]
    return None


class BulkLane:
    """Bulk downloads take turns: a request for a public SOP document (anyone may fetch them, as
    often as they like) waits for one of BULK_SLOTS slots of this server before Django handles it.

    Twelve clients fetching PDFs without pause would otherwise keep every worker on the two cores
    busy and a citizen's /lacak/ would wait behind them. Waiting for a slot is a blocking flock,
    which takes no processor and no interpreter lock, so with threaded workers (gunicorn
    --threads) the other requests find a thread and a core. A slot is held at least
    1/BULK_PER_SECOND s (asleep after a quick answer), so bulk downloads take a bounded share of
    the server however many clients ask: BULK_SLOTS x BULK_PER_SECOND a second at most. The
    slots are lock files on this machine on purpose: they share out this machine's processors,
    not any data."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.pattern = re.compile(settings.BULK_PATHS)

    def __call__(self, request):
        if not self.pattern.match(request.path_info):
            return self.get_response(request)
        with bulk_slot():
            return self.get_response(request)


@contextlib.contextmanager
def bulk_slot():
    """Hold one of the server's bulk slots: a free one if any, else wait for one."""
    directory = Path(settings.BULK_LANE_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    handles = [open(directory / f"slot-{n}.lock", "a") for n in range(settings.BULK_SLOTS)]  # noqa: SIM115
    try:
        held = next((h for h in handles if _try_lock(h)), None)
        if held is None:
            held = handles[os.getpid() % len(handles)]
            fcntl.flock(held, fcntl.LOCK_EX)
        started = time.monotonic()
        try:
            yield
        finally:
            rest = 1 / settings.BULK_PER_SECOND - (time.monotonic() - started)
            if rest > 0:
                time.sleep(rest)  # the slot's turn is not over yet: no processor, no GIL
            fcntl.flock(held, fcntl.LOCK_UN)
    finally:
        for handle in handles:
            handle.close()


def _try_lock(handle) -> bool:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True
