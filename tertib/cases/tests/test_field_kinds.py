"""The core's intake field kinds take numbers as people write them, with one clear message."""

import datetime

import pytest
from django import forms

from tertib.cases.documents import _shown
from tertib.forms import CleanInputMixin
from tertib.sop.definition import Isian
from tertib.sop.services import field_kind

TODAY = datetime.date(2026, 11, 26)


def clean(jenis: str, typed: str, **isian):
    field = field_kind(jenis).make(
        Isian(kode="x", label="Isian", jenis=jenis, **isian), office=None, today=TODAY
    )

    class One(CleanInputMixin, forms.Form):
        pass

    form = One({"x": typed})
    form.fields["x"] = field
    return (form.cleaned_data["x"], None) if form.is_valid() else (None, form.errors["x"][0])


@pytest.mark.parametrize(
    ("jenis", "typed", "value"),
    [
        ("nik", "3319 0452 0385 0002", "3319045203850002"),
        ("nik", "3319-0452-0385-0002", "3319045203850002"),
        ("kk", "3319.0415.0312.0007", "3319041503120007"),
        ("telepon", "0812-3456-7890", "081234567890"),
        ("telepon", "+62 812 3456 7890", "+6281234567890"),
        ("uang", "Rp 1.332.000", 1_332_000),
        ("uang", "1.332.000,00", 1_332_000),
    ],
)
def test_kinds_take_what_people_type(jenis, typed, value):
    assert clean(jenis, typed) == (value, None)


def test_angka_with_a_length_drops_the_spaces():
    assert clean("angka", "0001 2345 6789 0", panjang=13) == ("0001234567890", None)


@pytest.mark.parametrize(
    ("jenis", "typed", "message"),
    [
        ("nik", "3319 0452 0385", "Isian: harus 16 angka, tertulis 12."),
        ("nik", "3319043203850002", "Isian: tanggal lahir di dalam NIK tidak valid."),
        ("uang", "1.332,50", "Isian: rupiah ditulis bulat tanpa sen, misalnya 1.332.000."),
        ("uang", "1.33.000", "Isian: titik memisahkan ribuan; tulis misalnya 1.332.000."),
        ("telepon", "0812", "Isian: tulis seperti 081234567890."),
        ("nik", "", "Isian: wajib diisi."),
    ],
)
def test_kinds_name_the_field_once(jenis, typed, message):
    assert clean(jenis, typed) == (None, message)


def test_angka_of_a_fixed_length_says_how_many_were_typed():
    assert clean("angka", "12345", panjang=13) == (None, "Isian: harus 13 angka, tertulis 5.")


def test_an_amount_is_shown_as_rupiah_on_pages_and_papers():
    isian = Isian(kode="x", label="Penghasilan", jenis="uang")

    assert _shown(isian, 1_332_000) == "Rp 1.332.000"
    assert _shown(Isian(kode="y", label="NIK", jenis="nik"), "3319") == "3319"
