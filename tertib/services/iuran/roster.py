"""The roster of kepala desa and perangkat desa: importing the desa's list, the kecamatan's
verification and Dinas PMD's corrections.

An import is all or nothing: every row is checked, and one bad row means nothing is saved.
"""

import datetime
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import cast

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tertib.cases.audit import record_event
from tertib.lib.money import rupiah
from tertib.lib.nik import NomorError, check_nik
from tertib.lib.text import has_control_characters, strip_bidi
from tertib.org.access import offices_of
from tertib.org.models import Desa
from tertib.services.iuran.models import Official, PayChange
from tertib.services.iuran.tables import TableError as RosterError
from tertib.services.iuran.tables import (
    cell_text,
    column_positions,
    date_cell,
    read_table,
    rupiah_cell,
)

REQUIRED = ["nik", "nama", "jabatan", "siltap", "nomor_bpjs", "mulai", "berhenti"]
PLACE = "kode_desa (atau desa dan kecamatan)"
BPJS_NUMBER = re.compile(r"[0-9]{13}")
EXCEL_NUMBER = re.compile(r"[0-9](?:[.,][0-9]+)?E\+?[0-9]+", re.IGNORECASE)  # 3,31904E+15
# Excel keeps 15 significant digits, so a 16-digit NIK typed as a number ends in 0. A file whose
# NIKs all end in 0 went through that; one NIK in ten ends in 0 by chance.
ZEROED_SHARE, ZEROED_MIN_ROWS = 0.5, 4
# The roster column of each Official field an import or a correction may change.
COLUMNS = {
    "name": "nama",
    "jabatan": "jabatan",
    "desa": "desa",
    "siltap": "siltap",
    "bpjs_number": "nomor_bpjs",
    "ends_on": "berhenti",
}
# Changes the kecamatan must verify again; Dinas PMD's own fixes of the BPJS number need not.
RECHECKED_ON_IMPORT = {"jabatan", "desa", "siltap", "bpjs_number"}
RECHECKED_ON_UPDATE = {"jabatan", "siltap"}


class Status(StrEnum):
    BARU = "baru"
    DIPERBARUI = "diperbarui"
    SAMA = "sama"
    DITOLAK = "ditolak"


class NotAllowed(PermissionError):
    """The actor may not do this; the message says why, in Indonesian."""


