"""SOP files: the seeds pass; broken files get every problem with line and field, never a crash."""

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import IURAN, SKTM
from tertib.sop.validation import check_file, check_text

SKTM_TEXT = SKTM.read_text(encoding="utf-8")


def problems_of(text: str) -> list[tuple[int | None, str, str]]:
    checked = check_text(text, file="uji.yaml")
    assert checked.definition is None
    return [(p.line, p.field, p.message) for p in checked.problems]


def replaced(old: str, new: str, text: str = SKTM_TEXT) -> str:
    assert text.count(old) == 1, f"{old!r} must occur once in the seed"
    return text.replace(old, new)


@pytest.mark.parametrize("path", [SKTM, IURAN], ids=["sktm", "iuran"])
def test_seed_files_are_valid(path):
    checked = check_file(path)
    assert checked.problems == []
    assert checked.definition is not None


# One broken file per row: (what to change, line, field, message).
BROKEN = [
    (("nomor:\n", ""), 3, "nomor", "wajib ada"),
    (("nomor:\n", "nomer:\n"), 13, "nomer", "kunci tidak dikenal"),
    (
        ("  jabatan: CAMAT UNDAAN\n", "  jabatan: [CAMAT]\n"),
        18,
        "disahkan_oleh › jabatan",
        "harus berupa teks",
    ),
    (
        ("tanggal_revisi:\n", "tanggal_revisi: 5 Juni 2023\n"),
        15,
        "tanggal_revisi",
        "harus berupa tanggal",
    ),
    (
        ("    pelaksana: camat\n", "    pelaksana: lurah\n"),
        77,
        "langkah ke-4 › pelaksana",
        "pelaksana 'lurah' tidak ada di daftar pelaksana (camat, kasi_kesra, staf)",
    ),
    (("  - no: 3\n", "  - no: 2\n"), 68, "langkah ke-3 › no", "no '2' dipakai lebih dari sekali"),
    (("    ya: 3\n", "    ya: 9\n"), 62, "langkah ke-2 › ya", "langkah 9 tidak ada"),
    (
        ("      waktu: 5 menit\n", "      waktu: 5 mnt\n"),
        66,
        "langkah ke-2 › mutu_baku › waktu",
        "waktu '5 mnt' tidak dapat dibaca",
    ),
    (
        ("      waktu: 5 menit\n", "      waktu: -1 menit\n"),
        66,
        "langkah ke-2 › mutu_baku › waktu",
        "waktu '-1 menit' harus lebih dari nol",
    ),
    (
        ("      waktu: 5 menit\n", "      waktu: 5\n"),
        66,
        "langkah ke-2 › mutu_baku › waktu",
        "harus berupa teks",
    ),
    (
        ("    jenis: keputusan\n", "    jenis: pilihan\n"),
        60,
        "langkah ke-2 › jenis",
        "harus salah satu dari: 'proses' atau 'keputusan'",
    ),
    (
        ("    tidak: pemohon\n", ""),
        57,
        "langkah ke-2 › tidak",
        "langkah keputusan wajib mengisi 'tidak'",
    ),
    (
        ("    tidak: pemohon\n", "    tidak: kembali\n"),
        63,
        "langkah ke-2 › tidak",
        "harus berupa nomor langkah, 'selesai' atau 'pemohon'",
    ),
    (
        ("  - kode: staf\n", "  - kode: Staf Umum\n"),
        46,
        "pelaksana ke-3 › kode",
        "hanya boleh huruf kecil",
    ),
    (
        ("kode: undaan-legalisasi-sktm\n", "kode: undaan\nkode: lagi\n"),
        4,
        "",
        "kunci 'kode' ditulis dua kali",
    ),
    (("  nama: KECAMATAN UNDAAN\n", "  nama: [KECAMATAN\n"), 7, "", "YAML tidak dapat dibaca"),
    (
        ("  logo: ../logo-kabupaten-kudus.svg\n", "  logo: !!python/object:os.system x\n"),
        11,
        "",
        "tidak diizinkan",
    ),
]


