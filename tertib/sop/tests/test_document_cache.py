"""Public SOP documents are drawn once per version and kept; browsers may keep them too."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from conftest import SKTM
from tertib.sop.loading import load_file
from tertib.sop.views import cache_key, stored_name

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_pdf_is_drawn_once_and_served_from_the_storage(client):
    from django.core.files.storage import storages

    version = load_file(SKTM).version
    url = reverse("sop:pdf", args=[version.sop.kode, version.number])
    first = body(client.get(url))
    assert storages["private"].open(stored_name(cache_key(version, "pdf"))).read() == first
    second = client.get(url)
    # WeasyPrint stamps each PDF with the moment it was made: equal bytes mean no second drawing.
    assert body(second) == first
    assert second["Cache-Control"] == "public, max-age=31536000, immutable"
    assert second["Content-Disposition"] == f'inline; filename="SOP-{version.sop.kode}-v1.pdf"'


def test_etag_answers_not_modified(client):
    version = load_file(SKTM).version
    url = reverse("sop:version", args=[version.sop.kode, version.number])
    etag = client.get(url)["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""


def test_a_new_version_is_drawn_anew_and_the_current_page_follows_it(client, write_sop):
    text = SKTM.read_text(encoding="utf-8")
    first = load_file(write_sop(text)).version
    current_url = reverse("sop:document", args=[first.sop.kode])
    before = client.get(current_url)
    second = load_file(write_sop(text.replace("waktu: 4 menit", "waktu: 9 menit"))).version
    after = client.get(current_url)
    assert before["ETag"] != after["ETag"]
    assert cache_key(first, "html") != cache_key(second, "html")
    assert "9 menit" in body(after).decode() and after["Cache-Control"] == "public, max-age=300"


def test_drawn_pdf_is_stored_under_its_content_hash_and_outlives_the_cache(client, monkeypatch):
    from django.core.files.storage import storages

    from tertib.sop import document

    version = load_file(SKTM).version
    url = reverse("sop:pdf", args=[version.sop.kode, version.number])
    first = body(client.get(url))
    name = stored_name(cache_key(version, "pdf"))
    assert name.endswith(f"/{version.content_hash}.pdf")
    assert storages["private"].open(name).read() == first

    cache.clear()  # e.g. Redis restarted, or another server with a cache of its own
    monkeypatch.setattr(document, "render_pdf", refuse_to_draw)
    again = client.get(url)

    assert again.status_code == 200 and body(again) == first


def refuse_to_draw(*args, **kwargs):
    raise AssertionError("the document was drawn a second time")


def test_rollback_serves_the_old_versions_document_again(client, write_sop):
    text = SKTM.read_text(encoding="utf-8")
    first = load_file(write_sop(text)).version
    current_url = reverse("sop:document", args=[first.sop.kode])
    before = client.get(current_url)
    old_etag, old_page = before["ETag"], body(before)
    load_file(write_sop(text.replace("waktu: 4 menit", "waktu: 9 menit")))
    newer = client.get(current_url, headers={"If-None-Match": old_etag})
    assert newer.status_code == 200 and body(newer) != old_page

    load_file(write_sop(text), rollback=True)
    back = client.get(current_url, headers={"If-None-Match": newer["ETag"]})

    assert back.status_code == 200
    assert back["ETag"] == old_etag
    assert body(back) == old_page
    assert client.get(current_url, headers={"If-None-Match": old_etag}).status_code == 304


def test_a_new_renderer_draws_every_document_anew(client, monkeypatch):
    from tertib.sop import views

    version = load_file(SKTM).version
    url = reverse("sop:version", args=[version.sop.kode, version.number])
    before = client.get(url)
    monkeypatch.setattr(views, "RENDERER", "0123456789ab")

    after = client.get(url)

    assert after["ETag"] != before["ETag"] and "0123456789ab" in after["ETag"]
    from django.core.files.storage import storages

    assert storages["private"].open(stored_name(cache_key(version, "html"))).read() == body(after)


def test_another_paper_is_another_document(client, settings):
    version = load_file(SKTM).version
    url = reverse("sop:pdf", args=[version.sop.kode, version.number])
    a4 = client.get(url)
    settings.SOP_PAPER = "F4"

    f4 = client.get(url)

    assert f4["ETag"] != a4["ETag"] and body(f4) != body(a4)


@pytest.mark.django_db(transaction=True)
def test_twelve_clients_at_once_draw_the_pdf_once(settings, live_server, monkeypatch):
    """The PDF flood: twelve anonymous clients ask for a PDF nobody has asked for yet; one
    request draws it, the others wait for its result."""
    import threading
    import urllib.request

    from tertib.sop import document
    from tertib.testing import use_redis

    use_redis(settings)
    version = load_file(SKTM).version
    drawn, real = [], document.render_pdf

    def counted(*args, **kwargs):
        drawn.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(document, "render_pdf", counted)
    url = live_server.url + reverse("sop:pdf", args=[version.sop.kode, version.number])
    bodies, start = [], threading.Barrier(12)

    def fetch():
        start.wait()
        with urllib.request.urlopen(url, timeout=120) as response:
            bodies.append(response.read())

    clients = [threading.Thread(target=fetch) for _ in range(12)]
    for client in clients:
        client.start()
    for client in clients:
        client.join()

    assert len(drawn) == 1
    assert len(bodies) == 12 and len(set(bodies)) == 1


def test_a_document_being_drawn_elsewhere_is_not_read_half_written(client, settings):
    import threading

    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    from tertib.testing import use_redis

    use_redis(settings)  # the other server's thread must not wait on this test's transaction
    version = load_file(SKTM).version
    key, whole = cache_key(version, "html"), b"<!DOCTYPE html><html><body>SOP</body></html>"
    storage = storages["private"]
    storage.save(stored_name(key), ContentFile(whole[:20]))  # the other server is writing it
    cache.add(f"{key}:drawing", 1, 3600)  # longer than the wait: only its release ends it

    def other_server_finishes():
        storage.delete(stored_name(key))
        storage.save(stored_name(key), ContentFile(whole))
        cache.delete(f"{key}:drawing")

    threading.Timer(0.5, other_server_finishes).start()
    page = client.get(reverse("sop:version", args=[version.sop.kode, version.number]))

    assert body(page) == whole  # not the half, and not drawn here after giving up waiting


def test_a_stored_pdf_is_served_again_without_asking_the_database(
    client, django_assert_num_queries
):
    version = load_file(SKTM).version
    url = reverse("sop:pdf", args=[version.sop.kode, version.number])
    first = body(client.get(url))  # drawn, stored; the version and the file remembered

    with django_assert_num_queries(0):  # no version lookup, no "being drawn" check in the cache
        again = client.get(url)

    assert body(again) == first


def test_a_hidden_sop_stops_being_served_once_its_lookup_is_forgotten(client, monkeypatch):
    from tertib.sop import views
    from tertib.sop.models import Sop

    version = load_file(SKTM).version
    url = reverse("sop:pdf", args=[version.sop.kode, version.number])
    assert client.get(url).status_code == 200
    Sop.objects.filter(pk=version.sop_id).update(current_version=None)  # withdrawn
    assert client.get(url).status_code == 200  # within the minute this process remembers

    clock = views.time.monotonic() + views.REMEMBERED_SECONDS + 1
    monkeypatch.setattr(views.time, "monotonic", lambda: clock)

    assert client.get(url).status_code == 404
