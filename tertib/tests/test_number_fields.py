"""The money and digits fields of tertib/forms.py, and one label in front of every message."""

import pytest
from django import forms

from tertib.forms import CleanInputMixin, DigitsField, MoneyField

VA = "Nomor virtual account"
DIGITS_ONLY = "hanya angka 0-9 (spasi, titik dan tanda hubung boleh)."


def nik_check(digits: str) -> None:
    if digits.startswith("99"):
        raise ValueError("kode provinsi '99' tidak dikenal")


class BillLikeForm(CleanInputMixin, forms.Form):
    amount = MoneyField(label="Jumlah tagihan (Rp)", min_value=1)
    deductions = MoneyField(label="Potongan (Rp)", required=False, max_value=1_000_000)
    virtual_account = DigitsField(label="Nomor virtual account", digits=(8, 20))
    nik = DigitsField(label="NIK", digits=16, check=nik_check, required=False)
    count = forms.IntegerField(label="Jumlah orang", min_value=1, required=False)


def filled(**changes) -> BillLikeForm:
    data = {"amount": "700000", "virtual_account": "8888801234567890", **changes}
    return BillLikeForm(data)


@pytest.mark.parametrize(
    ("typed", "amount"),
    [("Rp 1.332.000", 1_332_000), ("1.332.000,00", 1_332_000), ("1 332 000", 1_332_000)],
)
def test_money_field_takes_amounts_as_written(typed, amount):
    form = filled(amount=typed)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == amount


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1.332000", "Jumlah tagihan (Rp): titik memisahkan ribuan; tulis misalnya 1.332.000."),
        ("1.332,5", "Jumlah tagihan (Rp): rupiah ditulis bulat tanpa sen, misalnya 1.332.000."),
        ("0", "Jumlah tagihan (Rp): paling sedikit Rp 1."),
        ("", "Jumlah tagihan (Rp): Bidang ini tidak boleh kosong."),
    ],
)
def test_money_field_says_what_is_wrong_once(typed, message):
    form = filled(amount=typed)

    assert not form.is_valid()
    assert form.errors["amount"] == [message]


def test_money_field_limits_the_largest_amount():
    form = filled(deductions="Rp 1.000.001")

    assert form.errors["deductions"] == ["Potongan (Rp): paling banyak Rp 1.000.000."]


def test_money_field_empty_and_optional_is_none():
    form = filled(deductions="  ")

    assert form.is_valid(), form.errors
    assert form.cleaned_data["deductions"] is None


def test_money_input_shows_an_amount_with_dots_and_the_number_pad():
    html = str(BillLikeForm(initial={"amount": 1_332_000})["amount"])

    assert 'value="1.332.000"' in html
    assert 'inputmode="numeric"' in html


def test_money_input_shows_a_refused_amount_as_typed():
    form = filled(amount="1.332,5")
    form.is_valid()

    assert 'value="1.332,5"' in str(form["amount"])


@pytest.mark.parametrize(
    "typed", ["8888 8012 3456 7890", "8888-8012-3456-7890", "8888.8012.3456.7890"]
)
def test_digits_field_drops_spaces_dots_and_dashes(typed):
    form = filled(virtual_account=typed)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["virtual_account"] == "8888801234567890"


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("virtual_account", "1234 567", f"{VA}: harus 8 sampai 20 angka, tertulis 7."),
        ("virtual_account", "12ab5678", f"{VA}: {DIGITS_ONLY}"),
        ("nik", "3319 0452 0385 000", "NIK: harus 16 angka, tertulis 15."),
        ("nik", "9919-0452-0385-0002", "NIK: kode provinsi '99' tidak dikenal."),
        ("virtual_account", "", "Nomor virtual account: Bidang ini tidak boleh kosong."),
    ],
)  # fmt: skip
def test_digits_field_says_what_is_wrong_naming_the_field_once(field, typed, message):
    form = filled(**{field: typed})

    assert not form.is_valid()
    assert form.errors[field] == [message]


def test_digits_input_has_room_for_the_separators():
    html = str(BillLikeForm()["nik"])

    assert 'maxlength="32"' in html and 'inputmode="numeric"' in html


def test_django_messages_get_the_label_in_front():
    form = filled(count="0")

    assert form.errors["count"] == [
        "Jumlah orang: Pastikan nilai ini lebih besar dari atau sama dengan 1."
    ]
