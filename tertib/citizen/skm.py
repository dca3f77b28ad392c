"""The Survei Kepuasan Masyarakat of Permenpan RB 14/2017: its nine elements, the index and its
grade, and the minimum sample. Exact arithmetic, no Django here.
"""

import bisect
import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


@dataclass(frozen=True)
class Element:
    """An unsur of the survey with its question and the four answers, worst first."""

    no: int
    name: str
    question: str
    answers: tuple[str, str, str, str]


ELEMENTS = (
    Element(
        1,
        "Persyaratan",
        "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis "
        "pelayanannya?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    ),
    Element(
        2,
        "Sistem, mekanisme dan prosedur",
        "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
        ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
    ),
    Element(
        3,
        "Waktu penyelesaian",
        "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
        ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
    ),
    Element(
        4,
        "Biaya/tarif",
        "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
        ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
    ),
    Element(
        5,
        "Produk spesifikasi jenis pelayanan",
        "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum "
        "dalam standar pelayanan dengan hasil yang diberikan?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    ),
    Element(
        6,
        "Kompetensi pelaksana",
        "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
        ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
    ),
    Element(
        7,
        "Perilaku pelaksana",
        "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan "
        "dan keramahan?",
        (
            "Tidak sopan dan ramah",
            "Kurang sopan dan ramah",
            "Sopan dan ramah",
            "Sangat sopan dan ramah",
        ),
    ),
    Element(
        8,
        "Penanganan pengaduan, saran dan masukan",
        "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
        (
            "Tidak ada",
            "Ada tetapi tidak berfungsi",
            "Berfungsi kurang maksimal",
            "Dikelola dengan baik",
        ),
    ),
    Element(
        9,
        "Sarana dan prasarana",
        "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
        ("Buruk", "Cukup", "Baik", "Sangat baik"),
    ),
)
SCALE = (1, 2, 3, 4)
TWO = Decimal("0.01")


@dataclass(frozen=True)
class Grade:
    letter: str  # mutu pelayanan
    kinerja: str  # kinerja unit pelayanan

    def __str__(self) -> str:
        return f"{self.letter} ({self.kinerja})"


GRADE_NAMES = {
    "A": "Sangat Baik",
    "B": "Baik",
    "C": "Kurang Baik",
    "D": "Tidak Baik",
}


@dataclass(frozen=True)
class GradeTable:
    """The lowest IKM of grades A, B and C, valid from a date; below C's bound is D."""

    valid_from: datetime.date
    a: Decimal
    b: Decimal
    c: Decimal

    def grade(self, ikm: Decimal) -> Grade:
        for letter, bound in (("A", self.a), ("B", self.b), ("C", self.c)):
            if ikm >= bound:
                return Grade(letter, GRADE_NAMES[letter])
        return Grade("D", GRADE_NAMES["D"])

    def interval(self, letter: str) -> str:
        """ "76,61 – 88,30": the IKM range of a grade as the regulation prints it."""
        lows = {"A": self.a, "B": self.b, "C": self.c, "D": Decimal("25.00")}
        highs = {"A": Decimal("100.00"), "B": self.a - TWO, "C": self.b - TWO, "D": self.c - TWO}
        return f"{decimal_text(lows[letter])} – {decimal_text(highs[letter])}"


def table_on(tables: list[GradeTable], day: datetime.date) -> GradeTable:
    """The grade table in force on that day: the latest one valid from it or before."""
    valid = [t for t in tables if t.valid_from <= day]
    if not valid:
        raise ValueError(f"Tidak ada tabel mutu IKM yang berlaku pada {day.isoformat()}.")
    return max(valid, key=lambda t: t.valid_from)


def nrr(total: int, count: int) -> Fraction | None:
    """Nilai rata-rata of one element: the sum of its answers over their number."""
    return Fraction(total, count) if count else None


def ikm(nrrs: list[Fraction]) -> Decimal:
    """IKM = the mean of the nine elements' NRR × 25 (equal weights), to two decimals."""
    if len(nrrs) != len(ELEMENTS):
        raise ValueError("IKM memerlukan nilai kesembilan unsur.")
    exact = sum(nrrs, Fraction(0)) / len(nrrs) * 25
    return rounded(exact)


def rounded(value: Fraction) -> Decimal:
    """Half up to two decimals, as published reports round."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(TWO, ROUND_HALF_UP)


def decimal_text(value: Decimal | Fraction | None, places: int = 2) -> str:
    """Decimal(76.6) -> "76,60" (Indonesian decimal comma); nothing -> "-"."""
    if value is None:
        return "-"
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return f"{value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)}".replace(".", ",")


# Krejcie and Morgan (1970): population N -> sample S, as the regulation's annex uses it.
KREJCIE_MORGAN = (
    (10, 10), (15, 14), (20, 19), (25, 24), (30, 28), (35, 32), (40, 36), (45, 40), (50, 44),
    (55, 48), (60, 52), (65, 56), (70, 59), (75, 63), (80, 66), (85, 70), (90, 73), (95, 76),
    (100, 80), (110, 86), (120, 92), (130, 97), (140, 103), (150, 108), (160, 113), (170, 118),
    (180, 123), (190, 127), (200, 132), (210, 136), (220, 140), (230, 144), (240, 148),
    (250, 152), (260, 155), (270, 159), (280, 162), (290, 165), (300, 169), (320, 175),
    (340, 181), (360, 186), (380, 191), (400, 196), (420, 201), (440, 205), (460, 210),
    (480, 214), (500, 217), (550, 226), (600, 234), (650, 242), (700, 248), (750, 254),
    (800, 260), (850, 265), (900, 269), (950, 274), (1000, 278), (1100, 285), (1200, 291),
    (1300, 297), (1400, 302), (1500, 306), (1600, 310), (1700, 313), (1800, 317), (1900, 320),
    (2000, 322), (2200, 327), (2400, 331), (2600, 335), (2800, 338), (3000, 341), (3500, 346),
    (4000, 351), (4500, 354), (5000, 357), (6000, 361), (7000, 364), (8000, 367), (9000, 368),
    (10000, 370), (15000, 375), (20000, 377), (30000, 379), (40000, 380), (50000, 381),
    (75000, 382), (100000, 384),
)  # fmt: skip
_POPULATIONS = [n for n, _ in KREJCIE_MORGAN]


def minimum_sample(population: int) -> int:
    """The respondents needed for a population: the table's row at or above it (so a
    population between two rows needs the larger sample); everyone below ten."""
    if population < 10:
        return max(population, 0)
    index = bisect.bisect_left(_POPULATIONS, population)
    if index == len(KREJCIE_MORGAN):
        return KREJCIE_MORGAN[-1][1]
    return min(population, KREJCIE_MORGAN[index][1])
