"""The intake form of an SOP, built from the fields and checklist its file declares."""

import datetime
import re

from django import forms

from tertib.forms import CleanInputMixin
from tertib.lib.nik import NomorError, check_kk, check_nik
from tertib.org.models import Desa, Office
from tertib.sop.definition import Definition, Isian

PHONE = re.compile(r"^(\+62|62|0)[0-9]{8,13}$")


class IntakeForm(CleanInputMixin, forms.Form):
    def __init__(
        self, *args, definition: Definition, office: Office, today: datetime.date, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.definition, self.today = definition, today
        desa = Desa.objects.filter(kecamatan=office)
        for isian in definition.layanan.formulir:
            self.fields[isian.kode] = _field(isian, desa)
        for syarat in definition.layanan.persyaratan:
            self.fields[f"ada_{syarat.kode}"] = forms.BooleanField(
                label=syarat.nama, required=False
            )
            self.fields[f"scan_{syarat.kode}"] = forms.FileField(
                label=f"Pindaian {syarat.nama}", required=False
            )

    def data_fields(self) -> list:
        return [self[isian.kode] for isian in self.definition.layanan.formulir]

    def checklist_rows(self) -> list[tuple]:
        return [
            (s, self[f"ada_{s.kode}"], self[f"scan_{s.kode}"])
            for s in self.definition.layanan.persyaratan
        ]

    def clean(self):
        cleaned = super().clean()
        for isian in self.definition.layanan.formulir:
            value = cleaned.get(isian.kode)
            if value:
                self._check(isian, value)
        return cleaned

    def _check(self, isian: Isian, value) -> None:
        try:
            if isian.jenis == "nik":
                check_nik(value, today=self.today)
            elif isian.jenis == "kk":
                check_kk(value, today=self.today)
        except NomorError as error:
            self.add_error(isian.kode, f"{isian.label}: {error}.")
        if isian.jenis == "tanggal" and value > self.today:
            self.add_error(isian.kode, f"{isian.label}: tidak boleh sesudah hari ini.")

    def intake(self) -> dict:
        """The answers as plain JSON values (dates ISO, desa by name)."""
        values = {}
        for isian in self.definition.layanan.formulir:
            value = self.cleaned_data.get(isian.kode)
            if isinstance(value, datetime.date):
                value = value.isoformat()
            elif isinstance(value, Desa):
                value = value.name
            values[isian.kode] = value or ""
        return values

    def subject(self) -> str:
        kode = next((f.kode for f in self.definition.layanan.formulir if f.subjek), None)
        return str(self.cleaned_data.get(kode) or "") if kode else ""

    def checklist(self) -> list[str]:
        return [
            s.kode
            for s in self.definition.layanan.persyaratan
            if self.cleaned_data.get(f"ada_{s.kode}")
        ]

    def scans(self) -> list[tuple[str, str, object]]:
        return [
            (s.kode, s.nama, self.cleaned_data[f"scan_{s.kode}"])
            for s in self.definition.layanan.persyaratan
            if self.cleaned_data.get(f"scan_{s.kode}")
        ]


def _messages(label: str) -> dict:
    return {
        "required": f"{label}: wajib diisi.",
        "invalid": f"{label}: isian tidak valid.",
        "max_length": f"{label}: terlalu panjang.",
        "invalid_choice": f"{label}: pilihan tidak dikenal.",
    }


def _field(isian: Isian, desa) -> forms.Field:
    common = {
        "label": isian.label,
        "required": isian.wajib,
        "error_messages": _messages(isian.label),
    }
    if isian.jenis in ("nik", "kk"):
        return forms.RegexField(
            regex=r"^[0-9]{16}$",
            min_length=16,
            max_length=16,
            **{
                **common,
                "error_messages": {
                    **_messages(isian.label),
                    "invalid": f"{isian.label}: harus 16 angka.",
                },
            },
        )
    if isian.jenis == "telepon":
        return forms.RegexField(
            regex=PHONE,
            max_length=16,
            **{
                **common,
                "error_messages": {
                    **_messages(isian.label),
                    "invalid": f"{isian.label}: tulis seperti 081234567890.",
                },
            },
        )
    if isian.jenis == "angka":
        size = isian.panjang
        pattern = rf"^[0-9]{{{size}}}$" if size else r"^[0-9]+$"
        message = f"{isian.label}: harus {size} angka." if size else f"{isian.label}: hanya angka."
        return forms.RegexField(
            regex=pattern,
            **{**common, "error_messages": {**_messages(isian.label), "invalid": message}},
        )
    if isian.jenis == "tanggal":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if isian.jenis == "desa":
        return forms.ModelChoiceField(queryset=desa, empty_label="— pilih desa —", **common)
    return forms.CharField(max_length=isian.panjang or 200, **common)
