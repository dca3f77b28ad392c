"""SOP files: more malformed shapes, each answered with file, line, field and an Indonesian
message; the bounds on size, steps and text; names a service must have registered."""

import pytest
import yaml

from conftest import SKTM
from tertib.org.testing import make_office
from tertib.sop import services
from tertib.sop.services import Check, DocumentKind, FieldKind, Service
from tertib.sop.validation import (
    MAX_FILE_BYTES,
    MAX_STEPS,
    MAX_TEXT,
    Problem,
    check_file,
    check_text,
    decode,
)

SKTM_TEXT = SKTM.read_text(encoding="utf-8")


def replaced(old: str, new: str, text: str = SKTM_TEXT) -> str:
    assert text.count(old) == 1, f"{old!r} must occur once in the seed"
    return text.replace(old, new)


def problems_of(text: str) -> list[tuple[int | None, str, str]]:
    checked = check_text(text, file="uji.yaml")
    assert checked.definition is None
    return [(p.line, p.field, p.message) for p in checked.problems]


@pytest.fixture
def only_test_service(monkeypatch):
    """A registry holding one known service, so 'yang ada' lists are exact."""
    monkeypatch.setattr(services, "SERVICES", {})
    services.register(
        Service(
            kode="uji",
            nama="Uji",
            checks={"cek_b": Check("B", lambda case: []), "cek_a": Check("A", lambda case: [])},
            documents={"surat_uji": DocumentKind("Surat uji", lambda c: None, lambda d: b"")},
            fields={"teks": FieldKind("Teks", lambda isian, **kw: None)},
        )
    )


# --- names a service registers ---------------------------------------------------------------


def test_unknown_check_names_its_place_and_lists_the_known_ones(only_test_service):
    text = replaced('"3": {tolak: true}', '"3": {tolak: true, periksa: [cek_a, cek_x]}')
    text = text.replace("jenis: nik", "jenis: teks").replace("jenis: kk", "jenis: teks")
    for kind in ("telepon", "angka", "tanggal", "desa"):
        text = text.replace(f"jenis: {kind}", "jenis: teks")
    text = text.replace("dokumen: [lembar_legalisasi]", "dokumen: [surat_uji]")
    assert problems_of(text) == [
        (
            118,
            "layanan › aksi › 3 › periksa ke-2",
            "pemeriksaan 'cek_x' tidak dikenal (yang ada: cek_a, cek_b)",
        )
    ]


def test_unknown_document_and_field_kind_are_each_reported(only_test_service):
    text = replaced("dokumen: [lembar_legalisasi]", "dokumen: [surat_uji, surat_lain]")
    problems = problems_of(text)
    assert (
        120,
        "layanan › aksi › 5 › dokumen ke-2",
        "dokumen 'surat_lain' tidak dikenal (yang ada: surat_uji)",
    ) in problems
    assert (
        101,
        "layanan › formulir ke-2 › jenis",
        "jenis isian 'nik' tidak dikenal (yang ada: teks)",
    ) in problems
    assert not any("lembar_legalisasi" in m or "surat_uji'" in m for _l, _f, m in problems)


def test_empty_registry_says_there_is_none_yet(monkeypatch):
    monkeypatch.setattr(services, "SERVICES", {})
    problems = problems_of(SKTM_TEXT)
    assert (
        120,
        "layanan › aksi › 5 › dokumen ke-1",
        "dokumen 'lembar_legalisasi' tidak dikenal (yang ada: belum ada)",
    ) in problems


def test_the_seed_uses_only_registered_names():
    checked = check_text(SKTM_TEXT, file="uji.yaml")
    assert checked.problems == []
    used = {d for aksi in checked.definition.layanan.aksi.values() for d in aksi.dokumen}
    assert used <= set(services.names("documents"))
    kinds = {isian.jenis for isian in checked.definition.layanan.formulir}
    assert kinds <= set(services.names("fields"))


# --- the layanan section -----------------------------------------------------------------------


def test_action_for_a_step_that_does_not_exist():
    text = replaced('"6": {serah_terima: true}', '"9": {serah_terima: true}')
    assert problems_of(text) == [(121, "layanan › aksi › 9", "langkah 9 tidak ada")]


