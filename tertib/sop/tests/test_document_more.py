"""The SOP document's content (HTML only: the PDF has its own tests), the letterhead logo, and
what the public pages show of SOPs still being drafted."""

import pytest

from conftest import SKTM
from tertib.org.testing import make_user
from tertib.sop import document
from tertib.sop.loading import load_file, load_text
from tertib.sop.models import Sop

pytestmark = pytest.mark.django_db

SKTM_TEXT = SKTM.read_text(encoding="utf-8")


@pytest.fixture
def version(write_sop):
    return load_file(write_sop(SKTM_TEXT)).version


def test_context_totals_the_times_and_warns_of_blank_fields(version):
    context = document.document_context(version, paper="A4")

    # 1 + 5 + 2 + 4 + 2 + 1 minutes
    assert context["total_waktu"] == "15 menit"
    assert context["warnings"] == [
        "Nomor SOP belum diisi; dokumen dicetak dengan kolom kosong.",
        "Tanggal Pembuatan belum diisi; dokumen dicetak dengan kolom kosong.",
        "Tanggal Revisi belum diisi; dokumen dicetak dengan kolom kosong.",
        "Tanggal Pengesahan belum diisi; dokumen dicetak dengan kolom kosong.",
    ]
    assert context["labels"]["nama"] == "Judul SOP"
    assert context["logo_uri"].startswith("data:image/svg+xml;base64,")
    assert [key for pair in context["grid"] for key, _label, _value in pair] == [
        "dasar_hukum",
        "kualifikasi_pelaksana",
        "keterkaitan",
        "peralatan_perlengkapan",
        "peringatan",
        "pencatatan_pendataan",
    ]


def test_times_in_several_units_are_summed_unit_by_unit(write_sop):
    text = SKTM_TEXT.replace("waktu: 4 menit", "waktu: 1 hari kerja").replace(
        "waktu: 5 menit", "waktu: 70 menit"
    )
    version = load_file(write_sop(text)).version

    assert document.document_context(version)["total_waktu"] == "1 hari kerja 1 jam 16 menit"


def test_html_prints_every_step_and_the_sops_own_labels(version):
    html = document.render_html(version, paper="A4")

    for step in version.definition.langkah:
        assert step.kegiatan in html
    assert "Tanggal Pengesahan" in html
    assert "Judul SOP" in html
    assert "ARIF BUDIYANTO, S.Sos, M.Si" in html
    # the decision's question is drawn inside its diamond, wrapped to fit
    assert ">Berkas<" in html and ">lengkap?<" in html


def test_version_without_a_logo_prints_none(write_sop, version):
    text = SKTM_TEXT.replace("waktu: 4 menit", "waktu: 3 menit").replace(
        "  logo: ../logo-kabupaten-kudus.svg\n", "  logo:\n"
    )
    bare = load_text(text, sop=version.sop, actor=make_user("penyusun")).version

    assert document.document_context(bare)["logo_uri"] == ""
    assert "data:image/svg+xml" not in document.render_html(bare)


def test_letterhead_logo_prefers_the_offices_own_sop(write_sop, sop_dir, version):
    assert document.letterhead_logo("kantor-uji").startswith("data:image/svg+xml;base64,")
    # Another office without an SOP of its own borrows the Pemda's logo of the newest SOP.
    assert document.letterhead_logo("kantor-lain") == document.letterhead_logo("kantor-uji")
    assert document.letterhead_logo() == document.letterhead_logo("kantor-uji")


def test_letterhead_logo_of_another_office_is_its_own(write_sop, tmp_path, version):
    other = tmp_path / "sops" / "kantor-dua"
    other.mkdir()
    (other / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\1" * 16)
    text = SKTM_TEXT.replace("kode: undaan-legalisasi-sktm", "kode: dua-sop").replace(
        "../logo-kabupaten-kudus.svg", "logo.png"
    )
    (other / "sop.yaml").write_text(text, encoding="utf-8")
    load_file(other / "sop.yaml")

    assert document.letterhead_logo("kantor-dua").startswith("data:image/png;base64,")
    assert document.letterhead_logo("kantor-uji").startswith("data:image/svg+xml;base64,")


def test_letterhead_logo_is_empty_when_no_sop_has_one():
    assert document.letterhead_logo("kantor-uji") == ""


def test_an_sop_with_only_a_draft_is_not_public(client, version):
    Sop.objects.create(kode="sop-rahasia", office_slug="kantor-uji")

    assert client.get("/sop/sop-rahasia/").status_code == 404
    assert client.get("/sop/sop-rahasia/v1/").status_code == 404
    assert client.get("/sop/sop-rahasia/v1.bpmn").status_code == 404
    assert "sop-rahasia" not in client.get("/sop/").content.decode()


def test_bpmn_of_an_older_version_is_that_version(client, version):
    load_text(
        SKTM_TEXT.replace("waktu: 4 menit", "waktu: 9 menit"),
        sop=version.sop,
        actor=make_user("penyusun"),
    )

    old = client.get("/sop/undaan-legalisasi-sktm/v1.bpmn")
    new = client.get("/sop/undaan-legalisasi-sktm/v2.bpmn")

    assert old["Content-Disposition"] == (
        'attachment; filename="SOP-undaan-legalisasi-sktm-v1.bpmn"'
    )
    assert b'value="4 menit"' in old.content and b'value="9 menit"' not in old.content
    assert b'value="9 menit"' in new.content
    assert client.get("/sop/undaan-legalisasi-sktm/v3.bpmn").status_code == 404