@dataclass
class RosterReport:
    """Each row's line and outcome (or why it is refused), and the counts of what was saved."""

    rows: list[tuple[int, Status, list[str]]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # about the file as a whole
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems and all(status != Status.DITOLAK for _, status, _ in self.rows)

    @property
    def summary(self) -> str:
        if not self.ok:
            refused = sum(status == Status.DITOLAK for _, status, _ in self.rows)
            what = f"{refused} baris ditolak" if refused else "berkas ditolak"
            return f"{what}; tidak ada yang disimpan"
        return f"{self.created} baru, {self.updated} diperbarui, {self.unchanged} sama"

    def lines(self) -> list[str]:
        """What to show: each row's outcome, or only the refusals when nothing was saved."""
        lines = list(self.problems)
        for line, status, messages in self.rows:
            if status == Status.DITOLAK:
                lines += [f"baris {line}: {message}" for message in messages]
            elif self.ok:
                lines.append(f"baris {line}: {'; '.join([status, *messages])}")
        return [*lines, self.summary]


@dataclass
class _Entry:
    """One row as read; errors holds why it is refused."""

    line: int
    errors: list[str] = field(default_factory=list)
    values: dict = field(default_factory=dict)  # Official field → value
    official: Official | None = None  # the saved entry with the same NIK and start
    changed: list[str] = field(default_factory=list)  # its fields this row changes

    @property
    def key(self) -> tuple[str, datetime.date]:
        return self.values["nik"], self.values["starts_on"]

    @property
    def term(self) -> tuple[datetime.date, datetime.date]:
        return self.values["starts_on"], self.values["ends_on"] or datetime.date.max


def import_roster(*, content: bytes, filename: str, actor, today: datetime.date) -> RosterReport:
    """Check every row of a CSV or XLSX roster and save them all, or nothing if one is bad."""
    try:
        table = read_table(content, filename)
        columns = _columns(*table[0])
    except RosterError as error:
        return RosterReport(problems=[str(error)])
    with transaction.atomic():
        places = _Places()
        entries = [_entry(line, cells, columns, places, today) for line, cells in table[1:]]
        _check_zeroed_tails(entries)
        _check_duplicates(entries)
        _check_saved_terms(entries, _saved_terms(entries))
        report = RosterReport(rows=[_outcome(entry) for entry in entries])
        if report.ok:
            _save(report, entries, actor=actor, filename=filename)
    return report


@transaction.atomic
def verify_official(*, official: Official, actor, at: datetime.datetime) -> Official:
    """The kecamatan confirms an entry of one of its desa; only its own staff may."""
    official = Official.objects.select_for_update().get(pk=official.pk)
    kecamatan = official.desa.kecamatan
    if kecamatan not in offices_of(actor, on=timezone.localdate(at)):
        raise NotAllowed(
            f"Hanya pegawai {kecamatan.name} yang boleh memverifikasi perangkat "
            f"Desa {official.desa.name}."
        )
    official.verified_by, official.verified_at = actor, at
    official.save(update_fields=["verified_by", "verified_at"])
    record_event(
        case=None, actor=actor, action="verifikasi_perangkat", at=at, payload=_about(official)
    )
    return official


@transaction.atomic
def update_official(
    *,
    official: Official,
    actor,
    siltap: int | None = None,
    ends_on: datetime.date | None = None,
    bpjs_number: str | None = None,
    jabatan: str | None = None,
    siltap_from: datetime.date | None = None,
) -> Official:
    """Dinas PMD's correction; a new siltap or jabatan needs the kecamatan's verification again.

    With siltap_from, the siltap is a raise from that day on (a pay change); earlier months keep
    the pay they had."""
    official = Official.objects.select_for_update().get(pk=official.pk)
    if siltap_from is not None and siltap is not None:
        _pay_change(official, actor, siltap, siltap_from)
        siltap = None
    wanted = {
        "siltap": _labelled("siltap", _siltap, siltap),
        "ends_on": _labelled("berhenti", _ends_after, ends_on, official),
        "bpjs_number": _labelled("nomor_bpjs", _bpjs_number, bpjs_number),
        "jabatan": _labelled("jabatan", _required_text, jabatan, 100),
    }
    changed = {
        name: (getattr(official, name), value)
        for name, value in wanted.items()
        if value is not None and getattr(official, name) != value
    }
    if not changed:
        return official
    for name, (_, value) in changed.items():
        setattr(official, name, value)
    if changed.keys() & RECHECKED_ON_UPDATE:
        official.verified_by = official.verified_at = None
    official.save(update_fields=[*changed, "verified_by", "verified_at"])
    diff = {COLUMNS[name]: [old and str(old), str(new)] for name, (old, new) in changed.items()}
    payload = {**_about(official), "diubah": diff}
    record_event(
        case=None, actor=actor, action="ubah_perangkat", at=timezone.now(), payload=payload
    )
    return official


def _pay_change(official: Official, actor, siltap: int, valid_from: datetime.date) -> None:
    amount = _labelled("siltap", _siltap, siltap)
    if valid_from <= official.starts_on:
        raise RosterError(
            f"siltap berlaku mulai: harus sesudah mulai menjabat ({official.starts_on:%d-%m-%Y})"
        )
    PayChange.objects.update_or_create(
        official=official,
        valid_from=valid_from,
        defaults={"siltap": amount, "tunjangan": official.tunjangan},
    )
    official.verified_by = official.verified_at = None
    official.save(update_fields=["verified_by", "verified_at"])
    payload = {**_about(official), "siltap": amount, "berlaku": valid_from.isoformat()}
    record_event(case=None, actor=actor, action="ubah_siltap", at=timezone.now(), payload=payload)


def _columns(line: int, header: list) -> dict[str, int]:
    """Column name → position, with every required column there."""
    columns = column_positions(header)
    missing = [name for name in REQUIRED if name not in columns]
    if "kode_desa" not in columns and not {"desa", "kecamatan"} <= columns.keys():
        missing.insert(3, PLACE)
    if missing:
        raise RosterError(f"baris {line}: kolom wajib tidak ada: {', '.join(missing)}")
    return columns


# Checking each row


class _Places:
    """The desa a row may name, by code or by kecamatan and desa name."""

    def __init__(self) -> None:
        self.by_code: dict[str, Desa] = {}
        self.by_name: dict[tuple[str, str], Desa] = {}
        for desa in Desa.objects.select_related("kecamatan"):
            if desa.code:
                self.by_code[desa.code] = desa
            self.by_name[_name_key(desa.kecamatan.name), _name_key(desa.name)] = desa
        self.kecamatan = {kecamatan for kecamatan, _ in self.by_name}

    def find(self, code: str, desa: str = "", kecamatan: str = "") -> Desa:
        if code:
            return self._found(self.by_code.get(code), f"{code} tidak dikenal")
        if not desa and not kecamatan:
            raise RosterError("wajib diisi")
        if not kecamatan:
            raise RosterError("wajib diisi", column="kecamatan")
        if _name_key(kecamatan) not in self.kecamatan:
            raise RosterError(f"{kecamatan} tidak dikenal", column="kecamatan")
        if not desa:
            raise RosterError("wajib diisi")
        found = self.by_name.get((_name_key(kecamatan), _name_key(desa)))
        return self._found(found, f"{desa} tidak ada di kecamatan {kecamatan}")

    @staticmethod
    def _found(desa: Desa | None, unknown: str) -> Desa:
        if desa is None:
            raise RosterError(unknown)
        if desa.is_kelurahan:
            raise RosterError(f"Kelurahan {desa.name} tidak punya perangkat desa")
        return desa


def _entry(line: int, cells: list, columns: dict[str, int], places: _Places, today) -> _Entry:
    def cell(name: str):
        position = columns.get(name)
        return cells[position] if position is not None and position < len(cells) else None

    entry = _Entry(line=line)
    code = cell_text(cell("kode_desa"))
    by_code = bool(code) or "desa" not in columns
    where = "kode_desa" if by_code else "desa"
    place = [code] if by_code else ["", cell_text(cell("desa")), cell_text(cell("kecamatan"))]
    parts = [
        ("nik", "NIK", _nik, [cell("nik"), today]),
        ("name", "nama", _required_text, [cell("nama"), 200]),
        ("jabatan", "jabatan", _required_text, [cell("jabatan"), 100]),
        ("desa", where, places.find, place),
        ("siltap", "siltap", _siltap, [cell("siltap")]),
        ("bpjs_number", "nomor_bpjs", _bpjs_number, [cell("nomor_bpjs")]),
        ("starts_on", "mulai", _required_date, [cell("mulai")]),
        ("ends_on", "berhenti", date_cell, [cell("berhenti")]),
    ]
    for name, column, parse, args in parts:
        try:
            entry.values[name] = parse(*args)
        except RosterError as error:
            entry.errors.append(f"{error.column or column}: {error}")
    starts_on, ends_on = entry.values.get("starts_on"), entry.values.get("ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        entry.errors.append("berhenti: sebelum tanggal mulai")
    return entry


def _check_zeroed_tails(entries: list[_Entry]) -> None:
    """Refuse the NIKs of a file where most end in 0: Excel turned them into numbers."""
    niks = [entry for entry in entries if "nik" in entry.values]
    zeroed = [entry for entry in niks if entry.values["nik"].endswith("0")]
    if len(niks) >= ZEROED_MIN_ROWS and len(zeroed) > len(niks) * ZEROED_SHARE:
        for entry in zeroed:
            entry.errors.append(
                "NIK: angka terakhir 0 seperti di banyak baris lain; Excel membulatkan NIK "
                "yang diketik sebagai angka. Format kolom NIK sebagai teks lalu ketik ulang"
            )


def _check_duplicates(entries: list[_Entry]) -> None:
    """The same person twice over overlapping dates would be billed twice."""
    seen: dict[str, list[_Entry]] = {}
    for entry in entries:
        if entry.errors:
            continue
        nik = entry.values["nik"]
        earlier = next((e for e in seen.get(nik, []) if _overlap(e.term, entry.term)), None)
        if earlier:
            entry.errors.append(f"duplikat NIK dengan baris {earlier.line}")
        seen.setdefault(nik, []).append(entry)


def _saved_terms(entries: list[_Entry]) -> dict[str, list[Official]]:
    """The saved entries of the file's NIKs, locked until the import ends."""
    niks = {entry.values["nik"] for entry in entries if "nik" in entry.values}
    saved: dict[str, list[Official]] = {}
    rows = Official.objects.select_for_update(of=("self",)).select_related("desa")
    for official in rows.filter(nik__in=niks):
        saved.setdefault(official.nik, []).append(official)
    return saved


def _check_saved_terms(entries: list[_Entry], saved: dict[str, list[Official]]) -> None:
    """A new term must not overlap a saved one of the same NIK, unless the file changes that."""
    in_file = {entry.key: entry for entry in entries if not entry.errors}
    for entry in in_file.values():
        for official in saved.get(entry.values["nik"], []):
            if official.starts_on == entry.values["starts_on"]:
                entry.official = official
            elif (official.nik, official.starts_on) not in in_file and _overlap(
                (official.starts_on, official.ends_on or datetime.date.max), entry.term
            ):
                entry.errors.append(
                    f"NIK: masa jabatan bertumpuk dengan data yang ada ({official.jabatan} "
                    f"{official.desa}, mulai {official.starts_on:%d-%m-%Y}); "
                    "isi dulu tanggal berhentinya"
                )


def _overlap(a: tuple[datetime.date, datetime.date], b: tuple[datetime.date, datetime.date]):
    return a[0] <= b[1] and b[0] <= a[1]


def _outcome(entry: _Entry) -> tuple[int, Status, list[str]]:
    if entry.errors:
        return entry.line, Status.DITOLAK, entry.errors
    if entry.official is None:
        return entry.line, Status.BARU, []
    entry.changed = [n for n in COLUMNS if getattr(entry.official, n) != entry.values[n]]
    if not entry.changed:
        return entry.line, Status.SAMA, []
    messages = [f"diubah: {', '.join(COLUMNS[name] for name in entry.changed)}"]
    if entry.official.verified_at and RECHECKED_ON_IMPORT & set(entry.changed):
        messages.append("perlu diverifikasi ulang oleh kecamatan")
    return entry.line, Status.DIPERBARUI, messages


def _save(report: RosterReport, entries: list[_Entry], *, actor, filename: str) -> None:
    new = [Official(**entry.values) for entry in entries if entry.official is None]
    changed = [_updated(entry) for entry in entries if entry.changed]
    Official.objects.bulk_create(new)
    Official.objects.bulk_update(changed, [*COLUMNS, "verified_by", "verified_at"])
    report.created, report.updated = len(new), len(changed)
    report.unchanged = len(entries) - len(new) - len(changed)
    counts = {"baru": report.created, "diperbarui": report.updated, "sama": report.unchanged}
    payload = {"berkas": filename, **counts}
    record_event(
        case=None, actor=actor, action="impor_perangkat", at=timezone.now(), payload=payload
    )


def _updated(entry: _Entry) -> Official:
    official = cast(Official, entry.official)  # only saved entries have changes
    for name in entry.changed:
        setattr(official, name, entry.values[name])
    if RECHECKED_ON_IMPORT & set(entry.changed):
        official.verified_by = official.verified_at = None
    return official


# Reading one value


def _siltap(value) -> int:
    """A siltap below the floor is most likely a typo such as 3.500 for Rp 3.500.000."""
    amount = rupiah_cell(value)
    floor = settings.IURAN_SILTAP_FLOOR
    if amount < floor:
        raise RosterError(
            f"{rupiah(amount)} di bawah {rupiah(floor)}; kemungkinan salah ketik "
            "(tulis 3.500.000 untuk tiga setengah juta)"
        )
    return amount


def _nik(value, today: datetime.date) -> str:
    if isinstance(value, int | float):
        raise RosterError("tulis sebagai teks; Excel memotong angka 16 digit")
    nik = cell_text(value)
    if EXCEL_NUMBER.fullmatch(nik):
        raise RosterError(f"'{nik}' ditulis Excel sebagai angka; ketik ulang sebagai teks")
    try:
        check_nik(nik, today=today)
    except NomorError as error:
        raise RosterError(str(error)) from None
    return nik


def _required_text(value, max_length: int) -> str:
    text = " ".join(strip_bidi(cell_text(value)).split())
    if has_control_characters(text):
        raise RosterError("berisi karakter kontrol yang tidak diizinkan")
    if not text:
        raise RosterError("wajib diisi")
    if len(text) > max_length:
        raise RosterError(f"paling panjang {max_length} huruf")
    return text


def _bpjs_number(value) -> str:
    if isinstance(value, int | float):
        raise RosterError("tulis sebagai teks agar angka 0 di depan tidak hilang")
    number = cell_text(value)
    if number and not BPJS_NUMBER.fullmatch(number):
        raise RosterError(f"'{number}' harus 13 angka")
    return number


def _required_date(value) -> datetime.date:
    day = date_cell(value)
    if day is None:
        raise RosterError("wajib diisi")
    return day


def _ends_after(ends_on: datetime.date, official: Official) -> datetime.date:
    if ends_on < official.starts_on:
        raise RosterError(f"tidak boleh sebelum mulai menjabat ({official.starts_on:%d-%m-%Y})")
    later = Official.objects.filter(nik=official.nik, starts_on__gt=official.starts_on)
    following = later.filter(starts_on__lte=ends_on).order_by("starts_on").first()
    if following:
        raise RosterError(
            f"bertumpuk dengan masa jabatan berikutnya (mulai {following.starts_on:%d-%m-%Y})"
        )
    return ends_on


def _labelled(column: str, parse, value, *args):
    """Parse a value given to update_official; None means the field stays as it is."""
    if value is None:
        return None
    try:
        return parse(value, *args)
    except RosterError as error:
        raise RosterError(f"{column}: {error}") from None


def _name_key(name: str) -> str:
    """Kecamatan and desa names compared without case or a "Kecamatan"/"Desa" prefix."""
    key = " ".join(name.lower().split())
    return re.sub(r"^(kecamatan|kec\.|desa|kelurahan|kel\.)\s*", "", key)


def _about(official: Official) -> dict:
    return {"perangkat": official.pk, "desa": official.desa.code or official.desa.name}
