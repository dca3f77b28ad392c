"""The catalogue and the document pages, through Django's test client."""

import pytest
from django.urls import reverse

from conftest import IURAN, SKTM
from tertib.sop.loading import load_file

pytestmark = pytest.mark.django_db


def test_catalogue_lists_sops_by_office_with_versions(client):
    load_file(SKTM)
    load_file(IURAN)
    response = client.get(reverse("sop:catalogue"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("DINAS PEMBERDAYAAN MASYARAKAT DAN DESA KABUPATEN KUDUS") < html.index(
        "KECAMATAN UNDAAN"
    )
    assert "Legalisasi SKTM untuk permohonan pengalihan KIS" in html
    assert "Nomor 067.2/1779/13.01/2023" in html and "efektif 5 Juni 2023" in html
    assert reverse("sop:pdf", args=["undaan-legalisasi-sktm", 1]) in html


def test_catalogue_shows_every_version_and_marks_the_current_one(client, write_sop):
    text = SKTM.read_text(encoding="utf-8")
    load_file(write_sop(text))
    load_file(write_sop(text.replace("waktu: 4 menit", "waktu: 3 menit")))
    html = client.get(reverse("sop:catalogue")).content.decode()
    assert html.count('<tr class="current">') == 1
    assert "v2 <span" in html and ">v1</td>" in html


def test_empty_catalogue_says_how_to_load(client):
    html = client.get(reverse("sop:catalogue")).content.decode()
    assert "Belum ada SOP yang dimuat" in html


def test_document_page_has_the_flowchart_and_a_download_link(client):
    load_file(SKTM)
    html = client.get(reverse("sop:document", args=["undaan-legalisasi-sktm"])).content.decode()
    assert html.count("<svg") == 6  # one drawing band per step row
    assert 'href="/sop/undaan-legalisasi-sktm/v1.pdf"' in html
    assert "Unduh PDF" in html


def test_old_version_stays_printable(client, write_sop):
    text = SKTM.read_text(encoding="utf-8")
    load_file(write_sop(text))
    load_file(write_sop(text.replace("waktu: 4 menit", "waktu: 3 menit")))
    old = client.get(reverse("sop:version", args=["undaan-legalisasi-sktm", 1])).content.decode()
    new = client.get(reverse("sop:document", args=["undaan-legalisasi-sktm"])).content.decode()
    assert "15 menit" in old and "14 menit" not in old
    assert "14 menit" in new and "15 menit" not in new


def test_pdf_download(client):
    load_file(IURAN)
    response = client.get(reverse("sop:pdf", args=["dinas-pmd-iuran-jaminan-kesehatan", 1]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


@pytest.mark.parametrize(
    "url",
    ["/sop/tidak-ada/", "/sop/undaan-legalisasi-sktm/v9/", "/sop/undaan-legalisasi-sktm/v9.pdf"],
)
def test_unknown_sop_or_version_is_not_found(client, url):
    load_file(SKTM)
    assert client.get(url).status_code == 404
