"""The forms of the desk: the intake of a request and the input that finishes a step.

Both are built from the SOP: the intake from its declared fields and checklist, plus what its
first step asks for (a decision, a password…); a step's form from the step and its aksi.
"""

import datetime

from django import forms
from django.utils import timezone

from tertib.cases.actions import ActionError, StepInput
from tertib.cases.models import Outcome
from tertib.forms import CleanInputMixin, DateInput
from tertib.sop.definition import PEMOHON, SELESAI, Definition, Langkah
from tertib.sop.services import field_kind

NOTE_MAX = 2000


def decision_choices(step: Langkah) -> list[tuple[str, str]]:
    return [
        (Outcome.YA, f"Ya — {_where(step.ya)}"),
        (Outcome.TIDAK, f"Tidak — {_where(step.tidak)}"),
    ]


def _where(target) -> str:
    if target == PEMOHON:
        return "kembalikan ke pemohon"
    if target == SELESAI:
        return "selesai"
    return f"lanjut ke langkah {target}" if target else "lanjut ke langkah berikutnya"


def finish_buttons(
    *, definition: Definition, step: Langkah, last_stage: bool
) -> list[tuple[str, str]]:
    """The buttons that finish a step, as (decision, words), saying what happens: *Paraf* before
    the last of a paraf chain; one button per answer of a decision; else the SOP's `tombol`,
    *Tanda tangani* for a signature, or *Selesaikan langkah N*."""
    aksi = definition.aksi(step.no)
    if not last_stage:
        return [("", "Paraf")]
    if step.jenis != "keputusan":
        signing = "Tanda tangani" if aksi.konfirmasi_sandi else ""
        return [("", aksi.tombol or signing or f"Selesaikan langkah {step.no}")]
    targets = {label: target for source, label, target in definition.edges() if source == step.no}
    return [
        (answer, _answer_words(step, answer, targets[answer], aksi))
        for answer in (Outcome.YA, Outcome.TIDAK)
    ]


def _answer_words(step: Langkah, answer: str, target, aksi) -> str:
    if target == PEMOHON:
        return "Kembalikan ke pemohon"
    if isinstance(target, int) and target <= step.no:
        return f"Kirim kembali ke langkah {target}"
    if answer == Outcome.YA and (aksi.tombol or aksi.konfirmasi_sandi):
        return aksi.tombol or "Tanda tangani"
    return f"{Outcome(answer).label} — {_where(target)}"


def add_step_fields(
    form: forms.Form, *, definition: Definition, step: Langkah, last_stage: bool, checklist: bool
) -> None:
    """The fields a step asks of its holder; only the last pelaksana of a step decides and gives
    the step's own input (checklist, password, dispatch, hand-over)."""
    aksi = definition.aksi(step.no)
    if last_stage and checklist and aksi.periksa_persyaratan:
        form.fields["ada"] = forms.MultipleChoiceField(
            label="Persyaratan yang ada",
            required=False,
            widget=forms.CheckboxSelectMultiple,
            choices=[(s.kode, s.nama) for s in definition.layanan.persyaratan],
        )
    if last_stage and step.jenis == "keputusan":
        form.fields["keputusan"] = forms.ChoiceField(
            label=step.pertanyaan,
            widget=forms.RadioSelect,
            choices=decision_choices(step),
            error_messages={"required": f"{step.pertanyaan}: pilih Ya atau Tidak."},
        )
    if last_stage and aksi.kirim:
        form.fields["tanggal_kirim"] = forms.DateField(
            label="Tanggal dikirim",
            initial=timezone.localdate,
            widget=DateInput(),
            error_messages={
                "required": "Tanggal dikirim: wajib diisi.",
                "invalid": "Tanggal dikirim: tulis sebagai tanggal.",
            },
        )
        form.fields["penerima"] = _text("Diterima oleh", 200)
        form.fields["nomor_tanda_terima"] = _text("Nomor tanda terima", 100)
    if last_stage and aksi.serah_terima:
        form.fields["diserahkan_kepada"] = _text("Diserahkan kepada", 200)
    if last_stage and aksi.konfirmasi_sandi:
        form.fields["password"] = forms.CharField(
            label="Kata sandi Anda (untuk menandatangani)",
            required=False,
            max_length=200,
            strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        )
    form.fields["catatan"] = forms.CharField(
        label="Catatan",
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": f"Catatan: paling banyak {NOTE_MAX} huruf."},
    )


def _text(label: str, size: int) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=size,
        error_messages={"max_length": f"{label}: paling banyak {size} huruf."},
    )


def step_input(
    cleaned: dict, *, checklist: list[str] | None = None, address: str = ""
) -> StepInput:
    return StepInput(
        address=address,
        checklist=checklist if checklist is not None else cleaned.get("ada", []),
        password=cleaned.get("password", ""),
        recipient=cleaned.get("penerima") or cleaned.get("diserahkan_kepada") or "",
        sent_on=cleaned.get("tanggal_kirim"),
        receipt_number=cleaned.get("nomor_tanda_terima", ""),
    )


