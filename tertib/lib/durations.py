"""Mutu baku times as written in an SOP ("5 menit", "2 hari kerja"). No Django here."""

import re
from dataclasses import dataclass

UNITS = ("menit", "jam", "hari", "hari kerja")
_PATTERN = re.compile(r"^\s*(-?[0-9]{1,6})\s+(menit|jam|hari kerja|hari)\s*$", re.ASCII)


@dataclass(frozen=True)
class Waktu:
    amount: int
    unit: str

    def __str__(self) -> str:
        return f"{self.amount} {self.unit}"


class WaktuError(ValueError):
    """The text is not a positive whole number followed by a known unit."""


def parse_waktu(text: str) -> Waktu:
    """Read "5 menit" / "1 jam" / "2 hari" / "3 hari kerja" into a Waktu."""
    match = _PATTERN.match(text)
    if not match:
        raise WaktuError(
            f"waktu '{text}' tidak dapat dibaca; tulis bilangan bulat positif dan satuan "
            f"({', '.join(UNITS)}), misalnya '5 menit'"
        )
    amount = int(match.group(1))
    if amount <= 0:
        raise WaktuError(f"waktu '{text}' harus lebih dari nol")
    return Waktu(amount, match.group(2))


def total_waktu(times: list[Waktu]) -> str:
    """Add times unit by unit, largest unit first: "1 hari kerja 15 menit"."""
    sums = {unit: 0 for unit in reversed(UNITS)}
    for waktu in times:
        sums[waktu.unit] += waktu.amount
    minutes = sums.pop("menit") + 60 * sums.pop("jam")
    hours, minutes = divmod(minutes, 60)
    parts = [f"{amount} {unit}" for unit, amount in sums.items() if amount]
    parts += [f"{hours} jam"] if hours else []
    parts += [f"{minutes} menit"] if minutes else []
    return " ".join(parts) or "-"


def minutes_text(minutes: float | None, per_day: int) -> str:
    """Office minutes as people say them: "45 menit", "1 jam 5 menit", "2 hari kerja 3 jam"."""
    if minutes is None:
        return "-"
    if minutes < 60 and minutes != int(minutes):
        return f"{minutes:.1f}".replace(".", ",") + " menit"
    days, rest = divmod(round(minutes), per_day)
    hours, rest = divmod(rest, 60)
    parts = [f"{days} hari kerja"] if days else []
    parts += [f"{hours} jam"] if hours else []
    parts += [f"{rest} menit"] if rest or not parts else []
    return " ".join(parts[:2])
