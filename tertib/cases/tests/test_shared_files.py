"""No public page depends on a file only one server has: issued documents are read through the
Storage API (any backend, S3-compatible included), never through a local path."""

import pytest
from django.urls import reverse

from tertib.cases import signing
from tertib.cases.tests.test_signing import issue_sktm

pytestmark = pytest.mark.django_db

NO_LOCAL_PATH = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
}


@pytest.fixture
def remote_storage(settings):
    """A private storage with no folder on this machine, as an S3 bucket would be."""
    settings.STORAGES = NO_LOCAL_PATH


@pytest.fixture
def issued(remote_storage, undaan, settings, django_capture_on_commit_callbacks):
    """An unsigned legalisation sheet, written to the storage as its step commits."""
    from tertib.cases import storage

    settings.SIGNER = "none"
    with django_capture_on_commit_callbacks(execute=True):
        document = issue_sktm(undaan)
    storage._local.pending = {}  # read back from the storage, not from this thread's memory
    return document


def test_verification_reads_the_issued_document_from_a_storage_without_paths(issued, client):
    document = issued
    html = client.get(reverse("public:verify", args=[document.code])).content.decode()

    assert "Tidak ada; keasliannya ditunjukkan oleh kode QR" in html
    assert document.sha256 in html


def test_issued_pdf_download_comes_from_the_storage(issued, undaan, client):
    from django.core.files.storage import storages

    document = issued
    client.force_login(undaan.staf)

    response = client.get(reverse("cases:issued", args=[document.case.code, document.pk]))

    stored = storages["private"].open(document.path).read()
    assert response.status_code == 200
    assert b"".join(response.streaming_content if response.streaming else [response.content]) == (
        stored
    )


def test_sop_documents_are_stored_where_every_server_finds_them(remote_storage, client):
    from django.core.files.storage import storages

    from conftest import SKTM
    from tertib.sop.loading import load_file
    from tertib.sop.views import cache_key, stored_name

    version = load_file(SKTM).version

    page = client.get(reverse("sop:version", args=[version.sop.kode, version.number]))

    assert storages["private"].open(stored_name(cache_key(version, "html"))).read() == page.content


def test_signature_of_a_document_is_checked_once_per_content(issued, client, monkeypatch):
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    document = issued
    url = reverse("public:verify", args=[document.code])
    checked, real = [], signing.signature_status

    def counted(pdf):
        checked.append(len(pdf))
        return real(pdf)

    monkeypatch.setattr(signing, "signature_status", counted)
    client.get(url)
    client.get(url)
    assert len(checked) == 1

    storages["private"].delete(document.path)  # the file changed: its status is worked out anew
    storages["private"].save(document.path, ContentFile(b"%PDF-1.4 changed"))
    client.get(url)

    assert len(checked) == 2
