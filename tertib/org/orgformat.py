"""The org file format (docs/org-format.md): one pydantic model per kind of row.

Keys are Indonesian like those of the SOP files; vocabularies (time zones, kinds of assignment)
come from the models, so the file accepts exactly what the database can hold.
"""

import datetime
import re
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from tertib.org.models import Assignment, TimeZone
from tertib.sop.definition import KODE_PATTERN
from tertib.sop.validation import MESSAGES

USERNAME = re.compile(r"[a-z0-9._-]+")
REGISTER_FIELDS = "{nomor:04}, {unit}, {tahun}, {bulan}, {bulan_romawi}"
ZONES = {zone.label: zone.value for zone in TimeZone}
# Pydantic's error types in Indonesian: those of the SOP format, and a few more.
ROW_MESSAGES = MESSAGES | {
    "missing": "wajib diisi",
    "string_too_short": "tidak boleh kosong",
    "string_too_long": "paling panjang {max_length} karakter",
    "bool_type": "harus ya atau tidak (true/false)",
}


def _username(value: str) -> str:
    if not USERNAME.fullmatch(value):
        raise ValueError(
            f"username '{value}' hanya boleh huruf kecil a-z, angka, titik, '-' dan '_'"
        )
    return value


def _email(value: str | None) -> str | None:
    try:
        if value:
            validate_email(value)
    except DjangoValidationError:
        raise ValueError(f"'{value}' bukan alamat email yang sah") from None
    return value


def _register_format(value: str | None) -> str | None:
    from tertib.cases.registers import format_number  # org never imports cases at import time

    try:
        if value:
            format_number(value, number=1, unit="", day=datetime.date(2026, 1, 1))
    except (KeyError, ValueError, IndexError, AttributeError):
        raise ValueError(f"format nomor tidak sah; yang dikenal: {REGISTER_FIELDS}") from None
    return value


def _number_as_text(value: Any) -> Any:
    """A NIP, unit code or phone written without quotes reads as a number; keep its digits."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Kode = Annotated[str, Field(pattern=KODE_PATTERN, max_length=50)]
Username = Annotated[str, Field(max_length=150), AfterValidator(_username)]
Email = Annotated[str | None, Field(max_length=254), AfterValidator(_email)]
Code = Annotated[Annotated[str, Field(max_length=30)] | None, BeforeValidator(_number_as_text)]
Phone = Annotated[Annotated[str, Field(max_length=100)] | None, BeforeValidator(_number_as_text)]
Title = Annotated[str, Field(min_length=1, max_length=200)]
ZonaWaktu = Literal[tuple(ZONES)]  # type: ignore[valid-type]
Jenis = Literal[tuple(Assignment.Kind.values)]  # type: ignore[valid-type]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Jabatan(Strict):
    kode: Kode
    nama: Title


class BukuRegister(Strict):
    kode: Kode
    nama: Title
    format: Annotated[str | None, Field(max_length=200), AfterValidator(_register_format)] = None


class DesaBaris(Strict):
    nama: Annotated[str, Field(min_length=1, max_length=100)]
    kode: Annotated[str | None, Field(max_length=20)] = None
    kelurahan: bool = False


class Kantor(Strict):
    kode: Annotated[str, Field(pattern=KODE_PATTERN, max_length=100)]
    nama: Title
    pemda: Annotated[str | None, Field(max_length=200)] = None
    kota: Annotated[str | None, Field(max_length=100)] = None
    alamat: Annotated[str | None, Field(max_length=300)] = None
    telepon: Phone = None
    email: Email = None
    kode_unit: Code = None
    kode_wilayah: Annotated[str | None, Field(max_length=20)] = None
    zona_waktu: ZonaWaktu | None = None
    jabatan: list[Jabatan] = []
    buku_register: list[BukuRegister] = []
    desa: list[DesaBaris] = []
    pengelola: list[Username] = []


class Pegawai(Strict):
    username: Username
    nama: Annotated[str, Field(min_length=1, max_length=150)]  # first and last name together
    email: Email = None


class Penugasan(Strict):
    pegawai: Username
    kantor: str
    jabatan: str
    jenis: Jenis = Assignment.Kind.DEFINITIF.value
    mulai: datetime.date
    sampai: datetime.date | None = None
    nip: Code = None
    jabatan_sendiri: Annotated[str | None, Field(max_length=200)] = None


SECTIONS: dict[str, type[Strict]] = {"kantor": Kantor, "pegawai": Pegawai, "penugasan": Penugasan}

# Fields an office row may write, and the model field each one sets.
OFFICE_FIELDS = {
    "nama": "name",
    "pemda": "pemda",
    "kota": "city",
    "alamat": "address",
    "telepon": "phone",
    "email": "email",
    "kode_unit": "unit_code",
    "kode_wilayah": "region_code",
}
