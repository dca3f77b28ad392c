"""The kinds of intake field the core offers (formulir[].jenis); services may add more."""

import datetime
import re
from functools import partial

from django import forms

from tertib.forms import DateInput, DigitsField, MoneyField
from tertib.lib.nik import check_kk, check_nik
from tertib.lib.text import without_separators
from tertib.org.models import Desa
from tertib.sop.services import FieldKind

PHONE = re.compile(r"^(\+62|62|0)\d{8,13}$")


def messages(label: str, **more: str) -> dict:
    return {
        "required": f"{label}: wajib diisi.",
        "invalid": f"{label}: isian tidak valid.",
        "max_length": f"{label}: terlalu panjang.",
        "invalid_choice": f"{label}: pilihan tidak dikenal.",
        **more,
    }


def _common(isian) -> dict:
    return {"label": isian.label, "required": isian.wajib, "error_messages": messages(isian.label)}


def _identity(check):
    def make(isian, *, office, today: datetime.date) -> forms.Field:
        return DigitsField(digits=16, check=partial(check, today=today), **_common(isian))

    return make


def teks(isian, *, office, today) -> forms.Field:
    return forms.CharField(max_length=isian.panjang or 200, **_common(isian))


class PhoneField(forms.RegexField):
    """A phone number typed with or without spaces and dashes ("0812-3456-7890")."""

    def widget_attrs(self, widget) -> dict:
        return {**super().widget_attrs(widget), "maxlength": "24", "inputmode": "tel"}

    def to_python(self, value) -> str:
        return without_separators(super().to_python(value))


def telepon(isian, *, office, today) -> forms.Field:
    invalid = f"{isian.label}: tulis seperti 081234567890."
    return PhoneField(
        regex=PHONE,
        max_length=16,
        **{**_common(isian), "error_messages": messages(isian.label, invalid=invalid)},
    )


def angka(isian, *, office, today) -> forms.Field:
    """A code of digits (NIP, a card number): `panjang` digits exactly, else 1 to 100."""
    size = isian.panjang
    return DigitsField(digits=size or (1, 100), **_common(isian))


def uang(isian, *, office, today) -> forms.Field:
    """Whole rupiah, as people write them (Rp 1.332.000)."""
    return MoneyField(**_common(isian))


def tanggal(isian, *, office, today: datetime.date) -> forms.Field:
    def not_future(value: datetime.date) -> None:
        if value > today:
            raise forms.ValidationError(f"{isian.label}: tidak boleh sesudah hari ini.")

    return forms.DateField(
        widget=DateInput(),
        validators=[not_future],
        **_common(isian),
    )


def desa(isian, *, office, today) -> forms.Field:
    return forms.ModelChoiceField(
        queryset=Desa.objects.filter(kecamatan=office),
        empty_label="— pilih desa —",
        **_common(isian),
    )


CORE_FIELDS = {
    "teks": FieldKind("Teks", teks),
    "nik": FieldKind("NIK (16 angka)", _identity(check_nik)),
    "kk": FieldKind("Nomor KK (16 angka)", _identity(check_kk)),
    "telepon": FieldKind("Nomor telepon", telepon),
    "angka": FieldKind("Angka", angka),
    "uang": FieldKind("Jumlah uang (Rp)", uang),
    "tanggal": FieldKind("Tanggal", tanggal),
    "desa": FieldKind("Desa di kecamatan ini", desa),
}
