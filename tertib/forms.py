"""Input rules every form shares: length limits, no control characters, ASCII digits for
numbers, no direction marks. The pure rules are in tertib/lib/text.py."""

from django import forms
from django.core.validators import MaxLengthValidator

from tertib.lib.money import AmountError, parse_rupiah, thousands
from tertib.lib.text import (
    has_control_characters,
    is_ascii_digits,
    strip_bidi,
    without_separators,
)

# A text field declared without a limit gets this one; notes and reasons are limited in their
# forms, free text (an SOP draft) declares its own.
DEFAULT_MAX_LENGTH = 1000


class DateInput(forms.DateInput):
    """The browser's date picker; its value written in the ISO form the picker reads (the
    locale's form would leave a refused form's dates empty)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def labelled(label: str, message: str) -> str:
    """The message with the field's name in front, once: "NIK: harus 16 angka"."""
    return message if message.startswith(f"{label}:") else f"{label}: {message}"


class BadInput(Exception):
    """A request parameter that cannot be read; the message names it, in Indonesian. The
    middleware answers it with the 400 page."""


class TryLater(Exception):
    """What was asked for is being made right now (a document another process renders); the
    message says so, in Indonesian. The middleware answers it with the 503 page and Retry-After."""

    retry_after = 10  # seconds


class CleanInputMixin:
    """Mix into any Form: every text field limited in length and cleaned of direction marks,
    control characters refused, numbers typed with ASCII digits only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and field.max_length is None:
                field.max_length = DEFAULT_MAX_LENGTH
                field.validators.append(MaxLengthValidator(DEFAULT_MAX_LENGTH))

    def full_clean(self):
        super().full_clean()
        for name, errors in list((self._errors or {}).items()):
            if name in self.fields:  # one label in front of every message, never two
                label = self.fields[name].label or name
                self._errors[name] = self.error_class(
                    [labelled(label, error) for error in errors], renderer=self.renderer
                )

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


class MoneyInput(forms.TextInput):
    """A rupiah amount: the phone's number pad, the amount shown back with its dots."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, int):
            return thousands(value)
        return super().format_value(value)  # as typed, when a refused form comes back


class MoneyField(forms.Field):
    """Whole rupiah as people write them ("Rp 1.332.000", "1.332.000,00", "1332000")."""

    widget = MoneyInput

    def __init__(self, *, min_value: int = 0, max_value: int = 10**15, **kwargs):
        self.min_value, self.max_value = min_value, max_value
        super().__init__(**kwargs)

    def to_python(self, value) -> int | None:
        if isinstance(value, str):
            value = value.strip()
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        try:
            return parse_rupiah(str(value))
        except AmountError as error:
            raise forms.ValidationError(f"{self.label}: {error}.", code="invalid") from None

    def validate(self, value) -> None:
        if value is None and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if value is not None and value < self.min_value:
            least = thousands(self.min_value)
            raise forms.ValidationError(f"{self.label}: paling sedikit Rp {least}.", "min_value")
        if value is not None and value > self.max_value:
            most = thousands(self.max_value)
            raise forms.ValidationError(f"{self.label}: paling banyak Rp {most}.", "max_value")


class DigitsField(forms.CharField):
    """A code of digits (NIK, NIP, VA, BPJS card number) typed with or without the spaces, dots
    or dashes people put in to read it; kept as the digits alone, its length checked."""

    def __init__(self, *, digits: int | tuple[int, int], check=None, **kwargs):
        self.shortest, self.longest = (digits, digits) if isinstance(digits, int) else digits
        self.check = check  # (digits) -> None, raises ValueError with the reason
        kwargs.setdefault("widget", forms.TextInput({"inputmode": "numeric"}))
        super().__init__(max_length=self.longest, **kwargs)

    def widget_attrs(self, widget) -> dict:
        # room for the separators: the length is checked on the digits
        return {**super().widget_attrs(widget), "maxlength": str(2 * self.longest)}

    def to_python(self, value) -> str:
        return without_separators(super().to_python(value))

    def run_validators(self, value: str) -> None:
        if value in self.empty_values:
            return
        if not is_ascii_digits(value):
            raise forms.ValidationError(
                f"{self.label}: hanya angka 0-9 (spasi, titik dan tanda hubung boleh).", "digits"
            )
        if not self.shortest <= len(value) <= self.longest:
            raise forms.ValidationError(f"{self.label}: {self._wanted(len(value))}.", "length")
        if self.check is not None:
            try:
                self.check(value)
            except ValueError as error:
                raise forms.ValidationError(f"{self.label}: {error}.", "check") from None

    def _wanted(self, typed: int) -> str:
        if self.shortest == self.longest:
            return f"harus {self.longest} angka, tertulis {typed}"
        return f"harus {self.shortest} sampai {self.longest} angka, tertulis {typed}"
