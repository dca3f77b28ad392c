"""Input rules every form shares: length limits, no control characters, ASCII digits for
numbers, no direction marks. The pure rules are in tertib/lib/text.py."""

from django import forms
from django.core.validators import MaxLengthValidator

from tertib.lib.text import has_control_characters, is_ascii_digits, strip_bidi

# A text field declared without a limit gets this one; notes and reasons are limited in their
# forms, free text (an SOP draft) declares its own.
DEFAULT_MAX_LENGTH = 1000


class DateInput(forms.DateInput):
    """The browser's date picker; its value written in the ISO form the picker reads (the
    locale's form would leave a refused form's dates empty)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class BadInput(Exception):
    """A request parameter that cannot be read; the message names it, in Indonesian. The
    middleware answers it with the 400 page."""


class CleanInputMixin:
    """Mix into any Form: every text field limited in length and cleaned of direction marks,
    control characters refused, numbers typed with ASCII digits only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and field.max_length is None:
                field.max_length = DEFAULT_MAX_LENGTH
                field.validators.append(MaxLengthValidator(DEFAULT_MAX_LENGTH))

    def _clean_fields(self):
        for name, field in self.fields.items():
            raw = self[name].data
            for value in raw if isinstance(raw, list) else [raw]:
                self._check_raw(name, field, value)
        super()._clean_fields()
        for name, value in list(self.cleaned_data.items()):
            password = isinstance(self.fields[name].widget, forms.PasswordInput)
            if isinstance(value, str) and not password:  # a password is taken as typed
                self.cleaned_data[name] = strip_bidi(value)

    def _check_raw(self, name: str, field, value) -> None:
        if not isinstance(value, str):
            return
        label = field.label or name
        if has_control_characters(value):
            self.add_error(name, f"{label}: berisi karakter kontrol yang tidak diizinkan.")
        elif isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
            digits = value.strip().replace(".", "").replace(",", "").lstrip("-")
            if digits and not is_ascii_digits(digits):
                self.add_error(name, f"{label}: tulis dengan angka 0-9.")
