"""Rupiah as Indonesian finance documents write it. No Django here."""


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
