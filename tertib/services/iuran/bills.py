"""Registering a BPJS bill (the case of its month) and preparing its SPP and SPM."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from tertib.cases.audit import record_event
from tertib.cases.clock import local
from tertib.cases.engine import start_case
from tertib.cases.models import Case, Register
from tertib.cases.registers import enter
from tertib.cases.uploads import sniff, store
from tertib.lib.dates import month_name
from tertib.lib.nik import NomorError, check_region
from tertib.org.models import Office
from tertib.services.iuran.deadlines import limits, suspended_after
from tertib.services.iuran.models import Bill, BillLine
from tertib.services.iuran.tables import (
    TableError,
    cell_text,
    column_positions,
    read_table,
    rupiah_cell,
)
from tertib.sop.models import SopVersion


class BillError(ValueError):
    """The bill or its SPP/SPM is refused; the message names the field, in Indonesian."""


CLOSED_UNPAID = (Case.State.DITOLAK, Case.State.DIBATALKAN)


@dataclass(frozen=True)
class LineInput:
    nik: str
    name: str
    bpjs_number: str
    amount: int


@transaction.atomic
def register_bill(
    *,
    sop_version: SopVersion,
    office: Office,
    actor,
    number: str,
    issued_on: datetime.date,
    month: datetime.date,
    amount: int,
    virtual_account: str,
    lines: list[LineInput],
    scan: tuple[str, bytes] | None,
    at: datetime.datetime | None = None,
) -> Bill:
    """Open the case of the billing month at step 1, with the bill, its detail and its scan.

    A month whose bill was rejected or cancelled takes a corrected bill, which replaces it."""
    at, month = at or timezone.now(), month.replace(day=1)
    if scan is None:
        raise BillError("Pindaian surat tagihan: wajib diunggah (PDF, JPEG atau PNG).")
    kind = sniff(scan[1], label="Pindaian surat tagihan")
    replaced = _free_month(office, month)
    due = limits(month).due
    case = start_case(
        sop_version=sop_version,
        office=office,
        actor=actor,
        subject=f"Tagihan iuran JK Kades dan Perangkat Desa {month_name(month)}",
        intake={"nomor_tagihan": number, "bulan": month.isoformat()},
        at=at,
    )
    case.deadline = due
    case.save(update_fields=["deadline"])
    bill = _create(case, office, month, number, issued_on, amount, virtual_account, due, replaced)
    BillLine.objects.bulk_create(BillLine(bill=bill, **vars(line)) for line in lines)
    bill.scan = store(
        case=case, requirement="tagihan", name=scan[0], content=scan[1], kind=kind, actor=actor
    )
    bill.save(update_fields=["scan"])
    if replaced:
        record_event(
            case=case,
            actor=actor,
            action="ganti_tagihan",
            at=at,
            payload={"menggantikan": replaced.case.code, "alasan": replaced.case.note},
        )
    return bill


def _free_month(office: Office, month: datetime.date) -> Bill | None:
    """The month's rejected or cancelled bill, now superseded; a live one refuses the month."""
    existing = (
        Bill.objects.select_for_update()
        .filter(office=office, month=month, superseded=False)
        .select_related("case")
        .first()
    )
    if existing is None:
        return None
    if existing.case.state not in CLOSED_UNPAID:
        raise BillError(
            f"Bulan tagihan: tagihan {month_name(month)} sudah didaftarkan "
            f"(kode {existing.case.code})."
        )
    existing.superseded = True
    existing.save(update_fields=["superseded"])
    return existing


def _create(case, office, month, number, issued_on, amount, virtual_account, due, replaced):
    try:
        with transaction.atomic():
            return Bill.objects.create(
                case=case,
                office=office,
                month=month,
                number=number,
                issued_on=issued_on,
                amount=amount,
                virtual_account=virtual_account,
                due_on=due,
                suspended_after=suspended_after(month),
                replaces=replaced,
            )
    except IntegrityError:  # another clerk registered the same month a moment ago
        raise BillError(f"Bulan tagihan: tagihan {month_name(month)} sudah didaftarkan.") from None


@transaction.atomic
def correct_bill(
    *,
    bill: Bill,
    actor,
    amount: int,
    reason: str,
    lines: list[LineInput] | None = None,
    at: datetime.datetime | None = None,
) -> Bill:
    """Before step 2: the bill's amount and (when given) its rincian replaced, with the reason."""
    at = at or timezone.now()
    bill = Bill.objects.select_for_update().select_related("case").get(pk=bill.pk)
    if not bill.case.is_open or bill.case.current_step != 1:
        raise BillError("Tagihan hanya dapat dikoreksi pada langkah 1, sebelum SPP diperiksa.")
    if not reason.strip():
        raise BillError("Alasan koreksi: wajib diisi.")
    before = {"jumlah": bill.amount, "baris": bill.lines.count()}
    bill.amount = amount
    bill.save(update_fields=["amount"])
    if lines is not None:
        bill.lines.all().delete()
        BillLine.objects.bulk_create(BillLine(bill=bill, **vars(line)) for line in lines)
    after = {"jumlah": bill.amount, "baris": bill.lines.count()}
    payload = {"sebelum": before, "sesudah": after, "alasan": reason.strip()}
    record_event(case=bill.case, actor=actor, action="koreksi_tagihan", at=at, payload=payload)
    return bill


