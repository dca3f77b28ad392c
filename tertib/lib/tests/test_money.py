import pytest

from tertib.lib.money import rupiah, terbilang


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
