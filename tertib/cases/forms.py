"""What the case page posts to move a case: each field limited and checked before the engine
sees it."""

from django import forms

from tertib.cases.actions import ActionError
from tertib.forms import CleanInputMixin

NOTE_MAX = 2000


class StepForm(CleanInputMixin, forms.Form):
    record = forms.IntegerField(label="Langkah", required=False, min_value=1, max_value=2**62)
    keputusan = forms.CharField(label="Keputusan", required=False, max_length=20)
    catatan = forms.CharField(label="Catatan", required=False, max_length=NOTE_MAX)
    alasan = forms.CharField(label="Alasan", required=False, max_length=NOTE_MAX)
    password = forms.CharField(
        label="Kata sandi",
        required=False,
        max_length=200,
        strip=False,
        widget=forms.PasswordInput,
    )
    penerima = forms.CharField(label="Diterima oleh", required=False, max_length=200)
    nomor_tanda_terima = forms.CharField(label="Nomor tanda terima", required=False, max_length=100)
    tanggal_kirim = forms.DateField(label="Tanggal dikirim", required=False)
    ada = forms.MultipleChoiceField(label="Persyaratan", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The requirement kodes are the SOP's; the engine keeps only the ones it knows.
        self.fields["ada"].valid_value = lambda value: len(value) <= 100

    def checked(self) -> dict:
        """The cleaned fields; ActionError with the first problem, field named, otherwise."""
        if not self.is_valid():
            name, errors = next(iter(self.errors.items()))
            label = self.fields[name].label if name in self.fields else name
            raise ActionError(f"{label}: {errors[0]}")
        return self.cleaned_data
