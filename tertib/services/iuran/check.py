"""The reconciliation: the bill against what the verified roster says it should be.

Every difference is listed with its cause and needs the pelaksana's decision with a reason
(Permendagri 119/2019 has Dinas PMD reconcile with BPJS). Differences of a rupiah or so per line
(BPJS rounds down, Tertib half up) and a total rounded once are grouped into one decision. What
stops the case is missing papers and undecided differences, never a rupiah as such.
"""

import datetime
from dataclasses import dataclass, field

from tertib.lib.dates import month_name
from tertib.lib.money import rupiah
from tertib.lib.nik import mask
from tertib.org.models import Desa
from tertib.services.iuran.contribution import (
    NoRule,
    pay_on,
    reference_day,
    rule_for,
    share,
    truncated,
)
from tertib.services.iuran.models import Bill, ContributionRule, Decision, Official

ROUNDING = "pembulatan"
KINDS = {
    "tidak_ditagih": "ada di daftar, tidak ada di tagihan",
    "tidak_terdaftar": "ada di tagihan, tidak ada di daftar",
    "belum_verifikasi": "belum diverifikasi kecamatan",
    "selisih": "jumlah berbeda",
    "total": "jumlah tagihan tidak sama dengan jumlah rincian",
    "desa_kosong": "desa tanpa perangkat di daftar",
    "koreksi_lalu": "koreksi dari bulan sebelumnya",
    ROUNDING: "selisih pembulatan",
}


@dataclass
class Person:
    """One person's line against their expected contribution."""

    kind: str
    nik: str
    name: str
    desa: str
    expected: int
    billed: int
    cause: str = ""

    @property
    def masked_nik(self) -> str:
        return mask(self.nik)

    @property
    def label(self) -> str:
        return KINDS[self.kind]

    @property
    def difference(self) -> int:
        return self.billed - self.expected


@dataclass
class Item:
    """One difference to decide: a person, a desa, the total, the rounding group or a carried
    correction."""

    key: str
    kind: str
    cause: str
    difference: int  # billed − expected, in rupiah
    person: Person | None = None
    people: list[Person] = field(default_factory=list)  # the rounding group's lines
    decision: Decision | None = None

    @property
    def label(self) -> str:
        return KINDS[self.kind]

    @property
    def decided(self) -> bool:
        return self.decision is not None


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
    rule: ContributionRule | None = None
    expected: int = 0
    lines_total: int = 0
    people: int = 0
    desa: list[DesaTotal] = field(default_factory=list)
    differences: list[Person] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    unverified: list[Official] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # supporting papers not there

    @property
    def difference(self) -> int:
        return self.bill_amount - self.expected

    @property
    def undecided(self) -> list[Item]:
        return [item for item in self.items if not item.decided]

    @property
    def disputed(self) -> int:
        """What the Dinas withholds: the overbilled part of the differences it disputes."""
        return sum(
            max(0, item.difference)
            for item in self.items
            if item.decision and item.decision.choice == Decision.Choice.SANGGAH
        )

    @property
    def reconciled_amount(self) -> int:
        """What the SPP pays: the bill less what is disputed with BPJS."""
        return self.bill_amount - self.disputed

    @property
    def problems(self) -> list[str]:
        problems = list(self.missing)
        if self.undecided:
            labels = [f"{item.label} ({_who(item)})" for item in self.undecided[:5]]
            more = len(self.undecided) - 5
            problems.append(
                f"{len(self.undecided)} selisih belum diputuskan: {'; '.join(labels)}"
                + (f" dan {more} lainnya." if more > 0 else ".")
            )
        return problems

    @property
    def clean(self) -> bool:
        return not self.problems


def _who(item: Item) -> str:
    if item.person:
        return item.person.name
    return item.cause.split(";")[0]


def check_bill(bill: Bill) -> Check:
    """Compare the bill, line by line and in total, with the verified roster of its month."""
    result = Check(month=bill.month, bill_amount=bill.amount)
    result.missing = missing_papers(bill)
    try:
        result.rule = rule_for(bill.month)
    except NoRule as error:
        result.missing.append(str(error))
        return result
    officials = terms_of_month(bill.month, result.rule)
    lines = {line.nik: line for line in bill.lines.all()}
    totals: dict[int, DesaTotal] = {}
    for nik in sorted(set(officials) | set(lines)):
        official, line = officials.get(nik), lines.get(nik)
        expected = _expected(official, bill.month, result.rule)
        billed = line.amount if line else 0
        if official:
            row = totals.setdefault(
                official.desa_id, DesaTotal(official.desa.name, official.desa.kecamatan.name)
            )
            row.people += 1
            row.expected += expected
            row.billed += billed
        person = _compare(official, line, expected, billed, bill.month, result.rule)
        if person:
            result.differences.append(person)
    result.expected = sum(row.expected for row in totals.values())
    result.lines_total = sum(line.amount for line in lines.values())
    result.people = len(officials)
    result.desa = sorted(totals.values(), key=lambda row: (row.kecamatan, row.desa))
    result.unverified = [o for o in officials.values() if not o.verified_at]
    if lines:  # without the rincian there is nothing to reconcile yet
        result.items = _items(bill, result, {o.desa_id for o in officials.values()})
    _attach_decisions(bill, result.items)
    return result


def missing_papers(bill: Bill) -> list[str]:
    missing = []
    if bill.scan_id is None:
        missing.append("Pindaian surat tagihan BPJS belum diunggah.")
    if not bill.lines.exists():
        missing.append("Rincian tagihan per orang belum diunggah.")
    return missing


