"""Between the studio's forms and an SOP's text: the YAML the forms make, the forms' initial
values read back from a text, and where a problem of check_text belongs on the forms."""

import contextlib
import re

import yaml
from pydantic import ValidationError

from tertib.sop.definition import LABELS, Definition
from tertib.sop.yamlsource import SourceError, read_source

LIST_KEYS = (
    "dasar_hukum",
    "kualifikasi_pelaksana",
    "keterkaitan",
    "peralatan_perlengkapan",
    "peringatan",
    "pencatatan_pendataan",
)
KANTOR_KEYS = ("pemda", "nama", "alamat", "telepon", "faks", "email", "kota", "kode_unit")
PEJABAT_KEYS = ("jabatan", "nama", "pangkat", "nip")
AKSI_FLAGS = ("periksa_persyaratan", "konfirmasi_sandi", "serah_terima", "kirim", "tolak")
AKSI_LISTS = ("dokumen", "periksa")


def to_text(data: dict) -> str:
    """The SOP text of the data: the Definition's own dump when it is valid (so defaults are
    left out and the keys come in the format's order), else the data as written, so that
    check_text can say what is wrong and where."""
    with contextlib.suppress(ValidationError):
        data = Definition.model_validate(data).model_dump(exclude_defaults=True)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _blank(value):
    return value if value not in ("", None) else None


def sop_data(
    *,
    kode: str,
    identity: dict,
    pelaksana: list,
    langkah: list,
    formulir: list,
    syarat: list,
    logo: str | None,
) -> dict:
    """The SOP as data, from the cleaned forms (rows in the order the user put them)."""
    kantor = {key: _blank(identity[f"kantor_{key}"]) for key in KANTOR_KEYS}
    data: dict = {"kode": kode, "kantor": {**kantor, "logo": logo}}
    if identity["judul_sampul"]:
        data["judul_sampul"] = identity["judul_sampul"]
    for key in ("nomor", "tanggal_pembuatan", "tanggal_revisi", "tanggal_efektif"):
        data[key] = _blank(identity[key])
    data["disahkan_oleh"] = {key: _blank(identity[f"disahkan_{key}"]) for key in PEJABAT_KEYS}
    data["nama"] = identity["nama"]
    labels = {key: identity[f"label_{key}"] for key in LABELS if identity[f"label_{key}"]}
    if labels:
        data["label"] = labels
    data.update({key: lines(identity[key]) for key in LIST_KEYS})
    data["pelaksana"] = [{"kode": row["kode"], "nama": row["nama"]} for row in pelaksana]
    data["langkah"], aksi = _steps(langkah)
    data["layanan"] = {
        "formulir": [_isian(row) for row in formulir],
        "persyaratan": [
            {"kode": row["kode"], "nama": row["nama"], "wajib": row["wajib"] == "ya"}
            for row in syarat
        ],
        "aksi": aksi,
        "teks_pengesahan": _blank(identity["teks_pengesahan"]),
    }
    return data


def _isian(row: dict) -> dict:
    isian = {key: row[key] for key in ("kode", "label", "jenis")}
    isian.update(wajib=row["wajib"] == "ya", rahasia=row["rahasia"], subjek=row["subjek"])
    if row["panjang"]:
        isian["panjang"] = row["panjang"]
    return isian


def step_numbers(rows: list[dict]) -> list[int]:
    """Numbers for the rows in their new order: kept while they still rise (a new row takes the
    one after the row above), else 1, 2, 3, … ."""
    numbers, previous = [], 0
    for row in rows:
        number = row["no"] or previous + 1
        numbers.append(number)
        previous = number
    if all(a < b for a, b in zip(numbers, numbers[1:], strict=False)):
        return numbers
    return list(range(1, len(rows) + 1))


def _steps(rows: list[dict]) -> tuple[list[dict], dict]:
    numbers = step_numbers(rows)
    moved = {row["no"]: new for row, new in zip(rows, numbers, strict=True) if row["no"]}
    steps, aksi = [], {}
    # Numbers that now belong to another step than the one they named: only when rows moved.
    taken = set(numbers) if any(old != new for old, new in moved.items()) else set()
    for row, number in zip(rows, numbers, strict=True):
        steps.append(_step(row, number, moved, taken))
        action = _aksi(row)
        if action:
            aksi[str(number)] = action
    return steps, aksi


