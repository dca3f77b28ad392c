"""The official SOP document (Permenpan RB 35/2012 layout) as HTML and as PDF."""

import base64
import re

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from tertib.lib.durations import total_waktu
from tertib.lib.text import without_repeated_words
from tertib.sop.definition import Definition
from tertib.sop.flowchart import draw_pages
from tertib.sop.layout import PAPERS, columns_for, paginate
from tertib.sop.models import SopVersion

COVER_HEADING = "STANDAR OPERASIONAL PROSEDUR (SOP)"
# What the cover's heading already says; a title that starts with it would say it twice.
COVER_HEADING_WORDS = re.compile(
    r"^\s*(?:standar\s+operasional\s+prosedur\b(?:\s*\(sop\))?|\(?sop\b\)?)[\s:.,-]*",
    re.IGNORECASE,
)
BLANK_WARNED = ["nomor", "tanggal_pembuatan", "tanggal_revisi", "tanggal_efektif"]
IDENTITY_PAIRS = [
    ("dasar_hukum", "kualifikasi_pelaksana"),
    ("keterkaitan", "peralatan_perlengkapan"),
    ("peringatan", "pencatatan_pendataan"),
]


def document_context(version: SopVersion, *, paper: str | None = None) -> dict:
    """Everything the document template needs, shared by the HTML page and the PDF."""
    paper = paper or settings.SOP_PAPER
    definition = version.definition
    columns = columns_for(paper, len(definition.pelaksana))
    pages = paginate(definition, paper, settings.SOP_MAX_STEPS_PER_PAGE)
    drawings = draw_pages(definition, pages, columns)
    return {
        "version": version,
        "sop": definition,
        "logo_uri": _logo_uri(version),
        "cover_heading": COVER_HEADING,
        "cover_title": cover_title(definition),
        "paper": {"name": paper, "width": PAPERS[paper][0], "height": PAPERS[paper][1]},
        "columns": columns,
        "labels": {key: definition.label_of(key) for key in _label_keys()},
        "grid": [
            [(key, definition.label_of(key), getattr(definition, key)) for key in pair]
            for pair in IDENTITY_PAIRS
        ],
        "pages": [
            {
                "number": index + 1,
                "bands": [drawing.band(row) for row in page.rows],
                "drawing": drawing,
            }
            for index, (page, drawing) in enumerate(zip(pages, drawings, strict=True))
        ],
        "total_waktu": total_waktu([step.mutu_baku.parsed_waktu for step in definition.langkah]),
        "warnings": blank_warnings(definition),
    }


def cover_title(definition: Definition) -> str:
    """The title under the cover's heading: the judul_sampul (or the nama) without the heading's
    own words in front ("SOP …", "Standar Operasional Prosedur …") and without a word typed
    twice in a row ("PENGAJUAN PENGAJUAN")."""
    title = definition.judul_sampul or definition.nama
    rest = title
    while (shorter := COVER_HEADING_WORDS.sub("", rest, count=1)) != rest:
        rest = shorter
    return without_repeated_words(rest) or title


def blank_warnings(definition: Definition) -> list[str]:
    """A warning, not an error, for each of nomor and the dates the SOP leaves blank."""
    return [
        f"{definition.label_of(key)} belum diisi; dokumen dicetak dengan kolom kosong."
        for key in BLANK_WARNED
        if not getattr(definition, key)
    ]


def _label_keys() -> list[str]:
    return [
        "nomor",
        "tanggal_pembuatan",
        "tanggal_revisi",
        "tanggal_efektif",
        "disahkan_oleh",
        "nama",
    ]


def letterhead_logo(office_slug: str = "") -> str:
    """The logo for an issued paper's letterhead, as a data URI: the one the office's newest SOP
    carries, else the newest any SOP carries (one Pemda, one logo); "" when no SOP has one."""
    versions = SopVersion.objects.exclude(logo=None).only("logo", "logo_type").order_by("-pk")
    own = versions.filter(sop__office_slug=office_slug).first() if office_slug else None
    version = own or versions.first()
    return _logo_uri(version) if version else ""


def _logo_uri(version: SopVersion) -> str:
    if not version.logo:
        return ""
    encoded = base64.b64encode(bytes(version.logo)).decode()
    return f"data:{version.logo_type};base64,{encoded}"


def render_html(version: SopVersion, *, paper: str | None = None, web: bool = False) -> str:
    with translation.override("id"):
        context = {**document_context(version, paper=paper), "web": web}
        return render_to_string("sop/document.html", context)


def render_pdf(version: SopVersion, *, paper: str | None = None) -> bytes:
    from weasyprint import HTML  # slow import, only when a PDF is made

    return HTML(string=render_html(version, paper=paper)).write_pdf()
