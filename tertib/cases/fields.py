"""The kinds of intake field the core offers (formulir[].jenis); services may add more."""

import datetime
import re

from django import forms

from tertib.forms import DateInput
from tertib.lib.nik import NomorError, check_kk, check_nik
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


def _number_check(check, isian, today: datetime.date):
    def validate(value: str) -> None:
        if len(value) != 16 or not value.isascii() or not value.isdigit():
            return  # the field's pattern says so already
        try:
            check(value, today=today)
        except NomorError as error:
            raise forms.ValidationError(f"{isian.label}: {error}.") from None

    return validate


def _identity(check):
    def make(isian, *, office, today: datetime.date) -> forms.Field:
        return forms.RegexField(
            regex=r"^[0-9]{16}$",
            max_length=16,
            validators=[_number_check(check, isian, today)],
            **{
                **_common(isian),
                "error_messages": messages(isian.label, invalid=f"{isian.label}: harus 16 angka."),
            },
        )

    return make


def teks(isian, *, office, today) -> forms.Field:
    return forms.CharField(max_length=isian.panjang or 200, **_common(isian))


def telepon(isian, *, office, today) -> forms.Field:
    invalid = f"{isian.label}: tulis seperti 081234567890."
    return forms.RegexField(
        regex=PHONE,
        max_length=16,
        **{**_common(isian), "error_messages": messages(isian.label, invalid=invalid)},
    )


def angka(isian, *, office, today) -> forms.Field:
    size = isian.panjang
    pattern = rf"^[0-9]{{{size}}}$" if size else r"^[0-9]+$"
    invalid = f"{isian.label}: harus {size} angka." if size else f"{isian.label}: hanya angka."
    return forms.RegexField(
        regex=pattern,
        max_length=size or 100,
        **{**_common(isian), "error_messages": messages(isian.label, invalid=invalid)},
    )


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
    "tanggal": FieldKind("Tanggal", tanggal),
    "desa": FieldKind("Desa di kecamatan ini", desa),
}
