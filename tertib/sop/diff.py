"""Two versions of an SOP side by side: identity fields and steps, times compared."""

from dataclasses import dataclass

from tertib.lib.durations import WaktuError, parse_waktu
from tertib.sop.definition import LABELS, Definition, Langkah
from tertib.sop.drafting import LIST_KEYS

IDENTITY_KEYS = ("nama", "nomor", "tanggal_pembuatan", "tanggal_revisi", "tanggal_efektif")
# Only to say which of two times is longer; office days are about eight hours.
MINUTES = {"menit": 1, "jam": 60, "hari": 480, "hari kerja": 480}


@dataclass
class Row:
    label: str
    old: str
    new: str

    @property
    def changed(self) -> bool:
        return self.old != self.new


@dataclass
class StepRow:
    no: int
    old: Langkah | None
    new: Langkah | None
    time_change: str  # "lebih-lama", "lebih-cepat" or ""

    @property
    def changed(self) -> bool:
        return self.old != self.new


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(value)
    return str(value)


def _pejabat(definition: Definition) -> str:
    pejabat = definition.disahkan_oleh
    return "\n".join(v for v in (pejabat.jabatan, pejabat.nama, pejabat.pangkat, pejabat.nip) if v)


def identity_rows(old: Definition, new: Definition) -> list[Row]:
    rows = [Row(LABELS[k], _text(getattr(old, k)), _text(getattr(new, k))) for k in IDENTITY_KEYS]
    rows.append(Row(LABELS["disahkan_oleh"], _pejabat(old), _pejabat(new)))
    rows += [Row(LABELS[k], _text(getattr(old, k)), _text(getattr(new, k))) for k in LIST_KEYS]
    rows.append(Row("Pelaksana", _columns(old), _columns(new)))
    return rows


def _columns(definition: Definition) -> str:
    return ", ".join(f"{p.nama} ({p.kode})" for p in definition.pelaksana)


def minutes(step: Langkah | None) -> int | None:
    try:
        waktu = parse_waktu(step.mutu_baku.waktu) if step else None
    except WaktuError:
        return None
    return waktu.amount * MINUTES[waktu.unit] if waktu else None


def time_change(old: Langkah | None, new: Langkah | None) -> str:
    before, after = minutes(old), minutes(new)
    if before is None or after is None or before == after:
        return ""
    return "lebih-lama" if after > before else "lebih-cepat"


def step_rows(old: Definition, new: Definition) -> list[StepRow]:
    """Steps matched by their number; a step only in one version has None in the other."""
    before = {step.no: step for step in old.langkah}
    after = {step.no: step for step in new.langkah}
    return [
        StepRow(no, before.get(no), after.get(no), time_change(before.get(no), after.get(no)))
        for no in sorted(before.keys() | after.keys())
    ]
