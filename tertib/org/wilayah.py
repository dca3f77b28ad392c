"""Kemendagri region codes: each kecamatan becomes an office, each desa/kelurahan its Desa.

The file is CSV with `#` comment lines and the header `kode,nama,jenis`, as in
data/wilayah-kudus.csv. Every row is checked before anything is written, so a broken file
changes nothing.
"""

import csv
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from tertib.org.models import Desa, Office

DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "wilayah-kudus.csv"
HEADER = ["kode", "nama", "jenis"]
KECAMATAN = "kecamatan"
CODE_SHAPES = {
    KECAMATAN: re.compile(r"\d{2}\.\d{2}\.\d{2}"),
    "desa": re.compile(r"\d{2}\.\d{2}\.\d{2}\.\d{4}"),
    "kelurahan": re.compile(r"\d{2}\.\d{2}\.\d{2}\.\d{4}"),
}
BARU, DIPERBARUI, SAMA = "baru", "diperbarui", "sama"


class WilayahError(ValueError):
    """The file cannot be imported; the message names the line, in Indonesian."""


@dataclass(frozen=True)
class Row:
    line: int
    code: str
    name: str
    jenis: str

    @property
    def parent(self) -> str:
        """The kecamatan code of a desa/kelurahan: the first three parts of its code."""
        return self.code.rsplit(".", 1)[0]


@dataclass(frozen=True)
class Summary:
    """How many rows of each level were new, updated or already the same."""

    kecamatan: Counter[str]
    desa: Counter[str]

    def __str__(self) -> str:
        kecamatan = f"{self.kecamatan.total()} kecamatan"
        if self.kecamatan[BARU] or self.kecamatan[DIPERBARUI]:
            kecamatan += f" ({self.kecamatan[BARU]} baru, {self.kecamatan[DIPERBARUI]} diperbarui)"
        return (
            f"{kecamatan}, {self.desa.total()} desa/kelurahan: "
            f"{self.desa[BARU]} baru, {self.desa[DIPERBARUI]} diperbarui"
        )


def read_rows(text: str) -> list[Row]:
    """The rows of the file, all checked; raises WilayahError at the first bad line."""
    rows: list[Row] = []
    header_seen = False
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [cell.strip() for cell in next(csv.reader([line]))]
        if header_seen:
            rows.append(_row(number, cells))
        elif [cell.lower() for cell in cells] == HEADER:
            header_seen = True
        else:
            raise WilayahError(f"baris {number}: kepala kolom harus {','.join(HEADER)}")
    if not header_seen:
        raise WilayahError(f"kepala kolom {','.join(HEADER)} tidak ditemukan")
    _check_codes(rows)
    return rows


@transaction.atomic
def import_wilayah(*, text: str) -> Summary:
    """Create or update the kecamatan offices and their desa; running it again changes nothing."""
    rows = read_rows(text)
    offices, kecamatan, desa = {}, Counter[str](), Counter[str]()
    for row in rows:
        if row.jenis == KECAMATAN:
            offices[row.code], outcome = _kecamatan(row)
            kecamatan[outcome] += 1
    for row in rows:
        if row.jenis != KECAMATAN:
            desa[_desa(offices[row.parent], row)] += 1
    return Summary(kecamatan=kecamatan, desa=desa)


def _row(number: int, cells: list[str]) -> Row:
    if len(cells) != len(HEADER):
        raise WilayahError(f"baris {number}: harus {len(HEADER)} kolom ({','.join(HEADER)})")
    code, name, jenis = cells
    if jenis.lower() not in CODE_SHAPES:
        raise WilayahError(
            f"baris {number}: jenis '{jenis}' tidak dikenal (kecamatan, desa atau kelurahan)"
        )
    jenis = jenis.lower()
    if not CODE_SHAPES[jenis].fullmatch(code):
        shape = "NN.NN.NN" if jenis == KECAMATAN else "NN.NN.NN.NNNN"
        raise WilayahError(f"baris {number}: kode '{code}' untuk {jenis} harus berbentuk {shape}")
    if not name:
        raise WilayahError(f"baris {number}: nama kosong")
    return Row(line=number, code=code, name=name, jenis=jenis)


def _check_codes(rows: list[Row]) -> None:
    lines: dict[str, int] = {}
    for row in rows:
        if row.code in lines:
            raise WilayahError(
                f"baris {row.line}: kode {row.code} sudah ada di baris {lines[row.code]}"
            )
        lines[row.code] = row.line
    kecamatan = {row.code for row in rows if row.jenis == KECAMATAN}
    for row in rows:
        if row.jenis != KECAMATAN and row.parent not in kecamatan:
            raise WilayahError(
                f"baris {row.line}: kecamatan {row.parent} dari {row.jenis} {row.name} "
                "tidak ada di berkas"
            )


def _kecamatan(row: Row) -> tuple[Office, str]:
    """The office named after the kecamatan; an existing one keeps all but its region code."""
    office, created = Office.objects.get_or_create(
        slug=f"kecamatan-{slugify(row.name)}",
        defaults={"name": f"Kecamatan {row.name}", "region_code": row.code, "city": row.name},
    )
    if created:
        return office, BARU
    if office.region_code == row.code:
        return office, SAMA
    office.region_code = row.code
    office.save(update_fields=["region_code"])
    return office, DIPERBARUI


def _desa(office: Office, row: Row) -> str:
    """Match by code, then by name (desa entered by hand have no code), else create."""
    is_kelurahan = row.jenis == "kelurahan"
    desa = (
        office.desa.filter(code=row.code).first()
        or office.desa.filter(name__iexact=row.name).first()
    )
    if desa is None:
        Desa.objects.create(
            kecamatan=office, code=row.code, name=row.name, is_kelurahan=is_kelurahan
        )
        return BARU
    if (desa.code, desa.name, desa.is_kelurahan) == (row.code, row.name, is_kelurahan):
        return SAMA
    desa.code, desa.name, desa.is_kelurahan = row.code, row.name, is_kelurahan
    desa.save(update_fields=["code", "name", "is_kelurahan"])
    return DIPERBARUI
