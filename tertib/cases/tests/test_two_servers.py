"""Two app servers on two ports against one PostgreSQL database walk an SKTM case, each request
going to the other server than the one before: sessions, files, cache and the password throttle
are shared, so it makes no difference which server answers."""

import re
import socket
import subprocess
import sys
import time

import pytest
import requests
from django.conf import settings
from django.db import connection

from tertib.cases.models import Case, IssuedDocument
from tertib.cases.tests.samples import tiny_pdf
from tertib.org.models import Desa
from tertib.org.testing import PASSWORD
from tertib.testing import redis_reachable, server_environment, use_redis

pytestmark = pytest.mark.django_db(transaction=True)

ALL = ["sktm_asli", "fotokopi_ktp", "fotokopi_kk", "kartu_jkn", "surat_pernyataan"]
DEFAULT_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(env: dict) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "tertib.wsgi", "-b", f"127.0.0.1:{port}"]
        + ["--workers", "1", "--threads", "4", "--timeout", "120"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(url + "/masuk/", timeout=30)
            return server, url
        except requests.ConnectionError:
            if server.poll() is not None:
                raise RuntimeError(server.stderr.read().decode()) from None
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not start")


@pytest.fixture
def servers(settings, tmp_path):
    """Servers A and B; the shared cache is Redis when it runs here, else the database's."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "two servers share one PostgreSQL database; SQLite's test database is in memory"
        )
    settings.PRIVATE_DIR = tmp_path / "shared-private"  # the bucket both servers use
    env = server_environment(**(use_redis(settings) if redis_reachable() else {"REDIS_URL": ""}))
    started = [start_server(env), start_server(env)]
    yield [url for _server, url in started]
    for server, _url in started:
        server.terminate()
        server.wait(30)
        server.stderr.close()


@pytest.fixture
def people(undaan, settings):
    """The Undaan officials, their passwords hashed as the servers hash them."""
    settings.PASSWORD_HASHERS = DEFAULT_HASHERS
    for user in (undaan.staf, undaan.kasi, undaan.camat):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    Desa.objects.create(kecamatan=undaan.office, name="Wates")
    return undaan


def login(session: requests.Session, base: str, username: str, password: str = PASSWORD):
    session.get(base + "/masuk/")
    return session.post(
        base + "/masuk/",
        {
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        allow_redirects=False,
    )


def post(session: requests.Session, url: str, data: dict, files=None) -> requests.Response:
    data = {**data, "csrfmiddlewaretoken": session.cookies["csrftoken"]}
    return session.post(url, data, files=files, allow_redirects=False)


def complete(session: requests.Session, base: str, code: str, **data) -> None:
    """Open the case on this server and finish its open step there."""
    page = session.get(f"{base}/layanan/{code}/")
    assert page.status_code == 200, page.text
    record = re.search(r'name="record" value="(\d+)"', page.text).group(1)
    done = post(session, f"{base}/layanan/{code}/selesaikan/", {"record": record, **data})
    assert done.status_code == 302, done.text
    assert done.headers["Location"] == f"/layanan/{code}/"


def intake(session: requests.Session, base: str) -> str:
    wates = Desa.objects.get(name="Wates").pk
    data = {
        "nama": "Sumarni Rahayu",
        "nik": "3319045203850002",
        "kk": "3319041503120007",
        "alamat": "RT 02 RW 01",
        "desa": wates,
        "telepon": "081234567890",
        "nomor_jkn": "0001234567890",
        "nomor_sktm": "400.7.22/015/2026",
        "tanggal_sktm": "2026-11-16",
        "desa_sktm": wates,
        **{f"ada_{kode}": "on" for kode in ALL},
    }
    scan = {"scan_sktm_asli": ("sktm.pdf", tiny_pdf(), "application/pdf")}
    response = post(session, base + "/layanan/baru/undaan-legalisasi-sktm/", data, files=scan)
    assert response.status_code == 302, response.text
    return response.headers["Location"].strip("/").split("/")[-1]


def test_sktm_case_walks_across_two_servers(servers, people):
    a, b = servers
    staf, kasi, camat = requests.Session(), requests.Session(), requests.Session()

    assert login(staf, a, "staf").status_code == 302
    code = intake(staf, a)
    attachment = Case.objects.get(code=code).attachments.get()
    scan = staf.get(f"{b}/layanan/{code}/berkas/{attachment.pk}/")  # written by A, read by B
    assert scan.status_code == 200 and scan.content == tiny_pdf()

    complete(staf, b, code, keputusan="ya", ada=ALL)  # step 2 on B, in A's session
    assert login(kasi, b, "kasi").status_code == 302
    complete(kasi, a, code)  # step 3: fiat
    assert login(camat, a, "camat").status_code == 302
    complete(camat, b, code, password=PASSWORD)  # step 4: signed
    complete(staf, a, code)  # step 5: register
    complete(staf, b, code, diserahkan_kepada="Sumarni Rahayu")  # step 6: hand-over

    case = Case.objects.get(code=code)
    assert (case.state, case.records.count()) == (Case.State.SELESAI, 6)
    tracked = requests.get(f"{a}/lacak/{code}/")
    assert tracked.status_code == 200 and "Permohonan selesai diproses." in tracked.text
    document = IssuedDocument.objects.get(case=case)
    verified = requests.get(f"{b}/verifikasi/{document.code}/")
    assert verified.status_code == 200 and document.sha256 in verified.text
    sheet = staf.get(f"{a}/layanan/{code}/dokumen/{document.pk}.pdf")
    assert sheet.status_code == 200 and sheet.content.startswith(b"%PDF")


def test_failed_logins_on_one_server_count_on_the_other(servers, people):
    a, b = servers
    stranger = requests.Session()
    for _ in range(5):
        assert login(stranger, a, "kasi", "tebak").status_code == 200

    refused = login(stranger, b, "kasi")

    assert refused.status_code == 429
    assert "Terlalu banyak kata sandi yang salah" in refused.text


def test_sop_document_drawn_on_one_server_is_served_by_the_other(servers, people, settings):
    from django.core.files.storage import storages

    from tertib.sop.views import cache_key, stored_name

    a, b = servers
    version = people.version
    path = f"/sop/{version.sop.kode}/v{version.number}.pdf"
    first = requests.get(a + path)
    second = requests.get(b + path, headers={"If-None-Match": first.headers["ETag"]})
    third = requests.get(b + path)

    assert first.status_code == 200 and second.status_code == 304
    assert third.content == first.content  # not drawn again: PDFs carry the moment they were made
    assert storages["private"].exists(stored_name(cache_key(version, "pdf")))
