"""The org file format (docs/org-format.md) and its checks, in the style of sop_check.

Every row is checked against the file and against what the database already holds, and every
problem names file, line and field; loading.py stores a file only when none is found.
"""

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path as FilePath
from typing import Annotated, Any, Literal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from tertib.org.models import Assignment, Office, Position, TimeZone
from tertib.sop.definition import KODE_PATTERN
from tertib.sop.validation import MESSAGES, Problem, field_name
from tertib.sop.yamlsource import Path, Source, SourceError, read_source

MAX_BYTES = 2 * 1024 * 1024
USERNAME = re.compile(r"[a-z0-9._-]+")
REGISTER_FIELDS = "{nomor:04}, {unit}, {tahun}, {bulan}, {bulan_romawi}"
ZONES = {zone.label: zone.value for zone in TimeZone}
EXTRA_MESSAGES = {
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
    """A NIP or unit code written without quotes reads as a number; keep its digits."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Kode = Annotated[str, Field(pattern=KODE_PATTERN, max_length=50)]
Username = Annotated[str, Field(max_length=150), AfterValidator(_username)]
Email = Annotated[str | None, Field(max_length=254), AfterValidator(_email)]
Code = Annotated[str | None, BeforeValidator(_number_as_text), Field(max_length=30)]
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
    telepon: Annotated[str | None, Field(max_length=100)] = None
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


@dataclass
class OrgFile:
    """The rows of a file that parsed, each with its index in its section."""

    kantor: list[tuple[int, Kantor]] = field(default_factory=list)
    pegawai: list[tuple[int, Pegawai]] = field(default_factory=list)
    penugasan: list[tuple[int, Penugasan]] = field(default_factory=list)


@dataclass
class Checked:
    org: OrgFile | None
    problems: list[Problem]


# Reading and checking


def read_file(path: FilePath) -> Checked:
    """Check an org file: its size, its encoding, its rows, and the rows already stored."""
    file = str(path)
    try:
        with path.open("rb") as handle:
            content = handle.read(MAX_BYTES + 1)
    except OSError as error:
        return Checked(None, [Problem(file, None, "", f"berkas tidak dapat dibaca: {error}")])
    if len(content) > MAX_BYTES:
        limit = f"{MAX_BYTES // (1024 * 1024)} MB"
        return Checked(None, [Problem(file, None, "", f"berkas lebih dari {limit}")])
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        return Checked(None, [_encoding_problem(file, content, error)])
    return check_text(text, file=file)


def _encoding_problem(file: str, content: bytes, error: UnicodeDecodeError) -> Problem:
    """Name the line, and the key on it when the rest of the file reads."""
    line = content[: error.start].count(b"\n") + 1
    byte = content[error.start : error.start + 1].hex()
    key = ""
    try:
        source = read_source(content.decode("utf-8", errors="replace"))
        on_line = [path for path, at in source.lines.items() if at == line and path]
        key = field_name(max(on_line, key=len)) if on_line else ""
    except SourceError:
        pass
    message = f"bukan teks UTF-8 (bita 0x{byte}); simpan berkas sebagai UTF-8"
    return Problem(file, line, key, message)


def check_text(text: str, *, file: str) -> Checked:
    """Check org YAML text against itself and against what the database already holds."""
    try:
        source = read_source(text)
    except SourceError as error:
        return Checked(None, [Problem(file, error.line, "", error.message)])
    report = _Report(file, source)
    if not isinstance(source.data, dict):
        report.add((), "isi berkas harus berupa pemetaan (kunci: nilai)")
        return Checked(None, report.problems)
    org = _parse(source.data, report)
    known = _Known.of(org, source.data)
    _check_offices(org, report)
    _check_people(org, known, report)
    _check_assignments(org, known, report)
    problems = sorted(report.problems, key=lambda problem: problem.line or 0)
    return Checked(org if not problems else None, problems)


class _Report:
    def __init__(self, file: str, source: Source):
        self.file, self.source, self.problems = file, source, []

    def add(self, path: Path, message: str) -> None:
        line = self.source.line_of(path)
        self.problems.append(Problem(self.file, line, field_name(path), message))


def _parse(data: dict, report: _Report) -> OrgFile:
    org = OrgFile()
    for key in data:
        if key not in SECTIONS:
            report.add((key,), f"kunci tidak dikenal (yang dikenal: {', '.join(SECTIONS)})")
    for key, model in SECTIONS.items():
        rows = data.get(key) or []
        if not isinstance(rows, list):
            report.add((key,), "harus berupa daftar")
            continue
        for index, row in enumerate(rows):
            parsed = _parse_row(model, row, (key, index), report)
            if parsed is not None:
                getattr(org, key).append((index, parsed))
    return org


def _parse_row(model: type[Strict], row: Any, path: Path, report: _Report) -> Any:
    try:
        return model.model_validate(row)
    except ValidationError as error:
        for item in error.errors(include_url=False):
            report.add((*path, *item["loc"]), _message(item))
        return None


def _message(item: dict) -> str:
    if item["type"] == "value_error":
        return str(item["ctx"]["error"])
    template = {**MESSAGES, **EXTRA_MESSAGES}.get(item["type"], item["msg"])
    return template.format(**item.get("ctx", {})).replace("' or '", "' atau '")


def _check_unique(report: _Report, path: Path, rows: list, key: str | None, what: str) -> None:
    """rows are (index, value) of the list at path; key names the value inside a row."""
    seen = set()
    for index, value in rows:
        if value in seen:
            where = (*path, index, key) if key else (*path, index)
            report.add(where, f"{what} '{value}' ditulis lebih dari sekali")
        seen.add(value)


def _check_offices(org: OrgFile, report: _Report) -> None:
    _check_unique(report, ("kantor",), [(i, k.kode) for i, k in org.kantor], "kode", "kode")
    for index, kantor in org.kantor:
        path = ("kantor", index)
        for key, attribute in (("jabatan", "kode"), ("buku_register", "kode"), ("desa", "nama")):
            rows = [(i, getattr(row, attribute)) for i, row in enumerate(getattr(kantor, key))]
            _check_unique(report, (*path, key), rows, attribute, attribute)
        admins = list(enumerate(kantor.pengelola))
        _check_unique(report, (*path, "pengelola"), admins, None, "pengelola")


def _check_people(org: OrgFile, known: "_Known", report: _Report) -> None:
    rows = [(i, p.username) for i, p in org.pegawai]
    _check_unique(report, ("pegawai",), rows, "username", "username")
    for index, kantor in org.kantor:
        for position, name in enumerate(kantor.pengelola):
            if name not in known.usernames:
                report.add(
                    ("kantor", index, "pengelola", position),
                    f"pegawai '{name}' tidak ada di berkas maupun di basis data",
                )


def _stored_usernames(names: set[str]) -> set[str]:
    users = get_user_model().objects.filter(username__in=names)
    return set(users.values_list("username", flat=True))


@dataclass
class _Known:
    """What a row may name: rows written in the file (even broken ones) and rows stored."""

    usernames: set[str]
    positions: dict[str, set[str]]  # office kode -> position kodes

    @classmethod
    def of(cls, org: OrgFile, data: dict) -> "_Known":
        usernames = _raw_values(data.get("pegawai"), "username")
        positions: dict[str, set[str]] = {}
        for row in data.get("kantor") if isinstance(data.get("kantor"), list) else []:
            if isinstance(row, dict) and isinstance(row.get("kode"), str):
                kodes = _raw_values(row.get("jabatan"), "kode")
                positions.setdefault(row["kode"], set()).update(kodes)
        named = {a.kantor for _i, a in org.penugasan}
        for slug, kode in Position.objects.filter(office__slug__in=named).values_list(
            "office__slug", "kode"
        ):
            positions.setdefault(slug, set()).add(kode)
        for slug in Office.objects.filter(slug__in=named).values_list("slug", flat=True):
            positions.setdefault(slug, set())
        admins = {name for _i, kantor in org.kantor for name in kantor.pengelola}
        people = ({a.pegawai for _i, a in org.penugasan} | admins) - usernames
        return cls(usernames | _stored_usernames(people), positions)


def _raw_values(rows: Any, key: str) -> set[str]:
    """The key's text in each mapping of a list, whether or not the row is valid."""
    if not isinstance(rows, list):
        return set()
    return {row[key] for row in rows if isinstance(row, dict) and isinstance(row.get(key), str)}


def _check_assignments(org: OrgFile, known: _Known, report: _Report) -> None:
    _check_repeated_assignments(org, report)
    for index, row in org.penugasan:
        path = ("penugasan", index)
        if row.pegawai not in known.usernames:
            report.add(
                (*path, "pegawai"),
                f"pegawai '{row.pegawai}' tidak ada di berkas maupun di basis data",
            )
        if row.kantor not in known.positions:
            report.add(
                (*path, "kantor"), f"kantor '{row.kantor}' tidak ada di berkas maupun di basis data"
            )
        elif row.jabatan not in known.positions[row.kantor]:
            report.add((*path, "jabatan"), _unknown_position(row, known))
        if row.sampai is not None and row.sampai < row.mulai:
            report.add((*path, "sampai"), f"tanggal sampai sebelum tanggal mulai ({row.mulai})")
        if row.jabatan_sendiri and row.jenis != "an":
            report.add((*path, "jabatan_sendiri"), "hanya untuk jenis 'an' (atas nama)")
    _check_overlaps(org, report)


def _check_repeated_assignments(org: OrgFile, report: _Report) -> None:
    first: dict[tuple, int] = {}
    for index, row in org.penugasan:
        identity = (*_identity(row), row.jenis)
        if identity in first:
            report.add(
                ("penugasan", index),
                f"sama dengan penugasan ke-{first[identity] + 1} "
                "(pegawai, kantor, jabatan, jenis dan mulai sama)",
            )
        first.setdefault(identity, index)


def _unknown_position(row: Penugasan, known: _Known) -> str:
    kodes = ", ".join(sorted(known.positions[row.kantor])) or "belum ada jabatan"
    return f"jabatan '{row.jabatan}' tidak ada di kantor '{row.kantor}' ({kodes})"


def _check_overlaps(org: OrgFile, report: _Report) -> None:
    """Two definitif holders of one position on the same day, in the file or with a stored one."""
    definitif = [(i, row) for i, row in org.penugasan if row.jenis == "definitif"]
    unique = {_identity(row): (i, row) for i, row in reversed(definitif)}  # first of repeats
    rows = sorted(unique.values(), key=lambda pair: pair[0])
    if not rows:
        return
    written = set(unique)
    held: dict[tuple[str, str], list[tuple[str, datetime.date, datetime.date | None, str]]] = {}
    for stored in _stored_definitif({row.kantor for _i, row in rows}):
        if stored[:4] not in written:
            held.setdefault(stored[:2], []).append((*stored[2:], "yang sudah tersimpan"))
    for index, row in rows:
        spans = held.setdefault((row.kantor, row.jabatan), [])
        for username, starts, ends, where in spans:
            if _overlap(row.mulai, row.sampai, starts, ends):
                report.add(
                    ("penugasan", index, "mulai"),
                    f"bertumpang tindih dengan penugasan definitif '{username}' "
                    f"mulai {starts} {where}; satu jabatan hanya satu pejabat definitif",
                )
                break
        spans.append((row.pegawai, row.mulai, row.sampai, f"di penugasan ke-{index + 1}"))


def _identity(row: Penugasan) -> tuple:
    return (row.kantor, row.jabatan, row.pegawai, row.mulai)


def _stored_definitif(slugs: set[str]) -> list[tuple]:
    """(office, position, username, starts, ends) of stored definitif assignments."""
    rows = Assignment.objects.filter(kind="definitif", position__office__slug__in=slugs)
    return list(
        rows.values_list(
            "position__office__slug", "position__kode", "user__username", "starts_on", "ends_on"
        )
    )


def _overlap(starts, ends, other_starts, other_ends) -> bool:
    return (other_ends is None or starts <= other_ends) and (ends is None or other_starts <= ends)