@pytest.mark.parametrize(("change", "line", "field", "message"), BROKEN)
def test_broken_file_names_line_field_and_problem(change, line, field, message):
    problems = problems_of(replaced(*change))
    assert any(
        p_line == line and p_field == field and message in p_message
        for p_line, p_field, p_message in problems
    ), problems


def test_every_problem_is_listed_not_just_the_first():
    text = replaced("    pelaksana: camat\n", "    pelaksana: lurah\n")
    text = replaced("    ya: 3\n", "    ya: 9\n", text)
    text = replaced("nomor:\n", "nomer:\n", text)
    fields = [field for _line, field, _message in problems_of(text)]
    assert fields == ["nomor", "nomer", "langkah ke-2 › ya", "langkah ke-4 › pelaksana"]


def test_step_that_no_path_reaches_is_reported():
    # Step 2 now ends the flow on "ya", so steps 3 to 6 are never reached.
    problems = problems_of(replaced("    ya: 3\n", "    ya: selesai\n"))
    assert [(f, m) for _l, f, m in problems] == [
        (f"langkah ke-{n}", f"langkah {n} tidak pernah dicapai") for n in range(3, 7)
    ]


def test_loop_with_no_way_out_is_reported():
    text = replaced("    tidak: pemohon\n", "    tidak: 1\n")
    text = replaced(
        "      output: Tertandatanganinya berkas ajuan\n",
        "      output: Tertandatanganinya berkas ajuan\n    lanjut: 3\n",
        text,
    )
    problems = problems_of(text)
    looping = {(f, m) for _l, f, m in problems}
    assert looping == {
        (
            f"langkah ke-{n}",
            f"dari langkah {n} tidak ada jalan sampai selesai "
            "(putaran tanpa jalan keluar, atau hanya kembali ke pemohon)",
        )
        for n in (1, 2, 3, 4)
    } | {
        ("langkah", "tidak ada jalur yang sampai ke akhir (selesai)"),
        ("langkah ke-5", "langkah 5 tidak pernah dicapai"),
        ("langkah ke-6", "langkah 6 tidak pernah dicapai"),
    }


def test_missing_logo_file_is_reported(write_sop):
    text = replaced("../logo-kabupaten-kudus.svg", "../tidak-ada.svg")
    checked = check_file(write_sop(text))
    assert [(p.line, p.field, p.message) for p in checked.problems] == [
        (11, "kantor › logo", "berkas logo '../tidak-ada.svg' tidak ditemukan")
    ]


def test_logo_that_is_not_an_image_is_reported(write_sop, sop_dir):
    (sop_dir.parent / "logo.svg").write_bytes(b"MZ\x90\x00 not an image")
    checked = check_file(write_sop(replaced("../logo-kabupaten-kudus.svg", "../logo.svg")))
    assert [p.message for p in checked.problems] == ["berkas logo harus SVG, PNG atau JPEG"]


@pytest.mark.parametrize("text", ["", "- a\n- b\n", "just text", "\x00\x01"])
def test_file_that_is_not_a_mapping_is_refused_cleanly(text):
    checked = check_text(text, file="uji.yaml")
    assert checked.definition is None
    assert len(checked.problems) == 1


# Random mutations of a seed: the checker answers with problems or a definition, never a crash.
lines = SKTM_TEXT.splitlines(keepends=True)
line_index = st.integers(min_value=0, max_value=len(lines) - 1)
junk = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)


@st.composite
def mutated_text(draw) -> str:
    mutated = list(lines)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "junk", "truncate"]))
        i, j = draw(line_index) % len(mutated), draw(line_index) % len(mutated)
        if kind == "delete" and len(mutated) > 1:
            del mutated[i]
        elif kind == "duplicate":
            mutated.insert(j, mutated[i])
        elif kind == "swap":
            mutated[i], mutated[j] = mutated[j], mutated[i]
        elif kind == "junk":
            cut = draw(st.integers(0, len(mutated[i])))
            mutated[i] = mutated[i][:cut] + draw(junk) + mutated[i][cut:]
        else:
            mutated = mutated[: i + 1]
    return "".join(mutated)


