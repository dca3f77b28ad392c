"""`make load`: a load test over real HTTP. Prepares a PostgreSQL database of its own (created
when missing, then migrated, SOPs and demo data loaded), starts gunicorn with real workers on it,
runs scripts/locustfile.py headless for a fixed time and prints requests/s, p50/p95/p99 per page
and the errors. Exits non-zero when any request failed."""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent

EXPORT_TARGETS = """
import json, sys
from tertib.cases.models import Case, IssuedDocument
from tertib.cases.tests.samples import tiny_pdf
from tertib.demo.management.commands.demo import PASSWORD
from tertib.org.models import Desa
from tertib.sop.models import Sop, SopVersion
scan = sys.argv[1]
open(scan, "wb").write(tiny_pdf())
versions = SopVersion.objects.select_related("sop")
print(json.dumps({
    "password": PASSWORD,
    "scan": scan,
    "sktm_sop": "undaan-legalisasi-sktm",
    "desa": list(Desa.objects.filter(kecamatan__slug="kecamatan-undaan").values_list("pk", flat=1)),
    "cases": list(Case.objects.order_by("-pk").values_list("code", flat=True)[:500]),
    "documents": list(IssuedDocument.objects.values_list("code", flat=True)[:500]),
    "pdfs": [f"/sop/{v.sop.kode}/v{v.number}.pdf" for v in versions],
    "pages": [f"/sop/{kode}/" for kode in Sop.objects.values_list("kode", flat=True)],
}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=os.environ.get("LOAD_DATABASE_URL"))
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--users", type=int, default=24)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "load-only-key-not-secret",
        "SECURE_COOKIES": "0",
        # Every simulated citizen comes from 127.0.0.1; the per-address limit would refuse them.
        "TERTIB_PUBLIC_LOOKUPS_PER_MINUTE": str(10**9),
    }
    create_database(args.database_url)
    for command in (["migrate", "--no-input"], ["createcachetable"], ["sop_load"], ["demo"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    with tempfile.TemporaryDirectory() as work:
        targets = export_targets(env, Path(work))
        with gunicorn(env, args.workers) as base:
            warm_up(base, json.loads(targets.read_text(encoding="utf-8")), args.workers)
            stats = run_locust(env, base, targets, args, Path(work))
    return report(stats, args)


def create_database(url: str) -> None:
    import psycopg

    address = urlparse(url)
    name = address.path.lstrip("/")
    admin = address._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
            print(f"database {name} created")


def export_targets(env: dict, work: Path) -> Path:
    code = "import django; django.setup()\n" + EXPORT_TARGETS
    done = subprocess.run(
        [sys.executable, "-c", code, str(work / "scan.pdf")],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "tertib.settings"},
        check=True,
        capture_output=True,
        text=True,
    )
    path = work / "targets.json"
    path.write_text(done.stdout.strip().splitlines()[-1], encoding="utf-8")
    return path


class gunicorn:
    def __init__(self, env: dict, workers: int, port: int = 8765):
        self.env, self.workers, self.port = env, workers, port

    def __enter__(self) -> str:
        command = [sys.executable, "-m", "gunicorn", "tertib.wsgi", "-b", f"127.0.0.1:{self.port}"]
        command += ["--workers", str(self.workers), "--timeout", "120"]
        self.server = subprocess.Popen(command, cwd=ROOT, env=self.env)
        base = f"http://127.0.0.1:{self.port}"
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/masuk/", timeout=5).read()
                return base
            except OSError:
                if self.server.poll() is not None:
                    raise SystemExit("gunicorn stopped") from None
                time.sleep(0.2)
        raise SystemExit("gunicorn did not start")

    def __exit__(self, *exc) -> None:
        self.server.terminate()
        self.server.wait(30)


def warm_up(base: str, targets: dict, workers: int) -> None:
    """A worker's first requests import the views and fill its caches (seconds each); a server
    in service has done that long ago, so it is not what the load test measures."""
    from concurrent.futures import ThreadPoolExecutor

    paths = ["/masuk/", f"/lacak/{targets['cases'][0]}/", *targets["pdfs"], *targets["pages"]]
    paths += [f"/verifikasi/{code}/" for code in targets["documents"][:1]]

    def fetch(path: str) -> None:
        try:
            urllib.request.urlopen(base + path, timeout=120).read()
        except OSError as error:
            print(f"warm-up {path}: {error}")

    with ThreadPoolExecutor(max_workers=workers * 2) as pool:
        list(pool.map(fetch, paths * workers * 3))


def run_locust(env: dict, base: str, targets: Path, args, work: Path) -> list[dict]:
    prefix = work / "load"
    command = [str(VENV_BIN / "locust"), "-f", str(ROOT / "scripts" / "locustfile.py")]
    command += ["--headless", "--host", base, "-u", str(args.users), "-r", "4"]
    command += ["-t", f"{args.seconds}s", "--csv", str(prefix), "--only-summary"]
    command += ["--stop-timeout", "30", "--loglevel", "WARNING"]
    subprocess.run(command, cwd=ROOT, env={**env, "LOAD_TARGETS": str(targets)})
    with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def report(stats: list[dict], args) -> int:
    print(f"\nmake load: {args.users} users, {args.seconds} s, gunicorn {args.workers} workers")
    print(f"{'page':<34} {'requests':>8} {'req/s':>6} {'p50':>6} {'p95':>6} {'p99':>6} errors")
    errors = 0
    for row in stats:
        name = "total" if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"
        errors += int(row["Failure Count"]) if row["Name"] == "Aggregated" else 0
        print(
            f"{name[:34]:<34} {row['Request Count']:>8} {float(row['Requests/s']):6.1f} "
            f"{row['50%']:>6} {row['95%']:>6} {row['99%']:>6} {row['Failure Count']}"
        )
    print(f"times in ms; {errors} errors (aim 0)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