def _target(value, moved: dict, taken: set[int]):
    """The target's new number. A number no kept row had (a deleted step, a slip) stays as typed
    so that the check names it; unless the renumbering gave it to another step (taken), which
    would rewire the flow without a word: then it stays visibly the old, gone step."""
    if not isinstance(value, int):
        return value
    if value in moved:
        return moved[value]
    return f"langkah {value} (dihapus)" if value in taken else value


def _step(row: dict, number: int, moved: dict, taken: set[int]) -> dict:
    step: dict = {"no": number, "kegiatan": row["kegiatan"], "pelaksana": row["pelaksana"]}
    if row["jenis"] == "keputusan":
        step.update(jenis="keputusan", pertanyaan=_blank(row["pertanyaan"]))
        step.update(ya=_target(row["ya"], moved, taken), tidak=_target(row["tidak"], moved, taken))
    elif row["lanjut"] is not None:
        step["lanjut"] = _target(row["lanjut"], moved, taken)
    step["mutu_baku"] = {
        "kelengkapan": lines(row["kelengkapan"]),
        "waktu": row["waktu"],
        "output": _blank(row["output"]),
    }
    if row["keterangan"]:
        step["keterangan"] = row["keterangan"]
    return step


def _aksi(row: dict) -> dict:
    aksi = {flag: True for flag in AKSI_FLAGS if row[flag]}
    for key in ("buku_register", "tombol"):
        if row.get(key):
            aksi[key] = row[key]
    aksi.update({key: list(row[key]) for key in AKSI_LISTS if row[key]})
    return aksi


def skeleton(office, *, kode: str, nama: str) -> dict:
    """A new SOP's first draft: the office's letterhead, the name, everything else to fill."""
    kantor = {
        "pemda": office.pemda or None,
        "nama": office.name.upper(),
        "alamat": office.address or None,
        "telepon": office.phone or None,
        "email": office.email or None,
        "kode_unit": office.unit_code or None,
        "logo": None,
        "kota": office.city or None,
    }
    data = {"kode": kode, "kantor": kantor}
    data.update(dict.fromkeys(("nomor", "tanggal_pembuatan", "tanggal_revisi", "tanggal_efektif")))
    data["disahkan_oleh"] = dict.fromkeys(PEJABAT_KEYS)
    data["nama"] = nama
    data.update({key: [] for key in LIST_KEYS})
    return {**data, "pelaksana": [], "langkah": []}


# --- from text to the forms' initial values ---------------------------------------------------


def read_data(text: str) -> dict:
    """The text's data, normalised by the Definition when it is valid; {} when unreadable."""
    try:
        data = read_source(text).data
    except SourceError:
        return {}
    if not isinstance(data, dict):
        return {}
    try:
        return Definition.model_validate(data).model_dump()
    except ValidationError:
        return data


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _text(value) -> str:
    return "\n".join(str(item) for item in _as_list(value))


def _get(data, key, default=None):
    return data.get(key, default) if isinstance(data, dict) else default


def initial(text: str) -> dict:
    """The forms' initial values for a draft's text."""
    data = read_data(text)
    kantor, pejabat = _get(data, "kantor", {}), _get(data, "disahkan_oleh", {})
    layanan = _get(data, "layanan", {}) or {}
    identity = {key: _get(data, key) for key in ("nama", "judul_sampul", "nomor")}
    for key in ("tanggal_pembuatan", "tanggal_revisi", "tanggal_efektif"):
        identity[key] = _get(data, key)
    identity.update({f"kantor_{key}": _get(kantor, key) for key in KANTOR_KEYS})
    identity.update({f"disahkan_{key}": _get(pejabat, key) for key in PEJABAT_KEYS})
    identity.update({f"label_{key}": _get(_get(data, "label", {}), key) for key in LABELS})
    identity.update({key: _text(_get(data, key)) for key in LIST_KEYS})
    identity["teks_pengesahan"] = _get(layanan, "teks_pengesahan")
    aksi = _get(layanan, "aksi", {}) or {}
    return {
        "kode": _get(data, "kode"),
        "logo": _get(kantor, "logo"),
        "identity": identity,
        "pelaksana": [_row(p, ("kode", "nama")) for p in _as_list(_get(data, "pelaksana"))],
        "langkah": [_step_initial(s, aksi) for s in _as_list(_get(data, "langkah"))],
        "formulir": [_isian_initial(i) for i in _as_list(_get(layanan, "formulir"))],
        "syarat": [_syarat_initial(s) for s in _as_list(_get(layanan, "persyaratan"))],
    }


