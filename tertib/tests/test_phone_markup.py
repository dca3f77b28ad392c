"""The markup that the phone layout rests on: the header's menu, tables whose cells name their
column when they become cards, and labels for every control that axe-core asks about."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tertib.cases.models import Case
from tertib.org.models import Desa

ALL = ["sktm_asli", "fotokopi_ktp", "fotokopi_kk", "kartu_jkn", "surat_pernyataan"]


class CardTables(HTMLParser):
    """Each table of class "as-cards": its column heads as a sighted reader sees them (lines
    joined by a space, no visually hidden words) and, per body row, each cell's data-label (None
    when the cell has none, "*" when it spans columns)."""

    def __init__(self):
        super().__init__()
        self.tables: list[dict] = []
        self.part = None
        self.reading_head = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "as-cards" in (attrs.get("class") or "").split():
            self.tables.append({"heads": [], "rows": []})
            self.part = "table"
        elif self.part and tag in ("thead", "tbody", "tfoot"):
            self.part = tag
        elif self.part == "thead" and tag == "th":
            self.tables[-1]["heads"].append("")
            self.reading_head = True
        elif self.reading_head and tag == "br":
            self.tables[-1]["heads"][-1] += " "
        elif self.reading_head and attrs.get("class") == "visually-hidden":
            self.reading_head = False
        elif self.part == "tbody" and tag == "tr":
            self.tables[-1]["rows"].append([])
        elif self.part == "tbody" and tag == "td":
            label = "*" if "colspan" in attrs else attrs.get("data-label")
            self.tables[-1]["rows"][-1].append(label)

    def handle_endtag(self, tag):
        if tag == "table":
            self.part = None
        elif tag == "th":
            self.reading_head = False

    def handle_data(self, data):
        if self.reading_head:
            self.tables[-1]["heads"][-1] += data


def card_tables(html: str) -> list[dict]:
    parser = CardTables()
    parser.feed(html)
    return parser.tables


def assert_cells_name_their_columns(html: str) -> int:
    """Every body cell carries its column's head as data-label; returns the cells checked."""
    tables, checked = card_tables(html), 0
    assert tables, "no table becomes cards on this page"
    for table in tables:
        for row in table["rows"]:
            if row == ["*"]:
                continue  # the "nothing here" row
            assert len(row) == len(table["heads"]), (table["heads"], row)
            for head, label in zip(table["heads"], row, strict=True):
                assert label == (" ".join(head.split()) or None), (head, label)
                checked += 1
    return checked


@pytest.fixture
def desk(undaan, client, tmp_path, settings):
    settings.PRIVATE_DIR = tmp_path / "private"
    Desa.objects.create(kecamatan=undaan.office, name="Wates")
    client.force_login(undaan.staf)
    undaan.client = client
    return undaan


def intake(desk, **changes) -> Case:
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
        **changes,
    }
    desk.client.post(reverse("cases:new", args=["undaan-legalisasi-sktm"]), data)
    return Case.objects.latest("opened_at")


def test_header_menu_opens_from_a_summary_without_script(client, db):
    html = client.get(reverse("public:track_form")).content.decode()

    assert '<details class="menu">\n  <summary>Menu</summary>' in html
    assert '<nav aria-label="Menu utama">' in html
    assert "<script" not in html


def test_header_menu_holds_the_account_links_when_signed_in(desk):
    html = desk.client.get(reverse("cases:worklist")).content.decode()
    menu = html.split('<details class="menu">', 1)[1].split("</details>", 1)[0]

    assert "Siti Aminah" in menu and "Keluar" in menu and "Daftar kerja" in menu


def test_worklist_cells_name_their_columns(desk):
    intake(desk)

    html = desk.client.get(reverse("cases:worklist")).content.decode()

    assert assert_cells_name_their_columns(html) == 6


def test_worklist_returned_table_names_its_columns(desk):
    case = intake(desk, **{"ada_fotokopi_kk": ""})
    record = case.records.get(completed_at__isnull=True)
    desk.client.post(
        reverse("cases:complete", args=[case.code]),
        {"record": record.pk, "keputusan": "tidak", "ada": ALL[:2]},
    )
    assert Case.objects.get().state == "menunggu_pemohon"

    html = desk.client.get(reverse("cases:worklist")).content.decode()

    tables = card_tables(html)
    assert [t["heads"] for t in tables] == [["Kode", "Pemohon", "Catatan"]]
    assert tables[0]["rows"] == [["Kode", "Pemohon", "Catatan"]]


def test_case_page_step_table_names_its_columns_and_navigations_differ(desk):
    case = intake(desk)

    html = desk.client.get(reverse("cases:detail", args=[case.code])).content.decode()

    assert assert_cells_name_their_columns(html) == 2 * 9  # steps 1 and 2, nine columns
    assert '<nav aria-label="Menu utama">' in html
    assert '<nav class="documents" aria-label="Dokumen">' in html


def test_new_case_scan_inputs_each_have_a_label(desk):
    html = desk.client.get(reverse("cases:new", args=["undaan-legalisasi-sktm"])).content.decode()

    for kode in ALL:
        assert f'<label class="visually-hidden" for="id_scan_{kode}">Pindaian ' in html
        assert f'id="id_scan_{kode}"' in html


def test_new_case_checkboxes_sit_in_their_label_rows(desk):
    html = desk.client.get(reverse("cases:new", args=["undaan-legalisasi-sktm"])).content.decode()

    assert html.count('<td><label class="choice"><input type="checkbox"') == len(ALL)


def test_register_cells_name_their_columns(desk):
    intake(desk)  # registered at step 5 only: the book is still empty

    html = desk.client.get(
        reverse("registers:book", args=["kecamatan-undaan", "legalisasi-sktm"])
    ).content.decode()

    tables = card_tables(html)
    assert tables[0]["heads"] == ["No", "Nomor", "Tanggal", "Perihal", "Kode lacak", "Dicatat oleh"]
    assert tables[0]["rows"] == [["*"]]


def test_roster_cells_name_their_columns_and_the_action_column_has_a_name(pmd, client):
    client.force_login(pmd.pelaksana)

    html = client.get(reverse("iuran:roster")).content.decode()

    assert assert_cells_name_their_columns(html) == 3 * 9
    assert '<th><span class="visually-hidden">Tindakan</span></th>' in html


def test_figures_region_can_take_focus(undaan, client):
    client.force_login(undaan.camat)

    html = client.get(reverse("reports:dashboard", args=["kecamatan-undaan"])).content.decode()

    assert '<div class="scroll" tabindex="0" role="region" aria-label="Waktu per langkah ' in html
    assert assert_cells_name_their_columns(html) == 6 * 9  # the SKTM SOP's six steps


def test_sop_document_page_is_one_focusable_main(client, undaan):
    html = client.get(reverse("sop:document", args=["undaan-legalisasi-sktm"])).content.decode()

    assert html.count("<main") == 1
    assert '<main class="paper" tabindex="0" aria-label="Dokumen SOP">' in html
    assert '<nav class="toolbar" aria-label="Dokumen">' in html


def test_sop_document_pdf_has_no_web_frame(undaan):
    from tertib.sop import document

    html = document.render_html(undaan.version, web=False)

    assert "<main " not in html and "<nav " not in html
    assert html.count('<section class="sheet') == 3  # cover, identity, procedure
