"""Rupiah as Indonesian finance documents write it. No Django here."""

import re


def rupiah(amount: int) -> str:
    """Rp 1.234.567 (negative amounts as -Rp 1.234)."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp " + f"{abs(amount):,}".replace(",", ".")


def terbilang(amount: int) -> str:
    """The amount in words for SPP/SPM: "Satu Juta Dua Ratus Ribu Rupiah"."""
    from num2words import num2words

    if amount < 0:
        raise ValueError("Jumlah tidak boleh negatif.")
    return num2words(amount, lang="id").title() + " Rupiah"


class AmountError(ValueError):
    """The text is not an amount of rupiah; the message says why, in Indonesian, without the
    field's name."""


# "Rp", "Rp.", "IDR" before the number; ",-" or ",00" after it, as receipts write them.
_PREFIX = re.compile(r"^(rp\.?|idr)", re.IGNORECASE)
_GROUPED = re.compile(r"[0-9]{1,3}(\.[0-9]{3})+")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


def parse_rupiah(text: str) -> int:
    """Whole rupiah as people write them: "Rp 1.332.000", "1.332.000,00", "1332000", "1 332 000".

    Dots group thousands; a comma starts the sen, which may only be zero (",00", ",-").
    """
    plain = _PREFIX.sub("", _SPACES.sub("", text))
    whole, comma, sen = plain.partition(",")
    if comma and sen.strip("0") not in ("", "-"):
        raise AmountError("rupiah ditulis bulat tanpa sen, misalnya 1.332.000")
    if not whole:
        raise AmountError("tulis jumlahnya dengan angka, misalnya 1.332.000")
    if "." in whole and not _GROUPED.fullmatch(whole):
        raise AmountError("titik memisahkan ribuan; tulis misalnya 1.332.000")
    digits = whole.replace(".", "")
    if not (digits.isascii() and digits.isdigit()):
        raise AmountError("tulis jumlahnya dengan angka 0-9, misalnya 1.332.000")
    return int(digits)


def thousands(amount: int) -> str:
    """1.332.000: the amount with dots between thousands, as a form shows it back."""
    return f"{amount:,}".replace(",", ".")
