"""The printed SOP for shapes the shipped two do not have, and the warning for blank fields."""

import datetime
import io
import re

import pytest
import yaml
from django.core.management import call_command
from pypdf import PdfReader

from conftest import SKTM
from tertib.sop.document import blank_warnings, render_html, render_pdf
from tertib.sop.layout import paginate
from tertib.sop.loading import load_file
from tertib.sop.tests.shapes import SHAPES

pytestmark = pytest.mark.django_db


def version_of(name: str, write_sop, **changes):
    data = SHAPES[name].model_dump(mode="python") | {"kode": name} | changes
    loaded = load_file(write_sop(yaml.safe_dump(data, allow_unicode=True), f"{name}.yaml"))
    assert loaded.problems == []
    return loaded.version


def procedure_texts(version) -> list[str]:
    """The text of each procedure page (after the cover and the identity page), unspaced."""
    pages = PdfReader(io.BytesIO(render_pdf(version))).pages[2:]
    return [re.sub(r"\s+", "", page.extract_text()) for page in pages]


@pytest.mark.parametrize(
    ("name", "mulai", "kembali"),
    [
        ("decision-first", 1, 1),
        ("paraf-first", 1, 1),
        ("back-to-earlier", 0, 1),
        ("decision-last", 0, 1),
    ],
)
def test_pdf_prints_the_start_and_the_return_terminators(write_sop, name, mulai, kembali):
    text = "".join(procedure_texts(version_of(name, write_sop)))
    assert (text.count("Mulai"), text.count("Kembalikepemohon")) == (mulai, kembali)


def test_decision_that_ends_the_flow_prints_selesai(write_sop):
    text = "".join(procedure_texts(version_of("decision-last", write_sop)))
    assert text.count("Selesai") == 1


def test_long_flow_prints_over_pages_with_lettered_connectors(settings, write_sop):
    settings.SOP_MAX_STEPS_PER_PAGE = 6
    version = version_of("long-two-pages", write_sop)
    pages = procedure_texts(version)
    assert len(pages) == len(paginate(version.definition, "A4", 6)) >= 2
    assert [f"(halaman{i}dari{len(pages)})" in text for i, text in enumerate(pages, 1)] == [
        True
    ] * len(pages)
    assert "A" in pages[0] and "A" in pages[1]


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_rows_keep_their_planned_height_for_every_shape(settings, write_sop, name):
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    settings.SOP_MAX_STEPS_PER_PAGE = 6
    version = version_of(name, write_sop)
    planned = [row.height for page in paginate(version.definition, "A4", 6) for row in page.rows]
    document = HTML(string=render_html(version, paper="A4")).render()
    actual = [
        box.height * 25.4 / 96
        for page in document.pages
        for box in page._page_box.descendants()
        if isinstance(box, boxes.TableRowBox)
        and (box.element.get("class") or "").startswith("row-")
    ]
    assert len(actual) == len(planned)
    assert all(0 <= a - p <= 0.3 for a, p in zip(actual, planned, strict=True)), (actual, planned)


def test_blank_nomor_and_dates_give_warnings_not_errors(write_sop):
    version = version_of(
        "decision-first", write_sop, nomor=None, tanggal_pembuatan=None, tanggal_efektif=None
    )
    assert blank_warnings(version.definition) == [
        "Nomor SOP belum diisi; dokumen dicetak dengan kolom kosong.",
        "Tanggal Pembuatan belum diisi; dokumen dicetak dengan kolom kosong.",
        "Tanggal Revisi belum diisi; dokumen dicetak dengan kolom kosong.",
        "Tanggal Efektif belum diisi; dokumen dicetak dengan kolom kosong.",
    ]
    html = render_html(version, web=True)
    assert html.count("Peringatan: ") == 4
    assert "Peringatan: " not in render_html(version)


def test_filled_nomor_and_dates_give_no_warning(write_sop):
    version = version_of("decision-first", write_sop, tanggal_revisi=datetime.date(2026, 2, 1))
    assert blank_warnings(version.definition) == []
    assert "Peringatan: " not in render_html(version, web=True)


def test_sop_render_prints_the_warnings_and_still_writes_the_pdf(tmp_path):
    load_file(SKTM)  # the shipped SKTM SOP leaves nomor and every date blank
    errors = io.StringIO()
    call_command("sop_render", "undaan-legalisasi-sktm", "--out", str(tmp_path), stderr=errors)
    assert errors.getvalue().splitlines() == [
        "Peringatan: Nomor SOP belum diisi; dokumen dicetak dengan kolom kosong.",
        "Peringatan: Tanggal Pembuatan belum diisi; dokumen dicetak dengan kolom kosong.",
        "Peringatan: Tanggal Revisi belum diisi; dokumen dicetak dengan kolom kosong.",
        "Peringatan: Tanggal Pengesahan belum diisi; dokumen dicetak dengan kolom kosong.",
    ]
    assert (tmp_path / "undaan-legalisasi-sktm.pdf").read_bytes().startswith(b"%PDF-")
