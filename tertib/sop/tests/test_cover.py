"""The SOP cover's title says each word once: not the heading's words again, not a word twice."""

import io

import pytest
from pypdf import PdfReader

from conftest import IURAN, SKTM
from tertib.sop.document import COVER_HEADING, cover_title, render_pdf
from tertib.sop.loading import load_file

IURAN_COVER = (
    "PELAYANAN FASILITASI PENGAJUAN PEMBAYARAN SEBAGIAN IURAN JAMINAN KESEHATAN UNTUK KEPALA "
    "DESA DAN PERANGKAT DESA TAHUN 2023"
)


class Named:
    """Just the two fields the cover reads."""

    def __init__(self, nama: str, judul_sampul: str | None = None):
        self.nama, self.judul_sampul = nama, judul_sampul


@pytest.mark.parametrize(
    ("nama", "judul_sampul", "title"),
    [
        ("Legalisasi SKTM", None, "Legalisasi SKTM"),
        ("Pelayanan Pengajuan Pengajuan Pembayaran", None, "Pelayanan Pengajuan Pembayaran"),
        ("SOP Pelayanan Surat Masuk", None, "Pelayanan Surat Masuk"),
        ("sop: Pelayanan Surat Keluar", None, "Pelayanan Surat Keluar"),
        ("(SOP) Pelayanan Surat Keluar", None, "Pelayanan Surat Keluar"),
        ("Standar Operasional Prosedur Pelayanan KTP-el", None, "Pelayanan KTP-el"),
        ("Standar Operasional Prosedur (SOP) Pelayanan KK", None, "Pelayanan KK"),
        ("STANDAR OPERASIONAL PROSEDUR (SOP) SOP PELAYANAN", None, "PELAYANAN"),
        ("Sopir Dinas", None, "Sopir Dinas"),
        ("SOP", None, "SOP"),
        ("Nama", "LEGALISASI LEGALISASI SKTM", "LEGALISASI SKTM"),
        ("Kepala Desa dan Perangkat Desa", None, "Kepala Desa dan Perangkat Desa"),
        ("Pembayaran Iuran Iuran BPJS BPJS", None, "Pembayaran Iuran BPJS"),
    ],
)
def test_cover_title_says_each_word_once(nama, judul_sampul, title):
    assert cover_title(Named(nama, judul_sampul)) == title


@pytest.mark.django_db
def test_iuran_cover_reads_pengajuan_once():
    version = load_file(IURAN).version

    cover = PdfReader(io.BytesIO(render_pdf(version))).pages[0].extract_text()

    words = " ".join(cover.split())
    assert f"{COVER_HEADING} {IURAN_COVER}" in words
    assert "PENGAJUAN PENGAJUAN" not in words


@pytest.mark.django_db
@pytest.mark.parametrize("path", [SKTM, IURAN], ids=["sktm", "iuran"])
def test_no_page_of_the_sop_document_is_nearly_empty(path):
    pages = PdfReader(io.BytesIO(render_pdf(load_file(path).version))).pages

    sizes = [len("".join(page.extract_text().split())) for page in pages]

    assert [n for n, size in enumerate(sizes, start=1) if size < 100] == []
