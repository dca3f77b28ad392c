"""Public SOP documents are drawn once per version and kept; browsers may keep them too."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from conftest import SKTM
from tertib.sop.loading import load_file
from tertib.sop.views import cache_key

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def test_pdf_is_drawn_once_and_served_from_the_cache(client):
    version = load_file(SKTM).version
    url = reverse("sop:pdf", args=[version.sop.kode, version.number])
    first = client.get(url)
    assert cache.get(cache_key(version, "pdf")) == first.content
    second = client.get(url)
    # WeasyPrint stamps each PDF with the moment it was made: equal bytes mean no second drawing.
    assert second.content == first.content
    assert second["Cache-Control"] == "public, max-age=31536000, immutable"


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
    assert "9 menit" in after.content.decode() and after["Cache-Control"] == "public, max-age=300"
