"""Check an org file in the style of sop_check: every problem with file, line and field.

Every row is checked against the file and against what the database already holds; loading.py
stores a file only when no problem is found.
"""

import datetime
from dataclasses import dataclass, field
from pathlib import Path as FilePath
from typing import Any

from django.contrib.auth import get_user_model
from pydantic import ValidationError

from tertib.org.models import Assignment, Office, Position
from tertib.org.orgformat import ROW_MESSAGES, SECTIONS, Kantor, Pegawai, Penugasan, Strict
from tertib.org.sopfit import sop_gaps
from tertib.sop.validation import Problem, field_name
from tertib.sop.yamlsource import Path, Source, SourceError, read_source

MAX_BYTES = 2 * 1024 * 1024


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
    warnings: list[Problem] = field(default_factory=list)


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
    if problems:
        return Checked(None, problems)
    warnings = [report.problem(path, message) for path, message in sop_gaps(org.kantor)]
    return Checked(org, [], warnings)


class _Report:
    def __init__(self, file: str, source: Source):
        self.file, self.source, self.problems = file, source, []

    def add(self, path: Path, message: str) -> None:
        self.problems.append(self.problem(path, message))

    def problem(self, path: Path, message: str) -> Problem:
        return Problem(self.file, self.source.line_of(path), field_name(path), message)


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
    template = ROW_MESSAGES.get(item["type"], item["msg"])
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
