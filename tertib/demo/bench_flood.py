"""`/lacak/` under a PDF flood: the p95 of a citizen's tracking page while twelve anonymous
clients fetch SOP PDFs, against the same page when the server is idle (aim: at most 2x).

The server is gunicorn with real worker processes on the bench database; the twelve clients run
in a process of their own (as they would on other machines) so that they do not slow the
measuring client down through this process's interpreter lock."""

import contextlib
import multiprocessing
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings

# The public pages' per-address limit would answer the bench's own requests with 429.
UNLIMITED_LOOKUPS = str(10**9)


@dataclass
class Flood:
    idle: list[float]
    flooded: list[float]
    pdfs: int
    pdf_errors: int
    track_errors: int
    seconds: float
    first_pdf_seconds: float

    @property
    def pdf_rate(self) -> float:
        return self.pdfs / self.seconds if self.seconds else 0.0


def pdf_paths() -> list[str]:
    """Every SOP version's PDF, as the catalogue links them."""
    from tertib.sop.models import SopVersion  # the flood's process imports this module bare

    versions = SopVersion.objects.select_related("sop").order_by("sop__kode", "number")
    return [f"/sop/{v.sop.kode}/v{v.number}.pdf" for v in versions]


def track_path() -> str | None:
    from tertib.cases.models import Case

    case = Case.objects.order_by("pk").only("code").first()
    return f"/lacak/{case.code}/" if case else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(*, workers: int = 4, threads: int = 1):
    """gunicorn on this settings' database (DATABASE_URL or the SQLite file); yields its URL."""
    port = free_port()
    env = {
        **os.environ,
        "SECRET_KEY": settings.SECRET_KEY,
        "TERTIB_PUBLIC_LOOKUPS_PER_MINUTE": UNLIMITED_LOOKUPS,
    }
    command = [sys.executable, "-m", "gunicorn", "tertib.wsgi", "-b", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers), "--threads", str(threads), "--timeout", "120"]
    server = subprocess.Popen(
        command, cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(server, url)
        yield url
    finally:
        server.terminate()
        server.wait(30)
        server.stderr.close()


def _wait_until_up(server: subprocess.Popen, url: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped: {server.stderr.read().decode()[-2000:]}")
        with contextlib.suppress(OSError):
            fetch(url + "/masuk/")
            return
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within two minutes")


def fetch(url: str) -> int:
    """GET the URL and read the whole body; its length."""
    with urllib.request.urlopen(url, timeout=120) as response:
        return len(response.read())


def timed(url: str, count: int) -> tuple[list[float], int]:
    """Seconds of each of count sequential GETs, and how many failed."""
    seconds, errors = [], 0
    for _ in range(count):
        started = time.perf_counter()
        try:
            fetch(url)
        except (OSError, urllib.error.HTTPError):
            errors += 1
            continue
        seconds.append(time.perf_counter() - started)
    return seconds, errors


def _flood_process(base: str, paths: list[str], clients: int, stop, done, failed) -> None:
    """Twelve clients, each fetching the PDFs one after another until told to stop."""

    def client(offset: int) -> None:
        n = offset
        while not stop.is_set():
            try:
                fetch(base + paths[n % len(paths)])
                with done.get_lock():
                    done.value += 1
            except OSError:
                with failed.get_lock():
                    failed.value += 1
            n += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def measure(*, base: str, track: str, pdfs: list[str], requests: int, clients: int = 12) -> Flood:
    """Idle p95 of /lacak/, then the same while the clients flood the server with PDFs."""
    started = time.perf_counter()
    fetch(base + pdfs[0])  # the first asks for a version nobody asked for yet: drawn, or stored
    first_pdf = time.perf_counter() - started
    for path in pdfs[1:]:
        fetch(base + path)
    timed(base + track, 20)  # warm the workers
    idle, idle_errors = timed(base + track, requests)
    spawn = multiprocessing.get_context("spawn")
    stop, done, failed = spawn.Event(), spawn.Value("i", 0), spawn.Value("i", 0)
    flood = spawn.Process(target=_flood_process, args=(base, pdfs, clients, stop, done, failed))
    flood.start()
    _wait_for_flow(done)
    flood_started = time.perf_counter()
    flooded, flood_errors = timed(base + track, requests)
    stop.set()
    seconds = time.perf_counter() - flood_started
    flood.join(180)
    return Flood(
        idle=idle,
        flooded=flooded,
        pdfs=done.value,
        pdf_errors=failed.value,
        track_errors=idle_errors + flood_errors,
        seconds=seconds,
        first_pdf_seconds=first_pdf,
    )


def _wait_for_flow(done, at_least: int = 24) -> None:
    """Measure only once the flood is running (every client has had a PDF or two)."""
    deadline = time.monotonic() + 60
    while done.value < at_least and time.monotonic() < deadline:
        time.sleep(0.05)
