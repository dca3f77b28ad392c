"""The official SOP document: every field and step printed, the flowchart joined to the table."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from conftest import IURAN, SKTM
from tertib.sop.document import cover_title, render_html, render_pdf
from tertib.sop.flowchart import draw_pages
from tertib.sop.layout import columns_for, paginate
from tertib.sop.loading import load_file
from tertib.sop.templatetags.sop_tags import tanggal

pytestmark = pytest.mark.django_db
MM = 72 / 25.4  # PDF points per millimetre


def squeeze(text: str) -> str:
    """Text without any whitespace, so line wrapping in the PDF does not matter."""
    return re.sub(r"\s+", "", text)


def printed_texts(definition) -> list[str]:
    """Every word of the SOP definition that the official document must show."""
    kantor, pejabat = definition.kantor, definition.disahkan_oleh
    texts = [
        kantor.pemda,
        kantor.nama,
        kantor.alamat,
        kantor.telepon,
        kantor.email,
        kantor.kota,
        cover_title(definition),  # the judul_sampul without a word typed twice
        definition.nomor,
        definition.nama,
        pejabat.jabatan,
        pejabat.nama,
        pejabat.pangkat,
        pejabat.nip,
    ]
    texts += [
        tanggal(d)
        for d in (
            definition.tanggal_pembuatan,
            definition.tanggal_revisi,
            definition.tanggal_efektif,
        )
    ]
    texts += [definition.label_of(key) for key in ("nomor", "tanggal_pembuatan", "nama")]
    for key in (
        "dasar_hukum",
        "kualifikasi_pelaksana",
        "keterkaitan",
        "peralatan_perlengkapan",
        "peringatan",
        "pencatatan_pendataan",
    ):
        texts += [definition.label_of(key).upper(), *getattr(definition, key)]
    texts += [p.nama for p in definition.pelaksana]
    for step in definition.langkah:
        texts += [
            f"{step.no}.",
            step.kegiatan,
            step.mutu_baku.waktu,
            step.mutu_baku.output,
            step.keterangan,
            step.pertanyaan,
            *step.mutu_baku.kelengkapan,
        ]
    return [text for text in texts if text]


@pytest.fixture(params=[SKTM, IURAN], ids=["sktm", "iuran"])
def version(request):
    return load_file(request.param).version


def test_pdf_shows_every_field_and_step_of_the_seed(version):
    pdf = PdfReader(io.BytesIO(render_pdf(version)))
    text = squeeze(" ".join(page.extract_text() for page in pdf.pages))
    missing = [t for t in printed_texts(version.definition) if squeeze(t) not in text]
    assert missing == []
    assert squeeze("Jumlah waktu") in text


def test_pdf_prints_the_total_time_and_the_branches(version):
    text = squeeze(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(version))).pages)
    )
    total = {"undaan-legalisasi-sktm": "15 menit", "dinas-pmd-iuran-jaminan-kesehatan": "40 menit"}
    assert squeeze(f"Jumlah waktu{total[version.sop.kode]}") in text
    assert "Ya" in text and "Tidak" in text


def test_sktm_pdf_marks_the_return_to_the_applicant():
    version = load_file(SKTM).version
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(version))).pages)
    assert "Kembali ke pemohon" in text


@pytest.mark.parametrize("paper", ["A4", "F4"])
def test_rows_keep_the_planned_height_so_arrows_join(version, paper):
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    planned = [row.height for page in paginate(version.definition, paper) for row in page.rows]
    document = HTML(string=render_html(version, paper=paper)).render()
    actual = [
        box.height * 25.4 / 96
        for page in document.pages
        for box in page._page_box.descendants()
        if isinstance(box, boxes.TableRowBox)
        and box.element is not None
        and (box.element.get("class") or "").startswith("row-")
    ]
    assert len(actual) == len(planned)
    assert all(0 <= a - p <= 0.3 for a, p in zip(actual, planned, strict=True)), (actual, planned)


@pytest.mark.parametrize(("paper", "width", "height"), [("A4", 297, 210), ("F4", 330, 215)])
def test_pdf_is_landscape_on_the_chosen_paper(paper, width, height):
    pdf = PdfReader(io.BytesIO(render_pdf(load_file(SKTM).version, paper=paper)))
    box = pdf.pages[0].mediabox
    assert (round(float(box.width) / MM), round(float(box.height) / MM)) == (width, height)


def test_page_breaks_get_matching_off_page_connectors(settings):
    settings.SOP_MAX_STEPS_PER_PAGE = 2
    version = load_file(SKTM).version
    pages = paginate(version.definition, "A4", 2)
    drawings = draw_pages(version.definition, pages, columns_for("A4", 3))
    connectors = [
        [
            (row.kind, s.text)
            for row in page.rows
            for s in drawing.band(row)["shapes"]
            if s.kind == "connector"
        ]
        for page, drawing in zip(pages, drawings, strict=True)
    ]
    assert connectors == [[("keluar", "A")], [("masuk", "A"), ("keluar", "B")], [("masuk", "B")]]
    pdf = PdfReader(io.BytesIO(render_pdf(version)))
    assert len(pdf.pages) == 5  # cover, identity, and three pages of two steps each
    assert [squeeze(pdf.pages[i].extract_text()).count("halaman") for i in (2, 3, 4)] == [1, 1, 1]


def test_sop_render_writes_html_and_pdf(tmp_path):
    load_file(IURAN)
    call_command("sop_render", "dinas-pmd-iuran-jaminan-kesehatan", "--out", str(tmp_path))
    html = (tmp_path / "dinas-pmd-iuran-jaminan-kesehatan.html").read_text(encoding="utf-8")
    pdf = (tmp_path / "dinas-pmd-iuran-jaminan-kesehatan.pdf").read_bytes()
    assert "067.2/1779/13.01/2023" in html and "8 Juli 2020" in html
    assert pdf.startswith(b"%PDF-")


def test_sop_render_refuses_an_unknown_sop(tmp_path):
    with pytest.raises(CommandError, match="SOP 'tidak-ada' belum dimuat"):
        call_command("sop_render", "tidak-ada", "--out", str(tmp_path))