@st.composite
def mutated_data(draw) -> str:
    data = yaml.safe_load(SKTM_TEXT)
    node, keys = data, []
    while isinstance(node, dict | list) and node and draw(st.booleans()):
        key = draw(st.sampled_from(list(node) if isinstance(node, dict) else range(len(node))))
        keys.append(key)
        node = node[key]
    value = draw(
        st.one_of(
            st.none(),
            st.integers(-5, 50),
            st.booleans(),
            junk,
            st.lists(junk, max_size=2),
            st.dictionaries(junk, junk, max_size=2),
        )
    )
    if not keys:
        return yaml.safe_dump(value)
    parent = data
    for key in keys[:-1]:
        parent = parent[key]
    parent[keys[-1]] = value
    return yaml.safe_dump(data, allow_unicode=True)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(mutated_text(), mutated_data()))
def test_mutated_seed_gives_clean_problems_never_a_traceback(text):
    checked = check_text(text, file="uji.yaml")
    assert (checked.definition is None) == bool(checked.problems)
    for problem in checked.problems:
        assert problem.file == "uji.yaml"
        assert problem.message
        assert problem.line is None or problem.line >= 1


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: &x [1]\nb: *x\n", 1, "anchor dan alias YAML (& dan *) tidak diizinkan"),
        ("a: &a [*a]\n", 1, "anchor dan alias YAML"),
        ("a: " + "[" * 5000 + "]" * 5000 + "\n", 1, "susunan terlalu dalam"),
    ],
)
def test_hostile_yaml_is_refused_without_a_crash(text, line, message):
    [problem] = check_text(text, file="uji.yaml").problems
    assert (problem.line, message in problem.message) == (line, True)


def test_impossible_date_is_reported_with_the_other_problems():
    text = replaced("tanggal_revisi:\n", "tanggal_revisi: 2023-02-30\n")
    text = replaced("    ya: 3\n", "    ya: 9\n", text)
    fields = [field for _line, field, _message in problems_of(text)]
    assert fields == ["tanggal_revisi", "langkah ke-2 › ya"]


def test_huge_time_is_refused_cleanly():
    problems = problems_of(replaced("waktu: 5 menit", "waktu: " + "9" * 1500 + " menit"))
    assert [(f, "tidak dapat dibaca" in m) for _l, f, m in problems] == [
        ("langkah ke-2 › mutu_baku › waktu", True)
    ]


def test_overlong_text_is_one_message():
    problems = problems_of(replaced("waktu: 5 menit", "waktu: " + "9" * 5000 + " menit"))
    assert [(f, m) for _l, f, m in problems] == [
        (
            "langkah ke-2 › mutu_baku › waktu",
            "teks terlalu panjang (5006 huruf; paling banyak 2000)",
        )
    ]


def test_one_bad_step_does_not_hide_problems_of_the_others():
    text = replaced("      waktu: 5 menit\n", "      waktu: 5\n")
    text = replaced("    pelaksana: camat\n", "    pelaksana: lurah\n", text)
    fields = [field for _line, field, _message in problems_of(text)]
    assert fields == ["langkah ke-2 › mutu_baku › waktu", "langkah ke-4 › pelaksana"]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            ("    tidak: pemohon\n", "    tidak: 3\n"),
            "langkah ke-2 › tidak",
            "'ya' dan 'tidak' tidak boleh menuju tempat yang sama",
        ),
        (("  - no: 3\n", "  - no: 30\n"), "langkah ke-4 › no", "nomor langkah harus urut naik"),
        (
            ("    pelaksana: camat\n", "    pelaksana: [camat, camat]\n"),
            "langkah ke-4 › pelaksana",
            "pelaksana yang sama ditulis dua kali",
        ),
        (("  - no: 3\n", "  - no: 1000\n"), "langkah ke-3 › no", "paling besar 999"),
    ],
)
def test_flow_mistakes_are_named(change, field, message):
    problems = problems_of(replaced(*change))
    assert any(f == field and message in m for _l, f, m in problems), problems
