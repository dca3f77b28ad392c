"""Production behaviour: CSP, Indonesian error pages, a lost database connection."""

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import OperationalError, connection
from django.http import HttpResponse
from django.urls import path

from tertib.urls import urlpatterns as tertib_urls

calls = {"count": 0}


def flaky(request):
    """Its first call finds the database connection cut, as after a PostgreSQL restart."""
    calls["count"] += 1
    if calls["count"] == 1:
        raise OperationalError("server closed the connection unexpectedly")
    return HttpResponse("ok")


def broken(request):
    raise RuntimeError("a bug")


def forbidden(request):
    raise PermissionDenied


def suspicious(request):
    raise SuspiciousOperation("bad")


urlpatterns = [
    path("uji/putus/", flaky),
    path("uji/rusak/", broken),
    path("uji/terlarang/", forbidden),
    path("uji/aneh/", suspicious),
    *tertib_urls,
]


@pytest.fixture
def test_urls(settings):
    settings.ROOT_URLCONF = __name__
    calls["count"] = 0


def test_every_page_carries_a_content_security_policy(client, db):
    response = client.get("/lacak/")

    assert response["Content-Security-Policy"] == (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    )


def test_templates_hold_no_inline_script():
    """Scripts come from static files only (the CSP allows no inline script)."""
    import re

    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
    templates = (settings.BASE_DIR / "templates").rglob("*.html")
    scripts = [t.name for t in templates if inline.search(t.read_text(encoding="utf-8"))]
    assert scripts == []


def test_missing_page_is_indonesian(client, db):
    response = client.get("/tidak-ada/")

    assert response.status_code == 404
    assert "Halaman tidak ditemukan (404)" in response.text


@pytest.mark.parametrize(
    ("url", "status", "heading"),
    [
        ("/uji/rusak/", 500, "Terjadi gangguan (500)"),
        ("/uji/terlarang/", 403, "Akses ditolak (403)"),
        ("/uji/aneh/", 400, "Permintaan tidak valid (400)"),
    ],
)
def test_error_pages_are_indonesian(client, test_urls, url, status, heading):
    client.raise_request_exception = False

    response = client.get(url)

    assert response.status_code == status
    assert heading in response.text


def test_read_after_a_lost_connection_is_tried_again(client, test_urls):
    response = client.get("/uji/putus/")

    assert (response.status_code, response.text, calls["count"]) == (200, "ok", 2)


def test_write_after_a_lost_connection_is_not_repeated(client, test_urls):
    client.raise_request_exception = False

    response = client.post("/uji/putus/")

    assert (response.status_code, calls["count"]) == (503, 1)
    assert "Sambungan ke basis data terputus" in response.text


@pytest.mark.skipif(connection.vendor != "postgresql", reason="cuts a PostgreSQL connection")
@pytest.mark.django_db(transaction=True)
def test_page_survives_its_connection_being_cut(client):
    from django.db import connections

    client.get("/lacak/UND-AAAA-BBBB-CCCC/")  # opens the connection
    pid = connection.cursor().connection.info.backend_pid
    killer = connections.create_connection("default")
    with killer.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    killer.close()

    response = client.get("/lacak/UND-AAAA-BBBB-CCCC/")

    assert response.status_code == 404
    assert "tidak ditemukan" in response.text
