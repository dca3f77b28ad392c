"""Order statistics for the reports. No Django here."""

import math
import statistics


def median(values: list[int]) -> float | None:
    return statistics.median(values) if values else None


def percentile(values: list[int], p: float) -> int | None:
    """Nearest rank: the smallest value with at least p % of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def share(part: int, whole: int) -> float | None:
    """part / whole as a fraction, or None when there is nothing to share."""
    return part / whole if whole else None


def percent_text(fraction: float | None) -> str:
    """0.8571 -> "86 %"; nothing to share -> "-"."""
    return "-" if fraction is None else f"{round(fraction * 100)} %"


def times_text(ratio: float | None) -> str:
    """2.25 -> "2,2×" (Indonesian decimal comma)."""
    return "-" if ratio is None else f"{ratio:.1f}".replace(".", ",") + "×"