def _row(data, keys) -> dict:
    return {key: _get(data, key) for key in keys}


def _step_initial(step, aksi: dict) -> dict:
    row = _row(step, ("no", "kegiatan", "pertanyaan", "keterangan"))
    row["jenis"] = _get(step, "jenis") or "proses"
    row.update({key: _get(step, key) for key in ("ya", "tidak", "lanjut")})
    mutu = _get(step, "mutu_baku", {})
    row.update(kelengkapan=_text(_get(mutu, "kelengkapan")), waktu=_get(mutu, "waktu"))
    row["output"] = _get(mutu, "output")
    for position, kode in enumerate(_as_list(_get(step, "pelaksana"))):
        row[f"pelaksana_{position + 1}"] = kode
    action = _get(aksi, str(_get(step, "no")), {}) or {}
    row.update({flag: bool(_get(action, flag)) for flag in AKSI_FLAGS})
    row["buku_register"] = _get(action, "buku_register") or ""
    row["tombol"] = _get(action, "tombol") or ""
    row.update({key: _as_list(_get(action, key)) for key in AKSI_LISTS})
    return row


def _isian_initial(isian) -> dict:
    row = _row(isian, ("kode", "label", "panjang"))
    row["jenis"] = _get(isian, "jenis") or "teks"
    row["wajib"] = "ya" if _get(isian, "wajib", True) else "tidak"
    row.update(rahasia=bool(_get(isian, "rahasia")), subjek=bool(_get(isian, "subjek")))
    return row


def _syarat_initial(syarat) -> dict:
    row = _row(syarat, ("kode", "nama"))
    row["wajib"] = "ya" if _get(syarat, "wajib", True) else "tidak"
    return row


# --- where a problem belongs ------------------------------------------------------------------

_PART = re.compile(r"^(.*) ke-(\d+)$")


def problem_path(field: str) -> tuple:
    """'langkah ke-3 › mutu_baku › waktu' -> ('langkah', 2, 'mutu_baku', 'waktu')."""
    path: list = []
    for part in field.split(" › ") if field else []:
        match = _PART.match(part)
        path += [match.group(1), int(match.group(2)) - 1] if match else [part]
    return tuple(path)


def form_field(field: str, step_index: dict[str, int]) -> str:
    """The name of the form field a problem concerns ('' when it concerns the whole SOP);
    step_index gives each step number's row, for the aksi of a step."""
    path = problem_path(field)
    if not path:
        return ""
    head, rest = path[0], path[1:]
    if head == "langkah":
        return _step_field(rest)
    if head == "pelaksana":
        return "pelaksana" if not rest else f"pelaksana-{rest[0]}-{_last(rest, 'kode')}"
    if head == "layanan":
        return _layanan_field(rest, step_index)
    if head in ("disahkan_oleh", "kantor", "label") and rest:
        prefix = {"disahkan_oleh": "disahkan", "kantor": "kantor", "label": "label"}[head]
        return f"sop-{prefix}_{rest[0]}"
    return f"sop-{head}" if head in (*LIST_KEYS, *LABELS, "judul_sampul") else ""


def _last(rest: tuple, default: str) -> str:
    names = [part for part in rest if isinstance(part, str)]
    return names[-1] if names else default


def _step_field(rest: tuple) -> str:
    if not rest:
        return "langkah"
    prefix = f"langkah-{rest[0]}"
    tail = rest[1:]
    if not tail:
        return prefix
    if tail[0] == "pelaksana":
        return f"{prefix}-pelaksana_{(tail[1] if len(tail) > 1 else 0) + 1}"
    if tail[0] == "mutu_baku":
        return f"{prefix}-{tail[1] if len(tail) > 1 else 'waktu'}"
    return f"{prefix}-{tail[0]}"


def _layanan_field(rest: tuple, step_index: dict[str, int]) -> str:
    if not rest:
        return ""
    if rest[0] == "teks_pengesahan":
        return "sop-teks_pengesahan"
    if rest[0] in ("formulir", "persyaratan") and len(rest) > 1:
        prefix = "formulir" if rest[0] == "formulir" else "syarat"
        return f"{prefix}-{rest[1]}-{_last(rest[2:], 'kode')}"
    if rest[0] == "aksi" and len(rest) > 1 and str(rest[1]) in step_index:
        row = f"langkah-{step_index[str(rest[1])]}"
        return f"{row}-{rest[2]}" if len(rest) > 2 else row
    return ""
