"""Check an SOP file: every problem in Indonesian, with file, line and field."""

from collections import deque
from dataclasses import dataclass, field
from pathlib import Path as FilePath

from pydantic import ValidationError

from tertib.lib.durations import WaktuError, parse_waktu
from tertib.sop import services
from tertib.sop.definition import (
    PEMOHON,
    SELESAI,
    Definition,
    Langkah,
    Pelaksana,
    flow_edges,
)
from tertib.sop.yamlsource import Path, Source, SourceError, read_source

LOGO_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
LOGO_MAX_BYTES = 512 * 1024
# Sane bounds: a real SOP has a few dozen steps and short texts; beyond these a file is a
# mistake or an attack, and is refused with one message.
MAX_FILE_BYTES = 256 * 1024
MAX_STEPS = 100
MAX_TEXT = 2000
# Names the step form uses: an intake field may not take them (nor the ada_/scan_ prefixes).
RESERVED_FIELDS = {
    *("record", "catatan", "keputusan", "password", "ada", "penerima"),
    *("diserahkan_kepada", "tanggal_kirim", "nomor_tanda_terima"),
}

MESSAGES = {
    "missing": "wajib ada (tulis kuncinya walau isinya kosong)",
    "extra_forbidden": "kunci tidak dikenal",
    "string_type": "harus berupa teks",
    "int_type": "harus berupa bilangan bulat",
    "greater_than": "harus lebih besar dari {gt}",
    "less_than_equal": "paling besar {le}",
    "list_type": "harus berupa daftar",
    "dict_type": "harus berupa pemetaan (kunci: nilai)",
    "model_type": "harus berupa pemetaan (kunci: nilai)",
    "model_attributes_type": "harus berupa pemetaan (kunci: nilai)",
    "date_type": "harus berupa tanggal dengan format TTTT-BB-HH, misalnya 2023-06-05",
    "literal_error": "harus salah satu dari: {expected}",
    "string_pattern_mismatch": "hanya boleh huruf kecil, angka, '-' dan '_', diawali huruf",
    "too_short": "tidak boleh kosong",
}


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


@dataclass
class Checked:
    definition: Definition | None
    problems: list[Problem]
    source: Source | None = None
    warnings: list[Problem] = field(default_factory=list)  # printed, but the file is good


def field_name(path: Path) -> str:
    """('langkah', 2, 'mutu_baku', 'waktu') -> 'langkah ke-3 › mutu_baku › waktu'."""
    return " › ".join(f"ke-{part + 1}" if isinstance(part, int) else part for part in path).replace(
        " › ke-", " ke-"
    )