def test_checklist_action_without_a_checklist():
    start = SKTM_TEXT.index("  persyaratan:\n")
    end = SKTM_TEXT.index("  aksi:\n")
    text = SKTM_TEXT[:start] + SKTM_TEXT[end:]
    [(_line, field, message)] = problems_of(text)
    assert (field, message) == (
        "layanan › aksi › 2 › periksa_persyaratan",
        "SOP ini tidak punya daftar persyaratan",
    )


@pytest.mark.parametrize("kode", ["catatan", "password", "ada_ktp", "scan_kk", "keputusan"])
def test_intake_field_may_not_take_a_name_the_step_form_uses(kode):
    text = replaced("{kode: alamat, label: Alamat", f"{{kode: {kode}, label: Alamat")
    assert problems_of(text) == [
        (
            103,
            "layanan › formulir ke-4 › kode",
            f"kode '{kode}' dipakai formulir langkah; pilih kode lain",
        )
    ]


def test_two_intake_fields_with_one_kode():
    text = replaced("{kode: alamat, label: Alamat", "{kode: nama, label: Alamat")
    [(_line, field, message)] = problems_of(text)
    assert field.startswith("layanan › formulir")
    assert "'nama'" in message and "lebih dari sekali" in message


def test_two_requirements_with_one_kode():
    text = replaced("{kode: fotokopi_kk, nama:", "{kode: fotokopi_ktp, nama:")
    [(_line, field, message)] = problems_of(text)
    assert field.startswith("layanan › persyaratan")
    assert "'fotokopi_ktp'" in message and "lebih dari sekali" in message


@pytest.mark.parametrize(
    ("new", "field", "message"),
    [
        ("panjang: 501, rahasia: true", "panjang", "paling besar 500"),
        ("panjang: 0, rahasia: true", "panjang", "harus lebih besar dari 0"),
        ("panjang: 13, rahasia: ya", "rahasia", "boolean"),
    ],
)
def test_intake_field_attributes_are_checked(new, field, message):
    problems = problems_of(replaced("panjang: 13, rahasia: true", new))
    assert [(f, message in m) for _l, f, m in problems] == [
        (f"layanan › formulir ke-7 › {field}", True)
    ]


def test_button_text_longer_than_forty_letters_is_refused():
    text = replaced("tombol: Legalisasi", "tombol: " + "x" * 41)
    [(line, field, _message)] = problems_of(text)
    assert (line, field) == (119, "layanan › aksi › 4 › tombol")


# --- YAML the reader refuses ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "line", "tag"),
    [
        ("  email: kecamatan.undaa@gmail.com\n", "  email: !!binary aGFsbw==\n", 9, "!!binary"),
        ("nomor:\n", "nomor: !rahasia 12\n", 13, "!rahasia"),
        ("dasar_hukum:\n", "dasar_hukum: !!set\n", 26, "!!set"),
        (
            "  nama: KECAMATAN UNDAAN\n",
            "  !!python/name:os.system : x\n",
            6,
            "!!python/name:os.system",
        ),
        ("peringatan:\n", "peringatan: !!omap\n", 34, "!!omap"),
    ],
)
def test_yaml_tags_outside_the_plain_ones_are_refused_with_their_line(old, new, line, tag):
    checked = check_text(replaced(old, new), file="uji.yaml")
    assert checked.definition is None
    assert [(p.line, p.field, p.message) for p in checked.problems] == [
        (line, "", f"tag YAML '{tag}' tidak diizinkan")
    ]


def test_explicit_plain_tags_are_allowed():
    text = replaced("nomor:\n", "nomor: !!str 100/12\n")
    checked = check_text(text, file="uji.yaml")
    assert checked.problems == []
    assert checked.definition.nomor == "100/12"


def test_key_that_is_a_list_is_refused():
    text = replaced("nomor:\n", "? [a, b]\n: x\nnomor:\n")
    assert problems_of(text) == [(13, "", "kunci harus berupa teks")]


def test_key_no_is_read_as_text_not_as_false():
    # YAML 1.1 reads a bare `no` as False; the step number key must stay "no".
    checked = check_text(SKTM_TEXT, file="uji.yaml")
    assert [step.no for step in checked.definition.langkah] == [1, 2, 3, 4, 5, 6]


def test_tab_indentation_is_a_yaml_problem_with_its_line():
    text = replaced("  nama: KECAMATAN UNDAAN\n", "\tnama: KECAMATAN UNDAAN\n")
    [(line, field, message)] = problems_of(text)
    assert (line, field) == (6, "")
    assert message.startswith("YAML tidak dapat dibaca")


