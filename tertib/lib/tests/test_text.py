import datetime

import pytest

from tertib.lib.nik import NomorError, check_nik
from tertib.lib.text import (
    balanced_lines,
    has_control_characters,
    is_ascii_digits,
    is_plain_username,
    normalise_username,
    spreadsheet_cell,
    spreadsheet_row,
    strip_bidi,
    without_repeated_words,
)


@pytest.mark.parametrize("text", ["a\x00b", "\x1b[31m", "x\x7f", "\x85", "a\x0bb"])
def test_control_characters_are_found(text):
    assert has_control_characters(text)


@pytest.mark.parametrize("text", ["Sumarni", "baris 1\r\nbaris 2", "kolom\tkolom", "Ṣāliḥ"])
def test_tabs_line_breaks_and_letters_are_not_control_characters(text):
    assert not has_control_characters(text)


def test_direction_marks_are_stripped_from_names():
    assert strip_bidi("Sumarni\u202e\u2066 Rahayu\u200f") == "Sumarni Rahayu"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("3319", True), ("٣٣١٩", False), ("３３", False), ("", False), ("12a", False)],
)
def test_only_ascii_digits_are_digits(text, expected):
    assert is_ascii_digits(text) is expected


def test_nik_in_arabic_indic_digits_is_refused():
    with pytest.raises(NomorError, match="harus 16 angka"):
        check_nik("٣٣١٩٠٤٥٢٠٢٨٠٠٠٠٢", today=datetime.date(2026, 11, 23))


@pytest.mark.parametrize(
    "name", ["ｋasi.kesra", "KASI.KESRA", " Kasi.Kesra ", "ＫＡＳＩ．ＫＥＳＲＡ"]
)
def test_look_alike_names_share_one_key(name):
    assert normalise_username(name) == "kasi.kesra"


@pytest.mark.parametrize(
    ("name", "plain"),
    [
        ("kasi.kesra", True),
        ("staf_2", True),
        ("ｋasi", False),
        ("Kasi", False),
        ("kаsi", False),
        ("a", False),
        ("a b", False),
    ],
)
def test_plain_names_are_lower_case_ascii(name, plain):
    assert is_plain_username(name) is plain


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+62812", "'+62812"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Sumarni", "Sumarni"),
        (15, 15),
        (-3, -3),
        (None, None),
    ],
)
def test_spreadsheet_cells_never_start_a_formula(value, cell):
    assert spreadsheet_cell(value) == cell


def test_spreadsheet_row_escapes_each_cell():
    assert spreadsheet_row(["=1+1", 2, "ok"]) == ["'=1+1", 2, "ok"]


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("KECAMATAN UNDAAN", 30, ["KECAMATAN UNDAAN"]),
        (
            "DINAS PEMBERDAYAAN MASYARAKAT DAN DESA KABUPATEN KUDUS",
            30,
            ["DINAS PEMBERDAYAAN MASYARAKAT", "DAN DESA KABUPATEN KUDUS"],
        ),
        (
            "BADAN PERENCANAAN PEMBANGUNAN, PENELITIAN DAN PENGEMBANGAN DAERAH KABUPATEN KUDUS",
            30,
            [
                "BADAN PERENCANAAN PEMBANGUNAN,",
                "PENELITIAN DAN PENGEMBANGAN",
                "DAERAH KABUPATEN KUDUS",
            ],
        ),
        (
            "SEKRETARIAT DAERAH · BAGIAN ORGANISASI",
            30,
            ["SEKRETARIAT DAERAH ·", "BAGIAN ORGANISASI"],
        ),
        ("A B", 1, ["A", "B"]),
        ("", 30, []),
        ("  banyak   spasi  ", 30, ["banyak spasi"]),
    ],
)
def test_balanced_lines_fill_few_even_lines(text, width, lines):
    assert balanced_lines(text, width=width) == lines


def test_balanced_lines_give_a_too_long_word_its_own_line():
    word = "PEMBERDAYAANMASYARAKATDANDESAKUDUS"

    assert balanced_lines(f"DINAS {word} KUDUS", width=20) == ["DINAS", word, "KUDUS"]


def test_balanced_lines_never_leave_the_last_word_alone_when_two_fit():
    lines = balanced_lines("DINAS PEMBERDAYAAN MASYARAKAT DAN DESA KABUPATEN KUDUS", width=47)

    assert lines == ["DINAS PEMBERDAYAAN MASYARAKAT", "DAN DESA KABUPATEN KUDUS"]
    assert all(len(line.split()) > 1 for line in lines)


def test_balanced_lines_split_on_a_separator_keep_its_parts_whole():
    text = "Jalan Kudus Purwodadi Km. 12 Kudus · Telp. 0291 - 433400 · kecamatan.undaa@gmail.com"

    assert balanced_lines(text, width=60, separator=" · ") == [
        "Jalan Kudus Purwodadi Km. 12 Kudus",
        "Telp. 0291 - 433400 · kecamatan.undaa@gmail.com",
    ]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("PENGAJUAN PENGAJUAN PEMBAYARAN", "PENGAJUAN PEMBAYARAN"),
        ("Desa desa Kutuk", "desa Kutuk"),
        ("Layanan layanan layanan", "layanan"),
        ("Kepala Desa dan Perangkat Desa", "Kepala Desa dan Perangkat Desa"),
        ("PEMBAYARAN, PEMBAYARAN", "PEMBAYARAN, PEMBAYARAN"),
        ("DESA DESA, KUTUK", "DESA, KUTUK"),
        ("", ""),
    ],
)
def test_without_repeated_words_keeps_a_doubled_word_once(text, kept):
    assert without_repeated_words(text) == kept
