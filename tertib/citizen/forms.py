"""The SKM questionnaire as a form: nine elements on four points, then optional facts."""

import re

from django import forms

from tertib.citizen.models import SurveyResponse
from tertib.citizen.skm import ELEMENTS

LONG_NUMBER = re.compile(r"\d(?:[ .\-]?\d){7,}")  # eight digits or more: a NIK, KK, phone

FACT_LABELS = {
    "age": "Umur (tahun)",
    "sex": "Jenis kelamin",
    "education": "Pendidikan terakhir",
    "occupation": "Pekerjaan utama",
}


def _element_field(element) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=f"{element.no}. {element.name}",
        help_text=element.question,
        choices=[(str(value), text) for value, text in enumerate(element.answers, start=1)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": f"Unsur {element.no} ({element.name}): pilih salah satu jawaban.",
            "invalid_choice": f"Unsur {element.no} ({element.name}): jawaban tidak dikenal.",
        },
    )


def _optional_choice(label: str, choices) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[("", "— tidak diisi —"), *choices],
        error_messages={"invalid_choice": f"{label}: pilihan tidak dikenal."},
    )


class SurveyForm(forms.Form):
    saran = forms.CharField(
        label="Saran dan masukan (tidak wajib)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "Saran dan masukan: paling banyak 2.000 huruf."},
    )
    age = forms.IntegerField(
        label=FACT_LABELS["age"],
        required=False,
        min_value=10,
        max_value=120,
        error_messages={
            "invalid": "Umur: tulis dengan angka, misalnya 42.",
            "min_value": "Umur: paling sedikit 10 tahun.",
            "max_value": "Umur: paling banyak 120 tahun.",
        },
    )
    sex = _optional_choice(FACT_LABELS["sex"], SurveyResponse.Sex.choices)
    education = _optional_choice(FACT_LABELS["education"], SurveyResponse.Education.choices)
    occupation = _optional_choice(FACT_LABELS["occupation"], SurveyResponse.Occupation.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        elements = {f"u{e.no}": _element_field(e) for e in ELEMENTS}
        self.fields = {**elements, **self.fields}

    def element_fields(self) -> list:
        return [self[f"u{e.no}"] for e in ELEMENTS]

    def fact_fields(self) -> list:
        return [self[name] for name in FACT_LABELS]

    def answers(self) -> list[int]:
        return [self.cleaned_data[f"u{e.no}"] for e in ELEMENTS]

    def facts(self) -> dict:
        return {name: self.cleaned_data[name] for name in FACT_LABELS}

    def clean_saran(self) -> str:
        # A citizen may type their NIK or phone number into the free text; keep no such number.
        return LONG_NUMBER.sub(lambda m: "*" * len(m.group()), self.cleaned_data["saran"]).strip()


class PaperSurveyForm(SurveyForm):
    """A paper questionnaire typed in by staff: the same questions, for the case on the form."""

    kode = forms.CharField(
        label="Kode lacak permohonan",
        max_length=20,
        error_messages={"required": "Kode lacak permohonan: wajib diisi (lihat tanda terima)."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"kode": self.fields.pop("kode"), **self.fields}

    def clean_kode(self) -> str:
        return self.cleaned_data["kode"].strip().upper()