@dataclass(frozen=True)
class SppParts:
    """What Permendagri 77/2020 expects on an SPP-LS/SPM-LS besides numbers and account."""

    spd_number: str
    spd_date: datetime.date | None
    program: str
    kegiatan: str
    sub_kegiatan: str
    skpd_code: str
    bank_name: str
    bank_account_name: str
    npwp: str = ""
    deductions: int = 0

    LABELS = {
        "spd_number": "Nomor SPD",
        "program": "Program",
        "kegiatan": "Kegiatan",
        "sub_kegiatan": "Sub kegiatan",
        "skpd_code": "Kode SKPD",
        "bank_name": "Bank penerima",
        "bank_account_name": "Nama rekening penerima",
    }


@transaction.atomic
def prepare_payment(
    *,
    bill: Bill,
    actor,
    spp_number: str,
    spm_number: str,
    account_code: str,
    account_name: str,
    parts: SppParts,
    at: datetime.datetime | None = None,
) -> Bill:
    """Step 1: the SPP and SPM drafts get their numbers, budget account and 77/2020 parts."""
    at = at or timezone.now()
    bill = Bill.objects.select_for_update().select_related("case").get(pk=bill.pk)
    if bill.case.current_step != 1 or not bill.case.is_open:
        raise BillError("SPP dan SPM hanya dapat diubah pada langkah 1.")
    bill.account_code = _required(account_code, "Kode rekening")
    bill.account_name = _required(account_name, "Nama rekening belanja")
    for name, label in SppParts.LABELS.items():
        setattr(bill, name, _required(getattr(parts, name), label))
    if parts.spd_date is None:
        raise BillError("Tanggal SPD: wajib diisi.")
    if parts.deductions < 0 or parts.deductions >= bill.amount:
        raise BillError("Potongan: tidak boleh negatif dan harus kurang dari jumlah tagihan.")
    bill.spd_date, bill.npwp, bill.deductions = parts.spd_date, parts.npwp.strip(), parts.deductions
    bill.spp_number = _number(bill, "spp", spp_number, "Nomor SPP", at, actor)
    bill.spm_number = _number(bill, "spm", spm_number, "Nomor SPM", at, actor)
    fields = ["account_code", "account_name", "spp_number", "spm_number", *SppParts.LABELS]
    bill.save(update_fields=[*fields, "spd_date", "npwp", "deductions"])
    record_event(
        case=bill.case,
        actor=actor,
        action="siapkan_spp_spm",
        at=at,
        payload={"spp": bill.spp_number, "spm": bill.spm_number},
    )
    return bill


def _required(value: str, label: str) -> str:
    if not value.strip():
        raise BillError(f"{label}: wajib diisi.")
    return value.strip()


def _number(bill: Bill, kind: str, typed: str, label: str, at, actor) -> str:
    """Typed from the finance system, or taken once from the office's register when set so."""
    template = settings.IURAN_NUMBER_FORMATS.get(kind)
    if not template:
        return _required(typed, label)
    current = getattr(bill, f"{kind}_number")
    if current:
        return current
    register, _ = Register.objects.get_or_create(
        office=bill.office,
        kode=kind,
        defaults={"name": f"Register {kind.upper()}", "number_format": template},
    )
    entry = enter(
        register=register,
        case=bill.case,
        subject=bill.case.subject,
        day=local(at).date(),
        actor=actor,
    )
    return entry.formatted


def payment_problems(case: Case) -> list[str]:
    """Step 1 is done only when the SPP and SPM have their numbers and account."""
    bill = case.bill
    missing = [
        label
        for label, value in (
            ("nomor SPP", bill.spp_number),
            ("nomor SPM", bill.spm_number),
            ("kode rekening", bill.account_code),
            ("nomor SPD", bill.spd_number),
            ("sub kegiatan", bill.sub_kegiatan),
            ("kode SKPD", bill.skpd_code),
            ("bank penerima", bill.bank_name),
        )
        if not value
    ]
    return [f"SPP dan SPM belum disiapkan ({', '.join(missing)})."] if missing else []


LINE_COLUMNS = ["nik", "nama", "iuran"]


def lines_from_table(content: bytes, filename: str) -> list[LineInput]:
    """The bill's detail from CSV/XLSX (nik, nama, nomor_bpjs, iuran); every bad row named."""
    try:
        rows = read_table(content, filename)
    except TableError as error:
        raise BillError(f"Rincian tagihan: {error}") from None
    header = column_positions(rows[0][1])
    missing = [name for name in LINE_COLUMNS if name not in header]
    if missing:
        raise BillError(f"Rincian tagihan: kolom {', '.join(missing)} tidak ada.")
    lines, errors, seen = [], [], set()
    for line, cells in rows[1:]:
        values = {name: cell_text(cells[i]) if i < len(cells) else "" for name, i in header.items()}
        nik = values["nik"]
        try:
            amount = rupiah_cell(cells[header["iuran"]] if header["iuran"] < len(cells) else None)
        except TableError as error:
            errors.append(f"baris {line}: iuran: {error}")
            continue
        try:
            check_region(nik)
        except NomorError as error:
            errors.append(f"baris {line}: nik: {error}")
        if nik in seen:
            errors.append(f"baris {line}: nik: muncul dua kali")
        seen.add(nik)
        bpjs_cell = cells[header["nomor_bpjs"]] if header.get("nomor_bpjs", 99) < len(cells) else ""
        if isinstance(bpjs_cell, int | float):
            errors.append(
                f"baris {line}: nomor_bpjs: tulis sebagai teks agar angka 0 di depan tetap"
            )
        name, bpjs = values["nama"][:200], values.get("nomor_bpjs", "")[:20]
        lines.append(LineInput(nik=nik, name=name, bpjs_number=bpjs, amount=amount))
    if errors:
        raise BillError("Rincian tagihan ditolak: " + "; ".join(errors))
    return lines