def check_text(
    text: str, *, file: str, base_dir: FilePath | None = None, office_slug: str | None = None
) -> Checked:
    """Validate SOP YAML text; base_dir resolves the logo path when given; office_slug names
    the office whose positions and register books the file must use, once that office exists."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        message = f"berkas lebih dari {MAX_FILE_BYTES // 1024} KB; SOP sebesar ini tidak wajar"
        return Checked(None, [Problem(file, None, "", message)])
    try:
        source = read_source(text)
    except SourceError as error:
        return Checked(None, [Problem(file, error.line, "", error.message)])
    if not isinstance(source.data, dict):
        return Checked(
            None, [Problem(file, 1, "", "isi berkas harus berupa pemetaan (kunci: nilai)")]
        )
    report = _Report(file, source)
    steps = source.data.get("langkah")
    if isinstance(steps, list) and len(steps) > MAX_STEPS:
        report.add(("langkah",), f"{len(steps)} langkah; paling banyak {MAX_STEPS} langkah")
        return Checked(None, report.problems, source)
    _check_lengths(source.data, (), report)
    definition = None
    try:
        definition = Definition.model_validate(source.data)
    except ValidationError as error:
        report.problems += _schema_problems(error, source, file)
    _check_flow(*_flow_parts(definition, source.data), report)
    if definition is not None:
        _check_layanan(definition, report)
        _check_office(definition, office_slug, report)
        _warn_blank(definition, report)
    if definition is not None and base_dir is not None:
        _check_logo(definition, base_dir, report)
    problems = sorted(report.problems, key=lambda problem: problem.line or 0)
    return Checked(definition if not problems else None, problems, source, report.warnings)


def _flow_parts(definition: Definition | None, data: dict):
    """The pelaksana kodes and the steps that parse, so flow checks run despite other errors.

    Returns (kodes or None, [(index, step)], whether every step parsed).
    """
    if definition is not None:
        return [p.kode for p in definition.pelaksana], list(enumerate(definition.langkah)), True
    kodes = None
    if isinstance(data.get("pelaksana"), list):
        parsed = [_parse(Pelaksana, item) for item in data["pelaksana"]]
        kodes = [p.kode for p in parsed if p is not None] if all(parsed) else None
    raw = data.get("langkah") if isinstance(data.get("langkah"), list) else []
    steps = [(index, _parse(Langkah, item)) for index, item in enumerate(raw)]
    parsed_steps = [(index, step) for index, step in steps if step is not None]
    return kodes, parsed_steps, bool(raw) and len(parsed_steps) == len(raw)


def _parse(model, item):
    try:
        return model.model_validate(item)
    except ValidationError:
        return None


def check_file(path: FilePath, *, office_slug: str | None = None) -> Checked:
    """Check a file; with office_slug (sop_check and sop_load pass its folder's name), also the
    positions and register books of that office."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            message = f"berkas lebih dari {MAX_FILE_BYTES // 1024} KB; SOP sebesar ini tidak wajar"
            return Checked(None, [Problem(str(path), None, "", message)])
        content = path.read_bytes()
    except OSError as error:
        return Checked(None, [Problem(str(path), None, "", f"berkas tidak dapat dibaca: {error}")])
    text, problem = decode(content, file=str(path))
    if problem is not None:
        return Checked(None, [problem])
    return check_text(text, file=str(path), base_dir=path.parent, office_slug=office_slug)


def decode(content: bytes, *, file: str) -> tuple[str, Problem | None]:
    """The file's text, or where its bytes are not UTF-8: line, field and column."""
    try:
        return content.decode("utf-8"), None
    except UnicodeDecodeError as error:
        before = content[: error.start]
        line = before.count(b"\n") + 1
        row = before.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")
        key = row.split(":", 1)[0].strip(" -") if ":" in row else ""
        column = len(row) + 1
        message = (
            f"berkas bukan teks UTF-8: bita 0x{content[error.start]:02x} pada kolom {column} "
            "tidak sah (simpan ulang berkas sebagai UTF-8)"
        )
        return "", Problem(file, line, key, message)


def _schema_problems(error: ValidationError, source: Source, file: str) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        path = tuple(item["loc"])
        if item["type"] == "value_error":
            message = str(item["ctx"]["error"])
        else:
            template = MESSAGES.get(item["type"], item["msg"])
            message = template.format(**item.get("ctx", {})).replace("' or '", "' atau '")
        problems.append(Problem(file, source.line_of(path), field_name(path), message))
    return problems


class _Report:
    def __init__(self, file: str, source: Source):
        self.file, self.source, self.problems, self.warnings = file, source, [], []

    def add(self, path: Path, message: str) -> None:
        line = self.source.line_of(path)
        self.problems.append(Problem(self.file, line, field_name(path), message))

    def warn(self, path: Path, message: str) -> None:
        line = self.source.line_of(path)
        self.warnings.append(Problem(self.file, line, field_name(path), message))


def _check_lengths(data, path: Path, report: _Report) -> None:
    """Every text at most MAX_TEXT characters: one message per overlong text."""
    if isinstance(data, str) and len(data) > MAX_TEXT:
        report.add(path, f"teks terlalu panjang ({len(data)} huruf; paling banyak {MAX_TEXT})")
    elif isinstance(data, dict):
        for key, value in data.items():
            _check_lengths(value, (*path, key), report)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            _check_lengths(value, (*path, index), report)


def _check_flow(known, steps: list[tuple[int, Langkah]], complete: bool, report) -> None:
    """Per-step checks on every step that parses; path checks when all of them do."""
    if known is not None:
        _check_unique(report, ("pelaksana",), known, "kode")
    _check_unique(report, ("langkah",), [s.no for _i, s in steps], "no")
    numbers = {step.no for _i, step in steps}
    before = len(report.problems)
    previous = 0
    for index, step in steps:
        path = ("langkah", index)
        if step.no <= previous:
            report.add((*path, "no"), f"nomor langkah harus urut naik (sesudah {previous})")
        previous = max(previous, step.no)
        _check_step(step, path, known, numbers, report)
    if complete and known is not None and len(report.problems) == before:
        _check_paths([step for _i, step in steps], report)


def _check_step(step: Langkah, path: Path, known, numbers: set, report: _Report) -> None:
    try:
        if len(step.mutu_baku.waktu) <= MAX_TEXT:  # an overlong one is reported as such
            parse_waktu(step.mutu_baku.waktu)
    except WaktuError as error:
        report.add((*path, "mutu_baku", "waktu"), str(error))
    if len(set(step.pelaksana)) < len(step.pelaksana):
        report.add((*path, "pelaksana"), "pelaksana yang sama ditulis dua kali")
    for position, kode in enumerate(step.pelaksana):
        if known is not None and kode not in known:
            where = (
                (*path, "pelaksana", position) if len(step.pelaksana) > 1 else (*path, "pelaksana")
            )
            report.add(
                where, f"pelaksana '{kode}' tidak ada di daftar pelaksana ({', '.join(known)})"
            )
    _check_kind(step, path, report)
    if step.jenis == "keputusan" and step.ya is not None and step.ya == step.tidak:
        report.add((*path, "tidak"), "'ya' dan 'tidak' tidak boleh menuju tempat yang sama")
    for key, target in (("ya", step.ya), ("tidak", step.tidak), ("lanjut", step.lanjut)):
        if isinstance(target, int) and target not in numbers:
            report.add((*path, key), f"langkah {target} tidak ada")
        elif target == step.no:
            report.add((*path, key), "langkah tidak boleh menuju dirinya sendiri")


def _check_layanan(definition: Definition, report: _Report) -> None:
    layanan, numbers = definition.layanan, {str(step.no) for step in definition.langkah}
    _check_unique(report, ("layanan", "formulir"), [f.kode for f in layanan.formulir], "kode")
    _check_unique(report, ("layanan", "persyaratan"), [s.kode for s in layanan.persyaratan], "kode")
    _check_names(report, ("layanan", "formulir"), [f.jenis for f in layanan.formulir], "fields")
    for index, isian in enumerate(layanan.formulir):
        if isian.kode in RESERVED_FIELDS or isian.kode.startswith(("ada_", "scan_")):
            report.add(
                ("layanan", "formulir", index, "kode"),
                f"kode '{isian.kode}' dipakai formulir langkah; pilih kode lain",
            )
    for key, aksi in layanan.aksi.items():
        path = ("layanan", "aksi", key)
        if key not in numbers:
            report.add(path, f"langkah {key} tidak ada")
        _check_names(report, (*path, "periksa"), aksi.periksa, "checks")
        _check_names(report, (*path, "dokumen"), aksi.dokumen, "documents")
        if aksi.periksa_persyaratan and not layanan.persyaratan:
            report.add((*path, "periksa_persyaratan"), "SOP ini tidak punya daftar persyaratan")


KINDS = {"checks": "pemeriksaan", "documents": "dokumen", "fields": "jenis isian"}


def _check_names(report: _Report, path: Path, used: list[str], kind: str) -> None:
    """Every name must be one a service registered; the message lists the ones there are."""
    known = services.names(kind)
    for index, name in enumerate(used):
        if name not in known:
            where = (*path, index) if kind != "fields" else (*path, index, "jenis")
            offered = ", ".join(sorted(known)) or "belum ada"
            report.add(where, f"{KINDS[kind]} '{name}' tidak dikenal (yang ada: {offered})")


def _check_office(definition: Definition, office_slug: str | None, report: _Report) -> None:
    """Once the office exists, its positions must cover the pelaksana and its register books the
    books the steps write in; before that, say these could not be checked yet."""
    from django.apps import apps
    from django.db import DatabaseError

    if not office_slug:
        return
    try:
        office = apps.get_model("org", "Office").objects.filter(slug=office_slug).first()
    except DatabaseError:  # sop_check on a machine whose database is not migrated yet
        office, why = None, "basis data belum disiapkan (manage.py migrate)"
    else:
        why = f"kantor '{office_slug}' belum dimuat (manage.py org_load)"
    if office is None:
        report.warn(("kantor",), f"{why}: jabatan pelaksana dan buku register belum diperiksa")
        return
    positions = set(office.positions.values_list("kode", flat=True))
    for index, pelaksana in enumerate(definition.pelaksana):
        if pelaksana.kode not in positions:
            report.add(
                ("pelaksana", index, "kode"),
                f"kantor {office.name} tidak punya jabatan '{pelaksana.kode}' "
                f"(yang ada: {', '.join(sorted(positions)) or 'belum ada'})",
            )
    books = set(
        apps.get_model("cases", "Register")
        .objects.filter(office=office)
        .values_list("kode", flat=True)
    )
    for key, aksi in definition.layanan.aksi.items():
        if aksi.buku_register and aksi.buku_register not in books:
            report.add(
                ("layanan", "aksi", key, "buku_register"),
                f"buku register '{aksi.buku_register}' belum ada di kantor {office.name} "
                f"(yang ada: {', '.join(sorted(books)) or 'belum ada'})",
            )


def _warn_blank(definition: Definition, report: _Report) -> None:
    for key in ("nomor", "tanggal_pembuatan", "tanggal_efektif"):
        if not getattr(definition, key):
            report.warn((key,), f"{definition.label_of(key)} belum diisi")


def _check_unique(report: _Report, path: Path, values: list, key: str) -> None:
    seen = set()
    for index, value in enumerate(values):
        if value in seen:
            report.add((*path, index, key), f"{key} '{value}' dipakai lebih dari sekali")
        seen.add(value)


def _check_kind(step, path: Path, report: _Report) -> None:
    if step.jenis == "keputusan":
        for key in ("pertanyaan", "ya", "tidak"):
            if getattr(step, key) is None:
                report.add((*path, key), f"langkah keputusan wajib mengisi '{key}'")
        if len(step.pelaksana) > 1:
            report.add((*path, "pelaksana"), "langkah keputusan hanya boleh satu pelaksana")
        if step.lanjut is not None:
            report.add(
                (*path, "lanjut"), "langkah keputusan memakai 'ya' dan 'tidak', bukan 'lanjut'"
            )
    else:
        for key in ("pertanyaan", "ya", "tidak"):
            if getattr(step, key) is not None:
                report.add((*path, key), f"'{key}' hanya untuk langkah berjenis keputusan")


def _check_paths(langkah: list[Langkah], report: _Report) -> None:
    # Back to the applicant is no way out: the applicant returns to the same step. So every
    # step must reach the end (selesai) itself.
    graph: dict[int | str, set[int | str]] = {SELESAI: set()}
    for source, _label, target in flow_edges(langkah):
        graph.setdefault(source, set()).add(source if target == PEMOHON else target)
    reached = _reachable(graph, langkah[0].no)
    index_of = {step.no: index for index, step in enumerate(langkah)}
    for step in langkah:
        if step.no not in reached:
            report.add(("langkah", index_of[step.no]), f"langkah {step.no} tidak pernah dicapai")
        elif not _reaches_exit(graph, step.no):
            report.add(
                ("langkah", index_of[step.no]),
                f"dari langkah {step.no} tidak ada jalan sampai selesai "
                "(putaran tanpa jalan keluar, atau hanya kembali ke pemohon)",
            )
    if SELESAI not in reached:
        report.add(("langkah",), "tidak ada jalur yang sampai ke akhir (selesai)")


def _reaches_exit(graph: dict, start: int | str) -> bool:
    return SELESAI in _reachable(graph, start)


def _reachable(graph: dict, start: int | str) -> set:
    seen, queue = {start}, deque([start])
    while queue:
        for target in graph.get(queue.popleft(), ()):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def _check_logo(definition: Definition, base_dir: FilePath, report: _Report) -> None:
    if not definition.kantor.logo:
        return
    path = ("kantor", "logo")
    content = read_logo(base_dir, definition.kantor.logo)
    if content is None:
        # the same answer for a missing file, an unreadable one and one outside the SOP folder,
        # so that a draft cannot probe the server's files
        report.add(path, f"berkas logo '{definition.kantor.logo}' tidak ditemukan")
        return
    if len(content) > LOGO_MAX_BYTES:
        report.add(path, f"berkas logo lebih dari {LOGO_MAX_BYTES // 1024} KB")
    elif logo_type(content) is None:
        report.add(path, "berkas logo harus SVG, PNG atau JPEG")


def sop_root(base_dir: FilePath) -> FilePath:
    """The SOP folder a file's logo must lie in: TERTIB_SOP_DIR for the files kept there, else
    the folder above the file's office folder (an import from elsewhere)."""
    from django.conf import settings

    folder, root = base_dir.resolve(), FilePath(settings.SOP_DIR).resolve()
    return root if folder.is_relative_to(root) else folder.parent


def read_logo(base_dir: FilePath, logo: str) -> bytes | None:
    """The logo's bytes when it is a relative path to a regular file inside the SOP folder
    (links resolved first); None otherwise."""
    if FilePath(logo).is_absolute() or "\0" in logo:
        return None
    target = (base_dir / logo).resolve()
    if not target.is_relative_to(sop_root(base_dir)) or not target.is_file():
        return None
    try:
        return target.read_bytes()[: LOGO_MAX_BYTES + 1]
    except OSError:
        return None


def logo_type(content: bytes) -> str | None:
    """The MIME type of a logo, judged by its content, not its name."""
    for magic, mime in LOGO_TYPES.items():
        if content.startswith(magic):
            return mime
    head = content[:512].lstrip().lower()
    if head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in content[:2048]):
        return "image/svg+xml"
    return None
