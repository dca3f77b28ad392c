"""What sop_check and sop_load refuse before anything is stored: unknown names, hostile YAML,
bad bytes, oversized files; and what they only warn about."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from conftest import SKTM
from tertib.cases.models import Register
from tertib.org.testing import make_office
from tertib.sop.models import Sop, SopVersion
from tertib.sop.validation import MAX_FILE_BYTES, MAX_STEPS, check_file, check_text

SKTM_TEXT = SKTM.read_text(encoding="utf-8")


def replaced(old: str, new: str, text: str = SKTM_TEXT) -> str:
    assert text.count(old) == 1, f"{old!r} must occur once in the seed"
    return text.replace(old, new)


def problems_of(text: str) -> list[tuple[int | None, str, str]]:
    checked = check_text(text, file="uji.yaml")
    assert checked.definition is None
    return [(p.line, p.field, p.message) for p in checked.problems]


def line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_unknown_check_names_its_line_and_the_known_ones():
    text = replaced('"3": {tolak: true}', '"3": {tolak: true, periksa: [iuran_data_dukumg]}')
    [(line, field, message)] = problems_of(text)
    assert (line, field) == (
        line_of(text, "iuran_data_dukumg"),
        "layanan › aksi › 3 › periksa ke-1",
    )
    assert message.startswith("pemeriksaan 'iuran_data_dukumg' tidak dikenal (yang ada: ")
    assert "iuran_data_dukung" in message


def test_unknown_document_is_refused():
    text = replaced("dokumen: [lembar_legalisasi]", "dokumen: [lembar_legalisai]")
    [(line, field, message)] = problems_of(text)
    assert field == "layanan › aksi › 5 › dokumen ke-1"
    assert message.startswith("dokumen 'lembar_legalisai' tidak dikenal")


def test_unknown_field_kind_is_refused():
    text = replaced("jenis: nik, rahasia: true}", "jenis: nomor_induk, rahasia: true}")
    [(_line, field, message)] = problems_of(text)
    assert field == "layanan › formulir ke-2 › jenis"
    assert message.startswith("jenis isian 'nomor_induk' tidak dikenal (yang ada: ")


def test_intake_field_may_not_take_a_name_of_the_step_form():
    text = replaced("{kode: alamat, label: Alamat", "{kode: catatan, label: Alamat")
    [(_line, field, message)] = problems_of(text)
    assert (field, message) == (
        "layanan › formulir ke-4 › kode",
        "kode 'catatan' dipakai formulir langkah; pilih kode lain",
    )


@pytest.mark.parametrize(
    ("yaml_text", "tag"),
    [
        ("nomor: !!python/object/apply:os.system [ls]\n", "!!python/object/apply:os.system"),
        ("nomor: !!python/name:os.system\n", "!!python/name:os.system"),
        ("nomor: !include rahasia.yaml\n", "!include"),
        ("nomor: !!binary aGFp\n", "!!binary"),
    ],
)
def test_foreign_tags_are_refused_by_name(yaml_text, tag):
    text = replaced("nomor:\n", yaml_text)
    assert problems_of(text) == [(13, "", f"tag YAML '{tag}' tidak diizinkan")]


def test_tag_on_a_mapping_is_refused_too():
    text = replaced("disahkan_oleh:\n", "disahkan_oleh: !!python/object:builtins.dict\n")
    [(_line, _field, message)] = problems_of(text)
    assert message == "tag YAML '!!python/object:builtins.dict' tidak diizinkan"


def test_non_utf8_bytes_name_line_and_field(tmp_path):
    path = tmp_path / "sop.yaml"
    path.write_bytes(
        SKTM_TEXT.replace("Kasi Kesra\n", "Kasi Kes\xe9ra\n", 1).encode("latin-1", "replace")
    )
    [problem] = check_file(path).problems
    expected_line = line_of(SKTM_TEXT, "Kasi Kesra")
    assert (problem.line, problem.field) == (expected_line, "nama")
    assert problem.message.startswith("berkas bukan teks UTF-8: bita 0xe9 pada kolom")


def test_oversized_file_is_one_message(tmp_path):
    path = tmp_path / "sop.yaml"
    path.write_text(SKTM_TEXT + "#" * MAX_FILE_BYTES, encoding="utf-8")
    assert [p.message for p in check_file(path).problems] == [
        "berkas lebih dari 256 KB; SOP sebesar ini tidak wajar"
    ]


def test_too_many_steps_is_one_message():
    steps = "".join(
        f"  - no: {n}\n    kegiatan: Langkah {n}\n    pelaksana: staf\n"
        f"    mutu_baku: {{waktu: 1 menit, output: x}}\n"
        for n in range(1, MAX_STEPS + 2)
    )
    start = SKTM_TEXT.index("langkah:\n") + len("langkah:\n")
    end = SKTM_TEXT.index("\n# What running")
    text = SKTM_TEXT[:start] + steps + SKTM_TEXT[end:].replace("layanan:", "layanan_lama:", 1)
    text = text.split("layanan_lama:")[0]
    assert problems_of(text) == [
        (
            line_of(text, "langkah:"),
            "langkah",
            f"{MAX_STEPS + 1} langkah; paling banyak 100 langkah",
        )
    ]


def test_only_exit_back_to_the_applicant_is_no_way_out():
    # Step 2 decides: Ya back to step 1 (a loop), Tidak back to the applicant — who returns to
    # step 2 again. Nothing ever reaches selesai.
    text = replaced("    ya: 3\n", "    ya: 1\n")
    problems = problems_of(text)
    assert (
        line_of(text, "  - no: 1"),
        "langkah ke-1",
        "dari langkah 1 tidak ada jalan sampai selesai "
        "(putaran tanpa jalan keluar, atau hanya kembali ke pemohon)",
    ) in problems
    assert (None, "langkah", "tidak ada jalur yang sampai ke akhir (selesai)") not in problems


def test_blank_number_and_dates_are_warnings_not_errors():
    checked = check_text(SKTM_TEXT, file="uji.yaml")
    assert checked.problems == [] and checked.definition is not None
    assert [(w.field, w.message) for w in checked.warnings] == [
        ("nomor", "Nomor SOP belum diisi"),
        ("tanggal_pembuatan", "Tanggal Pembuatan belum diisi"),
        ("tanggal_efektif", "Tanggal Pengesahan belum diisi"),
    ]


def test_office_positions_and_registers_are_checked_once_the_office_exists(db):
    make_office(positions={"camat": "Camat Undaan", "staf": "Staf"})
    checked = check_file(SKTM, office_slug="kecamatan-undaan")
    assert [(p.field, p.message) for p in checked.problems] == [
        (
            "pelaksana ke-2 › kode",
            "kantor Kecamatan Undaan tidak punya jabatan 'kasi_kesra' (yang ada: camat, staf)",
        ),
        (
            "layanan › aksi › 5 › buku_register",
            "buku register 'legalisasi-sktm' belum ada di kantor Kecamatan Undaan "
            "(yang ada: belum ada)",
        ),
    ]


def test_unknown_office_is_a_warning(db):
    checked = check_file(SKTM, office_slug="kecamatan-baru")
    assert checked.problems == []
    assert checked.warnings[0].message == (
        "kantor 'kecamatan-baru' belum dimuat (manage.py org_load): jabatan pelaksana dan buku "
        "register belum diperiksa"
    )


def test_sop_load_stores_nothing_when_a_name_is_unknown(db, write_sop, capsys):
    path = write_sop(replaced("dokumen: [lembar_legalisasi]", "dokumen: [lembar]"))
    with pytest.raises(CommandError):
        call_command("sop_load", str(path))
    assert "dokumen 'lembar' tidak dikenal" in capsys.readouterr().err
    assert (Sop.objects.count(), SopVersion.objects.count()) == (0, 0)


def test_sop_check_names_file_line_and_field(db, write_sop, capsys):
    text = replaced('"3": {tolak: true}', '"3": {periksa: [tidak_ada]}')
    path = write_sop(text)
    with pytest.raises(CommandError):
        call_command("sop_check", str(path))
    err = capsys.readouterr().err
    assert f"{path}:{line_of(text, 'tidak_ada')}: layanan › aksi › 3 › periksa ke-1: " in err


def test_sop_export_writes_the_stored_version_back(undaan, tmp_path):
    out = tmp_path / "export" / "sktm.yaml"
    call_command("sop_export", "undaan-legalisasi-sktm", "--out", str(out))
    assert out.read_text(encoding="utf-8") == SKTM_TEXT
    assert (tmp_path / "logo-kabupaten-kudus.svg").read_bytes().startswith(b"<")
    assert Register.objects.filter(kode="legalisasi-sktm").exists()


def test_sop_export_of_an_unknown_sop_says_so(db):
    with pytest.raises(CommandError, match="SOP 'tidak-ada' belum dimuat"):
        call_command("sop_export", "tidak-ada")
