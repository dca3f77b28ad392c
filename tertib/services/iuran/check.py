"""The contribution check: the bill against what the verified roster says it should be."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from tertib.lib.money import rupiah
from tertib.lib.nik import mask
from tertib.services.iuran.contribution import rule_for, share
from tertib.services.iuran.models import Bill, Official


@dataclass
class Person:
    """One person whose bill line and expected contribution disagree."""

    KINDS = {
        "tidak_ditagih": "ada di daftar, tidak ada di tagihan",
        "tidak_terdaftar": "ada di tagihan, tidak ada di daftar",
        "belum_verifikasi": "belum diverifikasi kecamatan",
        "selisih": "jumlah berbeda",
    }

    kind: str
    nik: str
    name: str
    desa: str
    expected: int
    billed: int

    @property
    def masked_nik(self) -> str:
        return mask(self.nik)

    @property
    def label(self) -> str:
        return self.KINDS[self.kind]

    @property
    def difference(self) -> int:
        return self.billed - self.expected


@dataclass
class DesaTotal:
    desa: str
    kecamatan: str
    people: int = 0
    expected: int = 0
    billed: int = 0

    @property
    def difference(self) -> int:
        return self.billed - self.expected


@dataclass
class Check:
    month: datetime.date
    bill_amount: int
    expected: int = 0
    lines_total: int = 0
    people: int = 0
    desa: list[DesaTotal] = field(default_factory=list)
    differences: list[Person] = field(default_factory=list)
    unverified: list[Official] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def difference(self) -> int:
        return self.bill_amount - self.expected

    @property
    def clean(self) -> bool:
        return not self.problems


def check_bill(bill: Bill) -> Check:
    """Compare the bill, line by line and in total, with the verified roster of its month."""
    rule = rule_for(bill.month)
    result = Check(month=bill.month, bill_amount=bill.amount)
    active = Official.objects.active_in(bill.month).select_related("desa__kecamatan")
    officials = {o.nik: o for o in active}
    lines = {line.nik: line for line in bill.lines.all()}
    totals: dict[int, DesaTotal] = {}
    for nik in sorted(set(officials) | set(lines)):
        official, line = officials.get(nik), lines.get(nik)
        expected = share(official.siltap, rule).billed if official and official.verified_at else 0
        billed = line.amount if line else 0
        if official:
            row = totals.setdefault(
                official.desa_id, DesaTotal(official.desa.name, official.desa.kecamatan.name)
            )
            row.people += 1
            row.expected += expected
            row.billed += billed
        _compare(result, official, line, expected, billed)
    result.expected = sum(row.expected for row in totals.values())
    result.lines_total = sum(line.amount for line in lines.values())
    result.people = len(officials)
    result.desa = sorted(totals.values(), key=lambda row: (row.kecamatan, row.desa))
    result.unverified = [o for o in officials.values() if not o.verified_at]
    result.problems = _problems(result, bool(lines))
    return result


def _compare(result: Check, official, line, expected: int, billed: int) -> None:
    if official and not official.verified_at:
        kind = "belum_verifikasi"
    elif official and not line:
        kind = "tidak_ditagih"
    elif line and not official:
        kind = "tidak_terdaftar"
    elif expected != billed:
        kind = "selisih"
    else:
        return
    source = official or line
    desa = official.desa.name if official else "—"
    result.differences.append(Person(kind, source.nik, source.name, desa, expected, billed))


def _problems(result: Check, has_lines: bool) -> list[str]:
    problems = []
    if not has_lines:
        problems.append("Rincian tagihan per orang belum diunggah.")
    if result.bill_amount != result.expected:
        problems.append(
            f"Jumlah tagihan {rupiah(result.bill_amount)} berbeda "
            f"{rupiah(abs(result.bill_amount - result.expected))} dari perhitungan "
            f"{rupiah(result.expected)}."
        )
    if has_lines and result.lines_total != result.bill_amount:
        problems.append(
            f"Jumlah rincian {rupiah(result.lines_total)} tidak sama dengan jumlah tagihan."
        )
    counts = defaultdict(list)
    for person in result.differences:
        counts[person.kind].append(person.name)
    for kind, names in counts.items():
        problems.append(
            f"{len(names)} orang {Person.KINDS[kind]}: {', '.join(names[:5])}"
            + (f" dan {len(names) - 5} lainnya." if len(names) > 5 else ".")
        )
    return problems


def bill_problems(case) -> list[str]:
    """The facts of the contribution check as reasons that stop the case."""
    return check_bill(case.bill).problems