def terms_of_month(month: datetime.date, rule: ContributionRule) -> dict[str, Official]:
    """Per NIK, the term that counts for the month: the one held on the 1st, else (when part
    months count) the first one that starts in the month."""
    active = (
        Official.objects.active_in(month)
        .select_related("desa__kecamatan")
        .prefetch_related("pay_changes")
        .order_by("nik", "starts_on")
    )
    chosen: dict[str, Official] = {}
    for official in active:  # by start, so the term held on the 1st comes first
        if official.nik not in chosen and reference_day(official, month, rule) is not None:
            chosen[official.nik] = official
    return chosen


def _expected(official: Official | None, month: datetime.date, rule) -> int:
    if official is None or not official.verified_at:
        return 0
    siltap, tunjangan = pay_on(official, reference_day(official, month, rule))
    return share(siltap, rule, tunjangan).billed


def _compare(official, line, expected: int, billed: int, month, rule) -> Person | None:
    if official and not official.verified_at:
        kind, cause = "belum_verifikasi", "belum diverifikasi kecamatan; tidak dihitung"
    elif official and not line:
        kind, cause = "tidak_ditagih", "tidak ada di rincian BPJS"
    elif line and not official:
        kind, cause = "tidak_terdaftar", "tidak ada di daftar perangkat bulan ini"
    elif expected != billed:
        kind, cause = "selisih", _cause(official, month, rule, billed)
    else:
        return None
    source = official or line
    desa = official.desa.name if official else "—"
    return Person(kind, source.nik, source.name, desa, expected, billed, cause)


def _cause(official: Official, month, rule, billed: int) -> str:
    siltap, tunjangan = pay_on(official, reference_day(official, month, rule))
    base = share(siltap, rule, tunjangan).base
    if billed == truncated(base, rule.employer_percent):
        return "BPJS membulatkan ke bawah"
    old = (official.siltap, official.tunjangan)
    if (siltap, tunjangan) != old and billed == share(old[0], rule, old[1]).billed:
        return "BPJS masih memakai siltap lama"
    return f"tagihan {rupiah(billed)}, perhitungan dari siltap {rupiah(siltap)}"


def _items(bill: Bill, result: Check, staffed: set[int]) -> list[Item]:
    rule = result.rule
    items, rounding = [], []
    for person in result.differences:
        small = 0 < abs(person.difference) <= rule.rounding_tolerance
        if person.kind == "selisih" and small:
            rounding.append(person)
        else:
            items.append(
                Item(
                    f"{person.kind}:{person.nik}",
                    person.kind,
                    person.cause,
                    person.difference,
                    person=person,
                )
            )
    gap = result.bill_amount - result.lines_total
    if gap and result.lines_total and abs(gap) <= rule.rounding_tolerance * bill.lines.count():
        rounding.append(
            Person(
                "total",
                "",
                "Jumlah tagihan",
                "—",
                result.lines_total,
                result.bill_amount,
                "jumlah tagihan dibulatkan sekali",
            )
        )
    elif gap and result.lines_total:
        items.append(
            Item(
                "total",
                "total",
                f"tagihan {rupiah(result.bill_amount)}, rincian {rupiah(result.lines_total)}",
                gap,
            )
        )
    if rounding:
        total = sum(p.difference for p in rounding)
        cause = f"{len(rounding)} baris berselisih paling banyak {rupiah(rule.rounding_tolerance)}"
        items.append(Item(ROUNDING, ROUNDING, cause, total, people=rounding))
    items += _empty_desa(staffed)
    items += _carried(bill)
    return items


def _empty_desa(staffed: set[int]) -> list[Item]:
    """Desa with nobody on the month's roster, as one line: every desa must send its data."""
    empty = Desa.objects.filter(is_kelurahan=False).exclude(pk__in=staffed)
    names = [
        f"{desa.name} ({desa.kecamatan.name.removeprefix('Kecamatan ')})"
        for desa in empty.select_related("kecamatan").order_by("kecamatan__name", "name")
    ]
    if not names:
        return []
    more = f" dan {len(names) - 10} lainnya" if len(names) > 10 else ""
    cause = f"{len(names)} desa: {', '.join(names[:10])}{more}"
    # The count is in the key, so a decision lapses when the set of empty desa changes.
    return [Item(f"desa_kosong:{len(names)}", "desa_kosong", cause, 0)]


def _carried(bill: Bill) -> list[Item]:
    """Corrections left for this month by the previous month's live bill."""
    previous = (
        Bill.objects.filter(office=bill.office, month__lt=bill.month, superseded=False)
        .order_by("-month")
        .first()
    )
    if previous is None:
        return []
    corrections = previous.decisions.filter(choice=Decision.Choice.KOREKSI).order_by("key")
    return [
        Item(
            f"koreksi:{previous.month:%Y-%m}:{d.key}",
            "koreksi_lalu",
            f"{d.key} dari {month_name(previous.month)}: {d.reason}",
            d.difference,
        )
        for d in corrections
    ]


def _attach_decisions(bill: Bill, items: list[Item]) -> None:
    """A decision holds while the difference it was made on is still the same amount."""
    decisions = {d.key: d for d in bill.decisions.all()}
    for item in items:
        decision = decisions.get(item.key)
        if decision and decision.difference == item.difference:
            item.decision = decision


def bill_problems(case) -> list[str]:
    """Missing papers and undecided differences: what stops the case."""
    return check_bill(case.bill).problems