def test_only_comments_is_an_empty_file():
    assert problems_of("# hanya komentar\n") == [(1, "", "berkas kosong")]


# --- bytes that are not UTF-8 -----------------------------------------------------------------


def test_latin1_byte_names_line_key_and_column(write_sop):
    path = write_sop(SKTM_TEXT)
    content = SKTM_TEXT.encode().replace(b"nama: Camat\n", b"nama: Cam\xe9t\n")
    path.write_bytes(content)
    checked = check_file(path)
    assert checked.definition is None
    assert [(p.file, p.line, p.field, p.message) for p in checked.problems] == [
        (
            str(path),
            43,
            "nama",
            "berkas bukan teks UTF-8: bita 0xe9 pada kolom 14 tidak sah "
            "(simpan ulang berkas sebagai UTF-8)",
        )
    ]


def test_non_utf8_on_a_line_without_a_key_has_no_field():
    text, problem = decode(b"kode: a\n\xff\xfe\n", file="x.yaml")
    assert text == ""
    assert (problem.line, problem.field) == (2, "")
    assert "bita 0xff pada kolom 1" in problem.message


def test_utf8_text_with_indonesian_and_other_letters_is_read():
    text, problem = decode("nama: Pengesahan — “Surat” é\n".encode(), file="x.yaml")
    assert (text, problem) == ("nama: Pengesahan — “Surat” é\n", None)


def test_unreadable_path_is_reported_not_raised(tmp_path):
    missing = tmp_path / "tidak-ada.yaml"
    [problem] = check_file(missing).problems
    assert (problem.file, problem.line, problem.field) == (str(missing), None, "")
    assert problem.message.startswith("berkas tidak dapat dibaca")


# --- bounds -----------------------------------------------------------------------------------


def steps_text(count: int) -> str:
    """The seed with its steps replaced by `count` plain steps in a row."""
    head = SKTM_TEXT[: SKTM_TEXT.index("langkah:\n")]
    steps = "".join(
        f"  - no: {n}\n    kegiatan: Langkah {n}\n    pelaksana: staf\n"
        f"    mutu_baku:\n      waktu: 1 menit\n      output:\n"
        for n in range(1, count + 1)
    )
    return head + "langkah:\n" + steps


def test_the_most_steps_allowed_pass():
    checked = check_text(steps_text(MAX_STEPS), file="uji.yaml")
    assert checked.problems == []
    assert len(checked.definition.langkah) == MAX_STEPS


def test_one_step_too_many_is_one_message():
    assert problems_of(steps_text(MAX_STEPS + 1)) == [
        (49, "langkah", f"{MAX_STEPS + 1} langkah; paling banyak {MAX_STEPS} langkah")
    ]


def test_text_at_the_limit_passes_and_one_letter_more_is_refused():
    at_limit = replaced("kegiatan: Fiat surat permohonan", "kegiatan: " + "a" * MAX_TEXT)
    assert check_text(at_limit, file="uji.yaml").problems == []
    over = replaced("kegiatan: Fiat surat permohonan", "kegiatan: " + "a" * (MAX_TEXT + 1))
    assert problems_of(over) == [
        (
            69,
            "langkah ke-3 › kegiatan",
            f"teks terlalu panjang ({MAX_TEXT + 1} huruf; paling banyak {MAX_TEXT})",
        )
    ]


def test_overlong_texts_in_lists_are_each_named():
    text = replaced(
        "  - Perlunya koordinasi dengan pemerintah desa\n",
        "  - Perlunya koordinasi dengan pemerintah desa\n  - " + "b" * 2500 + "\n",
    )
    text = replaced("  nama: KECAMATAN UNDAAN\n", "  nama: " + "c" * 2100 + "\n", text)
    fields = [field for _line, field, _message in problems_of(text)]
    assert fields == ["kantor › nama", "peringatan ke-3"]


def test_file_bigger_than_the_limit_is_refused_before_reading(write_sop):
    padding = "# " + "x" * 1000 + "\n"
    text = SKTM_TEXT + padding * (MAX_FILE_BYTES // len(padding) + 1)
    expected = f"berkas lebih dari {MAX_FILE_BYTES // 1024} KB; SOP sebesar ini tidak wajar"
    assert problems_of(text) == [(None, "", expected)]
    path = write_sop(text)
    assert [(p.file, p.message) for p in check_file(path).problems] == [(str(path), expected)]


# --- steps ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("    ya: true\n", "harus berupa nomor langkah, 'selesai' atau 'pemohon'"),
        ("    ya: 3.5\n", "harus berupa nomor langkah, 'selesai' atau 'pemohon'"),
        ("    ya: 2\n", "langkah tidak boleh menuju dirinya sendiri"),
    ],
)
def test_bad_decision_targets_are_named(new, message):
    problems = problems_of(replaced("    ya: 3\n", new))
    assert any(f == "langkah ke-2 › ya" and message in m for _l, f, m in problems), problems


