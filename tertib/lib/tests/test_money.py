import pytest
from hypothesis import given
from hypothesis import strategies as st

from tertib.lib.money import AmountError, parse_rupiah, rupiah, terbilang, thousands


@pytest.mark.parametrize(
    ("amount", "text"),
    [(0, "Rp 0"), (999, "Rp 999"), (1234567, "Rp 1.234.567"), (-5000, "-Rp 5.000")],
)
def test_rupiah_groups_thousands_with_dots(amount, text):
    assert rupiah(amount) == text


def test_terbilang_writes_the_amount_in_words():
    assert terbilang(1_234_567) == (
        "Satu Juta Dua Ratus Tiga Puluh Empat Ribu Lima Ratus Enam Puluh Tujuh Rupiah"
    )
    assert terbilang(1001) == "Seribu Satu Rupiah"


def test_terbilang_refuses_negative_amounts():
    with pytest.raises(ValueError, match="negatif"):
        terbilang(-1)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1332000", 1_332_000),
        ("1.332.000", 1_332_000),
        ("Rp 1.332.000", 1_332_000),
        ("Rp1.332.000", 1_332_000),
        ("rp. 1.332.000", 1_332_000),
        ("IDR 1.332.000", 1_332_000),
        ("1.332.000,00", 1_332_000),
        ("1.332.000,0", 1_332_000),
        ("Rp 1.332.000,-", 1_332_000),
        ("1 332 000", 1_332_000),
        (" 1.332.000 ", 1_332_000),
        ("1\u00a0332\u00a0000", 1_332_000),
        ("0", 0),
        ("999", 999),
        ("1.000", 1_000),
    ],
)
def test_parse_rupiah_reads_amounts_as_people_write_them(text, amount):
    assert parse_rupiah(text) == amount


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1.332,5", "rupiah ditulis bulat tanpa sen, misalnya 1.332.000"),
        ("1.332.000,50", "rupiah ditulis bulat tanpa sen, misalnya 1.332.000"),
        ("1.332000", "titik memisahkan ribuan; tulis misalnya 1.332.000"),
        ("1332.000.0", "titik memisahkan ribuan; tulis misalnya 1.332.000"),
        (".332.000", "titik memisahkan ribuan; tulis misalnya 1.332.000"),
        ("Rp", "tulis jumlahnya dengan angka, misalnya 1.332.000"),
        (",00", "tulis jumlahnya dengan angka, misalnya 1.332.000"),
        ("satu juta", "tulis jumlahnya dengan angka 0-9, misalnya 1.332.000"),
        ("-5000", "tulis jumlahnya dengan angka 0-9, misalnya 1.332.000"),
        ("١٢٣", "tulis jumlahnya dengan angka 0-9, misalnya 1.332.000"),
    ],
)
def test_parse_rupiah_refuses_other_writings_with_the_reason(text, message):
    with pytest.raises(AmountError) as refused:
        parse_rupiah(text)

    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("amount", "text"), [(0, "0"), (999, "999"), (1000, "1.000"), (1_332_000, "1.332.000")]
)
def test_thousands_groups_with_dots(amount, text):
    assert thousands(amount) == text


@given(st.integers(min_value=0, max_value=10**15))
def test_every_amount_shown_back_reads_as_itself(amount):
    assert parse_rupiah(thousands(amount)) == amount
    assert parse_rupiah(rupiah(amount) + ",00") == amount
    assert parse_rupiah(str(amount)) == amount
