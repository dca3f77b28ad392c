"""Registering a BPJS bill (the case of its month) and preparing its SPP and SPM."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from tertib.cases.clock import calendar, local
from tertib.cases.engine import start_case
from tertib.cases.models import Case, Register
from tertib.cases.registers import enter
from tertib.cases.uploads import sniff, store
from tertib.lib.dates import month_name
from tertib.org.models import Office
from tertib.services.iuran.deadlines import due_on, suspended_after
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
    scan: tuple[str, bytes] | None = None,
    at: datetime.datetime | None = None,
) -> Bill:
    """Open the case of the billing month at step 1, with the bill, its detail and its scan."""
    at, month = at or timezone.now(), month.replace(day=1)
    existing = Bill.objects.filter(office=office, month=month).select_related("case").first()
    if existing:
        raise BillError(
            f"Bulan tagihan: tagihan {month_name(month)} sudah didaftarkan "
            f"(kode {existing.case.code})."
        )
    kind = sniff(scan[1], label="Pindaian surat tagihan") if scan else None
    due = due_on(month, calendar=calendar(), due_day=settings.IURAN_DUE_DAY)
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
    bill = _create(case, office, month, number, issued_on, amount, virtual_account, due)
    BillLine.objects.bulk_create(BillLine(bill=bill, **vars(line)) for line in lines)
    if scan:
        bill.scan = store(
            case=case, requirement="tagihan", name=scan[0], content=scan[1], kind=kind, actor=actor
        )
        bill.save(update_fields=["scan"])
    return bill


def _create(case, office, month, number, issued_on, amount, virtual_account, due) -> Bill:
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
            )
    except IntegrityError:  # another clerk registered the same month a moment ago
        raise BillError(f"Bulan tagihan: tagihan {month_name(month)} sudah didaftarkan.") from None


@transaction.atomic
def prepare_payment(
    *,
    bill: Bill,
    actor,
    spp_number: str,
    spm_number: str,
    account_code: str,
    account_name: str,
    at: datetime.datetime | None = None,
) -> Bill:
    """Step 1: the SPP and SPM drafts get their numbers and budget account."""
    at = at or timezone.now()
    bill = Bill.objects.select_for_update().select_related("case").get(pk=bill.pk)
    if bill.case.current_step != 1 or not bill.case.is_open:
        raise BillError("SPP dan SPM hanya dapat diubah pada langkah 1.")
    bill.account_code = _required(account_code, "Kode rekening")
    bill.account_name = _required(account_name, "Nama rekening belanja")
    bill.spp_number = _number(bill, "spp", spp_number, "Nomor SPP", at, actor)
    bill.spm_number = _number(bill, "spm", spm_number, "Nomor SPM", at, actor)
    bill.save(update_fields=["account_code", "account_name", "spp_number", "spm_number"])
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
        if not (len(nik) == 16 and nik.isdigit()):
            errors.append(f"baris {line}: nik: harus 16 angka")
        elif nik in seen:
            errors.append(f"baris {line}: nik: muncul dua kali")
        seen.add(nik)
        name, bpjs = values["nama"][:200], values.get("nomor_bpjs", "")[:20]
        lines.append(LineInput(nik=nik, name=name, bpjs_number=bpjs, amount=amount))
    if errors:
        raise BillError("Rincian tagihan ditolak: " + "; ".join(errors))
    return lines