def test_step_with_empty_pelaksana_list_is_refused():
    problems = problems_of(replaced("    pelaksana: kasi_kesra\n", "    pelaksana: []\n"))
    assert any(f == "langkah ke-3 › pelaksana" and "tidak kosong" in m for _l, f, m in problems), (
        problems
    )


def test_unknown_pelaksana_in_a_paraf_chain_names_its_position():
    text = replaced("    pelaksana: kasi_kesra\n", "    pelaksana: [kasi_kesra, sekcam]\n")
    assert problems_of(text) == [
        (
            70,
            "langkah ke-3 › pelaksana ke-2",
            "pelaksana 'sekcam' tidak ada di daftar pelaksana (camat, kasi_kesra, staf)",
        )
    ]


def test_step_number_zero_is_refused():
    problems = problems_of(replaced("  - no: 1\n", "  - no: 0\n"))
    assert any(f == "langkah ke-1 › no" and "lebih besar dari 0" in m for _l, f, m in problems)


def test_no_steps_at_all_is_refused():
    text = SKTM_TEXT[: SKTM_TEXT.index("langkah:\n")] + "langkah: []\n"
    assert ("langkah", "tidak boleh kosong") in {(f, m) for _l, f, m in problems_of(text)}


# --- warnings and the office ------------------------------------------------------------------


def test_blank_identity_fields_are_warnings_with_the_sop_labels():
    checked = check_text(SKTM_TEXT, file="uji.yaml")
    assert checked.definition is not None
    # The seed renames tanggal_efektif "Tanggal Pengesahan"; the warning uses its own label.
    assert [(w.line, w.field, w.message) for w in checked.warnings] == [
        (13, "nomor", "Nomor SOP belum diisi"),
        (14, "tanggal_pembuatan", "Tanggal Pembuatan belum diisi"),
        (16, "tanggal_efektif", "Tanggal Pengesahan belum diisi"),
    ]


def test_filled_identity_fields_give_no_warning():
    text = replaced("nomor:\n", "nomor: 100/SOP/2023\n")
    text = replaced("tanggal_pembuatan:\n", "tanggal_pembuatan: 2023-01-02\n", text)
    text = replaced("tanggal_efektif:\n", "tanggal_efektif: 2023-02-01\n", text)
    checked = check_text(text, file="uji.yaml")
    assert (checked.problems, checked.warnings) == ([], [])


def test_office_not_loaded_yet_is_a_warning_only(db):
    checked = check_text(SKTM_TEXT, file="uji.yaml", office_slug="kecamatan-baru")
    assert checked.definition is not None
    assert (
        "kantor: kantor 'kecamatan-baru' belum dimuat (manage.py org_load): "
        "jabatan pelaksana dan buku register belum diperiksa"
    ) in [f"{w.field}: {w.message}" for w in checked.warnings]


def test_office_without_a_position_or_register_book_is_a_problem(db):
    make_office(positions={"camat": "Camat", "staf": "Staf"})
    checked = check_text(SKTM_TEXT, file="uji.yaml", office_slug="kecamatan-undaan")
    assert checked.definition is None
    assert [(p.line, p.field, p.message) for p in checked.problems] == [
        (
            44,
            "pelaksana ke-2 › kode",
            "kantor Kecamatan Undaan tidak punya jabatan 'kasi_kesra' (yang ada: camat, staf)",
        ),
        (
            120,
            "layanan › aksi › 5 › buku_register",
            "buku register 'legalisasi-sktm' belum ada di kantor Kecamatan Undaan "
            "(yang ada: belum ada)",
        ),
    ]


def test_office_with_every_position_and_book_passes(undaan):
    checked = check_text(SKTM_TEXT, file="uji.yaml", office_slug=undaan.office.slug)
    assert checked.problems == []
    assert not any(w.field == "kantor" for w in checked.warnings)


# --- logo -------------------------------------------------------------------------------------