class StepForm(CleanInputMixin, forms.Form):
    """Finishing the open step of a case."""

    record = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, definition: Definition, step: Langkah, last_stage: bool, **kwargs):
        super().__init__(*args, **kwargs)
        add_step_fields(
            self, definition=definition, step=step, last_stage=last_stage, checklist=True
        )
        self.buttons = finish_buttons(definition=definition, step=step, last_stage=last_stage)
        self.question = step.pertanyaan if "keputusan" in self.fields else ""

    def decision(self) -> str:
        return self.cleaned_data.get("keputusan") or Outcome.LANJUT

    def step_input(self, *, address: str = "") -> StepInput:
        return step_input(self.cleaned_data, address=address)


class IntakeForm(CleanInputMixin, forms.Form):
    """A new request at the counter: the SOP's fields, its checklist with scans, and what its
    first step asks of the clerk (for a first step that decides: the decision)."""

    def __init__(self, *args, definition: Definition, office, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.definition = definition
        for isian in definition.layanan.formulir:
            make = field_kind(isian.jenis).make
            self.fields[isian.kode] = make(isian, office=office, today=today)
        for syarat in definition.layanan.persyaratan:
            self.fields[f"ada_{syarat.kode}"] = forms.BooleanField(
                label=syarat.nama, required=False
            )
            self.fields[f"scan_{syarat.kode}"] = forms.FileField(
                label=f"Pindaian {syarat.nama}", required=False
            )
        first = definition.langkah[0]
        self.first_step = first
        add_step_fields(
            self,
            definition=definition,
            step=first,
            last_stage=len(first.pelaksana) == 1,
            checklist=False,
        )

    def data_fields(self) -> list:
        return [self[isian.kode] for isian in self.definition.layanan.formulir]

    def step_fields(self) -> list:
        known = {isian.kode for isian in self.definition.layanan.formulir}
        return [
            self[name]
            for name in self.fields
            if name not in known and not name.startswith(("ada_", "scan_"))
        ]

    def checklist_rows(self) -> list[tuple]:
        return [
            (s, self[f"ada_{s.kode}"], self[f"scan_{s.kode}"])
            for s in self.definition.layanan.persyaratan
        ]

    def intake(self) -> dict:
        """The answers as plain JSON values (dates ISO, desa by name)."""
        values = {}
        for isian in self.definition.layanan.formulir:
            value = self.cleaned_data.get(isian.kode)
            if isinstance(value, datetime.date):
                value = value.isoformat()
            elif value is not None and not isinstance(value, str | int | float | bool):
                value = str(value)
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

    def decision(self) -> str:
        return self.cleaned_data.get("keputusan") or Outcome.LANJUT

    def step_input(self, *, address: str = "") -> StepInput:
        return step_input(self.cleaned_data, checklist=self.checklist(), address=address)


class ActionForm(CleanInputMixin, forms.Form):
    """What the other buttons of the case page post (resume, reject, cancel, claim): each field
    limited and checked before the engine sees it."""

    record = forms.IntegerField(label="Langkah", required=False, min_value=1, max_value=2**62)
    catatan = forms.CharField(label="Catatan", required=False, max_length=NOTE_MAX)
    alasan = forms.CharField(label="Alasan", required=False, max_length=NOTE_MAX)

    def checked(self) -> dict:
        """The cleaned fields; ActionError with the first problem, field named, otherwise."""
        if not self.is_valid():
            name, errors = next(iter(self.errors.items()))
            label = self.fields[name].label if name in self.fields else name
            raise ActionError(f"{label}: {errors[0]}")
        return self.cleaned_data


class SearchForm(CleanInputMixin, forms.Form):
    """The counter's search box: a name, a NIK or KK number, or a tracking code."""

    cari = forms.CharField(label="Cari permohonan", required=False, max_length=200)

    def query(self) -> str:
        """What was typed, or nothing when it cannot be a search (too long, control marks)."""
        return self.cleaned_data["cari"] if self.is_valid() else ""


class RevokeForm(forms.Form):
    """*Cabut dokumen*: which of the case's documents in force, and why."""

    dokumen = forms.TypedChoiceField(label="Dokumen", coerce=int)
    alasan = forms.CharField(
        label="Alasan pencabutan",
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": "Alasan pencabutan: wajib diisi.",
            "max_length": f"Alasan pencabutan: paling banyak {NOTE_MAX} karakter.",
        },
    )

    def __init__(self, *args, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dokumen"].choices = [
            (d.pk, f"{d.get_kind_label()} {d.number}".strip()) for d in documents
        ]
        self.fields["dokumen"].error_messages["invalid_choice"] = (
            "Dokumen: pilih dokumen permohonan ini yang masih berlaku."
        )