def test_png_logo_beside_the_file_is_accepted(write_sop, sop_dir):
    (sop_dir / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    text = replaced("../logo-kabupaten-kudus.svg", "logo.png")
    assert check_file(write_sop(text)).problems == []


@pytest.mark.parametrize("logo", ["/etc/passwd", "../../../../etc/hostname", "."])
def test_logo_outside_the_sop_folder_is_not_found(write_sop, logo):
    checked = check_file(write_sop(replaced("../logo-kabupaten-kudus.svg", logo)))
    assert [(p.field, p.message) for p in checked.problems] == [
        ("kantor › logo", f"berkas logo '{logo}' tidak ditemukan")
    ]


def test_logo_bigger_than_the_limit_is_refused(write_sop, sop_dir):
    (sop_dir / "besar.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * (512 * 1024))
    checked = check_file(write_sop(replaced("../logo-kabupaten-kudus.svg", "besar.png")))
    assert [p.message for p in checked.problems] == ["berkas logo lebih dari 512 KB"]


# --- how a problem reads ----------------------------------------------------------------------


def test_problem_reads_file_line_field_message():
    assert str(Problem("a.yaml", 7, "langkah ke-2 › ya", "langkah 9 tidak ada")) == (
        "a.yaml:7: langkah ke-2 › ya: langkah 9 tidak ada"
    )
    assert str(Problem("a.yaml", None, "", "berkas kosong")) == "a.yaml: berkas kosong"


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        (
            "    pelaksana: staf\n    jenis: keputusan\n",
            "    pelaksana: [staf, kasi_kesra]\n    jenis: keputusan\n",
            "langkah ke-2 › pelaksana",
            "langkah keputusan hanya boleh satu pelaksana",
        ),
        (
            "    tidak: pemohon\n",
            "    tidak: pemohon\n    lanjut: 4\n",
            "langkah ke-2 › lanjut",
            "langkah keputusan memakai 'ya' dan 'tidak', bukan 'lanjut'",
        ),
        (
            "    pelaksana: kasi_kesra\n",
            "    pelaksana: kasi_kesra\n    pertanyaan: Setuju?\n",
            "langkah ke-3 › pertanyaan",
            "'pertanyaan' hanya untuk langkah berjenis keputusan",
        ),
        (
            "    pelaksana: kasi_kesra\n",
            "    pelaksana: kasi_kesra\n    tidak: 5\n",
            "langkah ke-3 › tidak",
            "'tidak' hanya untuk langkah berjenis keputusan",
        ),
        (
            "    pertanyaan: Berkas lengkap?\n",
            "",
            "langkah ke-2 › pertanyaan",
            "langkah keputusan wajib mengisi 'pertanyaan'",
        ),
    ],
)
def test_step_kind_rules_are_named(old, new, field, message):
    problems = problems_of(replaced(old, new))
    assert [(f, m) for _l, f, m in problems] == [(field, message)]


def test_file_saved_with_a_bom_and_windows_line_ends_is_read(write_sop):
    # What Notepad on Windows writes: a UTF-8 byte order mark and CR LF line ends.
    path = write_sop(SKTM_TEXT)
    path.write_bytes(b"\xef\xbb\xbf" + SKTM_TEXT.replace("\n", "\r\n").encode())

    checked = check_file(path)

    assert checked.problems == []
    assert checked.definition == check_text(SKTM_TEXT, file="uji.yaml").definition


def test_line_numbers_hold_with_windows_line_ends():
    text = replaced("    ya: 3\n", "    ya: 9\n").replace("\n", "\r\n")
    assert problems_of(text) == [(62, "langkah ke-2 › ya", "langkah 9 tidak ada")]


@pytest.mark.parametrize(
    ("path", "field"),
    [
        (("langkah", 0, "kegiatan"), "kegiatan"),
        (("pelaksana", 0, "nama"), "nama"),
        (("layanan", "persyaratan", 0, "nama"), "nama"),
        (("nama",), "nama"),
    ],
)
def test_a_required_text_left_blank_is_refused_naming_the_field(tmp_path, path, field):
    data = yaml.safe_load(SKTM.read_text(encoding="utf-8"))
    place = data
    for key in path[:-1]:
        place = place[key]
    place[path[-1]] = "   "
    written = tmp_path / "kosong.yaml"
    written.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    problems = check_file(written).problems

    assert any(
        field in p.field and "wajib diisi, tidak boleh kosong" in p.message for p in problems
    ), [(p.field, p.message) for p in problems]
