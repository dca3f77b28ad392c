"""Printed documents of a contribution case: the SPP-LS and SPM drafts, the check report and the
archive bundle issued at step 4. One context function and one template each; the HTML preview
and the PDF use the same pair.

Who signs comes from the step records of the current round (since the case last arrived at
step 1, so an SPM refused at step 3 voids the earlier signatures); before that, from the holder
of the post; else a blank line.
"""

import base64
import datetime
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from tertib.cases import storage
from tertib.cases.documents import (
    new_document_code,
    public_url,
    qr_data_uri,
    render_pdf,
    store_document,
)
from tertib.cases.models import Case, IssuedDocument, Outcome, StepRecord
from tertib.lib.dates import month_name, tanggal
from tertib.lib.money import rupiah, terbilang
from tertib.lib.nik import mask
from tertib.org.access import assignment_for
from tertib.org.models import Assignment, Position
from tertib.services.iuran.check import Check, DesaTotal, Item, Person, check_bill
from tertib.services.iuran.contribution import rule_for
from tertib.services.iuran.models import Bill, ContributionRule
from tertib.sop.definition import Definition

PAYEE = "BPJS Kesehatan"
UNNUMBERED = "(belum bernomor)"
DONE = ("lanjut", "ya")
# Pelaksana kodes of the iuran SOP (sops/dinas-pmd/iuran-jaminan-kesehatan.yaml).
PREPARER, PARAF, SPP_SIGNER, SPM_SIGNER = "pelaksana", "ka_subbag_kasi", "sekdin_kabid", "ka_dinas"
ACTS = {
    PARAF: "Memeriksa data dan memaraf SPP",
    SPP_SIGNER: "Menandatangani SPP",
    SPM_SIGNER: "Menandatangani SPM (Pengguna Anggaran)",
}


@dataclass(frozen=True)
class Signature:
    """A signature block: who signed and when, or who is expected to sign."""

    title: str
    name: str = ""
    nip: str = ""
    at: datetime.datetime | None = None

    @property
    def signed(self) -> bool:
        return self.at is not None


def spp_context(bill: Bill) -> dict:
    """The SPP-LS: prepared by the pelaksana, initialled by the Ka. Subbag, signed by the Sekdin."""
    case = bill.case
    signer = _signature(bill, SPP_SIGNER, _done(case, SPP_SIGNER))
    return {
        **_payment_context(bill),
        "title": "SURAT PERMINTAAN PEMBAYARAN LANGSUNG (SPP-LS)",
        "number": bill.spp_number or UNNUMBERED,
        "date": _date(signer),
        "signer": signer,
        "preparer": _signature(bill, PREPARER, _prepared(case)),
        "paraf": _signature(bill, PARAF, _done(case, PARAF)),
        "final": signer.signed,
    }


def spm_context(bill: Bill) -> dict:
    """The SPM-LS, signed by the Ka. Dinas as Pengguna Anggaran, on the basis of the SPP."""
    signer = _signature(bill, SPM_SIGNER, _done(bill.case, SPM_SIGNER))
    spp_signer = _signature(bill, SPP_SIGNER, _done(bill.case, SPP_SIGNER))
    return {
        **_payment_context(bill),
        "title": "SURAT PERINTAH MEMBAYAR (SPM)",
        "number": bill.spm_number or UNNUMBERED,
        "date": _date(signer),
        "spp_number": bill.spp_number or UNNUMBERED,
        "spp_date": _date(spp_signer) if spp_signer.signed else "",
        "signer": signer,
        "final": signer.signed,
    }


def check_context(bill: Bill) -> dict:
    """The contribution check as a report: rule, totals, per desa, per person, problems."""
    check = check_bill(bill)
    desa = [_desa_row(row) for row in check.desa]
    return {
        "office": bill.office,
        "print_css": _print_css(),
        "bill": bill,
        "month": month_name(bill.month),
        "issued_on": tanggal(bill.issued_on),
        "checked_on": tanggal(timezone.localdate()),
        "rule": _rule_rows(rule_for(bill.month)),
        "totals": [
            ("Jumlah tagihan BPJS", rupiah(check.bill_amount)),
            ("Jumlah rincian tagihan per orang", rupiah(check.lines_total)),
            ("Perhitungan dari daftar terverifikasi", rupiah(check.expected)),
            ("Selisih (tagihan − perhitungan)", rupiah(check.bill_amount - check.expected)),
            ("Dibayar setelah rekonsiliasi", rupiah(check.reconciled_amount)),
        ],
        "desa": desa,
        "desa_total": _desa_total(check),
        "differences": [_person_row(person) for person in check.differences],
        "unverified": [
            {"nik": mask(o.nik), "name": o.name, "jabatan": o.jabatan, "desa": o.desa.name}
            for o in check.unverified
        ],
        "problems": check.problems,
        "items": [_item_row(item) for item in check.items],
        "reconciled": rupiah(check.reconciled_amount),
    }


def issue_archive(case: Case) -> IssuedDocument:
    """Step 4: cover, bill scan, check report, SPP and SPM as one PDF, stored with its hash.

    Runs inside the step's transaction (the engine calls it after step 4)."""
    bill = case.bill
    code = new_document_code()
    scan = _scan(bill)
    parts = [
        render_pdf("iuran/arsip_sampul.html", _cover_context(case, code, scan)),
        *([scan] if scan and _is_pdf(scan) else []),
        render_pdf("iuran/pemeriksaan.html", check_context(bill)),
        render_pdf("iuran/spp.html", spp_context(bill)),
        render_pdf("iuran/spm.html", spm_context(bill)),
    ]
    signer = _signature(bill, SPM_SIGNER, _done(case, SPM_SIGNER))
    return store_document(
        case,
        "arsip_iuran",
        code,
        _merge(parts),
        number=bill.spm_number,
        signer_name=signer.name,
        signer_title=signer.title,
    )


def _cover_context(case: Case, code: str, scan: bytes | None) -> dict:
    """The cover of the archive bundle, with its verification code and QR."""
    bill = case.bill
    url = public_url(reverse("public:verify", args=[code]))
    return {
        "office": bill.office,
        "print_css": _print_css(),
        "case": case,
        "bill": bill,
        "payee": PAYEE,
        "month": month_name(bill.month),
        "issued_on": tanggal(bill.issued_on),
        "amount": rupiah(bill.amount),
        "words": terbilang(bill.amount),
        "spp_number": bill.spp_number or UNNUMBERED,
        "spm_number": bill.spm_number or UNNUMBERED,
        "dispatch": _dispatch(case.dispatch),
        "history": _history(case),
        "scan_pages": _page_count(scan) if scan else 0,
        "scan_image": _data_uri(bill, scan) if scan and not _is_pdf(scan) else "",
        "code": code,
        "verify_url": url,
        "qr": qr_data_uri(url),
    }


def _budget_parts(bill: Bill) -> dict:
    return {
        "spd": f"{bill.spd_number}, {tanggal(bill.spd_date)}" if bill.spd_date else "—",
        "program": bill.program or "—",
        "kegiatan": bill.kegiatan or "—",
        "sub_kegiatan": bill.sub_kegiatan or "—",
        "skpd_code": bill.skpd_code or "—",
        "bank": bill.bank_name or "—",
        "bank_account_name": bill.bank_account_name or PAYEE,
        "npwp": bill.npwp or "—",
    }


def _payment_context(bill: Bill) -> dict:
    """Shared by SPP and SPM: the reconciled amount, the 77/2020 parts and the finance officers."""
    month = month_name(bill.month)
    paid = check_bill(bill).reconciled_amount
    net = paid - bill.deductions
    return {
        **_budget_parts(bill),
        "billed": rupiah(bill.amount),
        "deductions": rupiah(bill.deductions),
        "net": rupiah(net),
        "net_words": terbilang(net),
        "bendahara": _signature(bill, settings.IURAN_BENDAHARA, None),
        "ppk": _signature(bill, settings.IURAN_PPK_SKPD, None),
        "office": bill.office,
        "print_css": _print_css(),
        "bill": bill,
        "year": bill.month.year,
        "month": month,
        "payee": PAYEE,
        "virtual_account": bill.virtual_account,
        "amount": rupiah(paid),
        "words": terbilang(paid),
        "account_code": bill.account_code,
        "account_name": bill.account_name,
        "purpose": (
            f"Pembayaran iuran Jaminan Kesehatan Kepala Desa dan Perangkat Desa bulan {month}"
        ),
        "basis": f"Surat tagihan {PAYEE} Nomor {bill.number} tanggal {tanggal(bill.issued_on)}",
    }


def _round(case: Case) -> QuerySet[StepRecord]:
    """The records since the case last arrived at its first step."""
    first = case.sop_version.definition.langkah[0].no
    start = case.records.filter(step_no=first).order_by("-pk").values_list("pk", flat=True)
    return case.records.filter(pk__gte=start.first() or 0).select_related("completed_by")


def _done(case: Case, kode: str) -> StepRecord | None:
    done = _round(case).filter(pelaksana=kode, outcome__in=DONE, completed_at__isnull=False)
    return done.order_by("-pk").first()


def _prepared(case: Case) -> StepRecord | None:
    return _round(case).filter(completed_at__isnull=False).order_by("pk").first()


def _signature(bill: Bill, kode: str, record: StepRecord | None) -> Signature:
    if record is not None:
        day = timezone.localdate(record.completed_at)
        held = assignment_for(record.completed_by, office=bill.office, kode=kode, on=day)
        name = record.completed_by.get_full_name()
        return Signature(record.signed_as, name, held.nip if held else "", record.completed_at)
    holder = (
        Assignment.objects.on(timezone.localdate())
        .filter(position__office=bill.office, position__kode=kode)
        .select_related("user", "position")
        .first()
    )
    if holder is not None:
        return Signature(holder.signature_title, holder.user.get_full_name(), holder.nip)
    position = Position.objects.filter(office=bill.office, kode=kode).first()
    return Signature(position.title if position else "")


def _date(signature: Signature) -> str:
    """The signing date; a draft carries today's date."""
    at = signature.at or timezone.now()
    return tanggal(timezone.localdate(at))


def _moment(at: datetime.datetime, office) -> str:
    """A moment on the office's clock, with its zone: "5 November 2026, 09:10 WIB"."""
    local = timezone.localtime(at, office.tz)
    return f"{tanggal(local.date())}, {local:%H:%M} {office.tz_label}"


def _history(case: Case) -> list[dict]:
    """Who prepared, initialled, signed, returned and sent the SPP and SPM, and when: every
    round, a returned one too, numbered from the first."""
    definition = case.sop_version.definition
    first = definition.langkah[0].no
    records = case.records.filter(completed_at__isnull=False).select_related("completed_by")
    rows, round_no = [], 0
    for record in records.order_by("pk"):
        round_no += record.step_no == first and record.outcome in DONE
        rows.append(
            {
                "round": max(round_no, 1),
                "act": _act(record, definition),
                "name": record.completed_by.get_full_name(),
                "title": record.signed_as,
                "when": _moment(record.completed_at, case.office),
            }
        )
    return rows


def _act(record: StepRecord, definition: Definition) -> str:
    """What the record's official did, as the archive's signing table says it."""
    note = f": {record.note}" if record.note else ""
    if record.outcome == Outcome.TIDAK:
        step = definition.step(record.step_no)
        back = step.tidak if step else definition.langkah[0].no
        return f"Mengembalikan SPP dan SPM ke langkah {back}{note}"
    if record.outcome not in DONE:
        return f"{record.get_outcome_display()}{note}"
    if record.pelaksana in ACTS:
        return ACTS[record.pelaksana]
    first = definition.langkah[0].no
    return "Menyiapkan SPP dan SPM" if record.step_no == first else "Mengirim SPM ke BPKAD"


def _dispatch(dispatch: dict) -> dict:
    sent_on = dispatch.get("tanggal")
    return {
        "tanggal": tanggal(datetime.date.fromisoformat(sent_on)) if sent_on else "",
        "penerima": dispatch.get("penerima", ""),
        "nomor_tanda_terima": dispatch.get("nomor_tanda_terima", ""),
    }


def _rule_rows(rule: ContributionRule) -> list[tuple[str, str]]:
    employer, employee = _percent(rule.employer_percent), _percent(rule.employee_percent)
    if rule.billed == ContributionRule.Billed.PEMDA:
        billed = f"bagian Pemda saja ({employer} %)"
    else:
        billed = f"seluruh iuran ({_percent(rule.employer_percent + rule.employee_percent)} %)"
    return [
        ("Berlaku mulai", tanggal(rule.valid_from)),
        ("Bagian Pemda", f"{employer} % dari upah"),
        ("Bagian perangkat desa", f"{employee} % dari upah"),
        ("Yang ditagihkan", billed),
        ("Batas atas upah", rupiah(rule.wage_cap)),
        ("Batas bawah upah", rupiah(rule.wage_floor) if rule.wage_floor else "tidak ada"),
        ("Dasar hukum", rule.basis or "—"),
    ]


def _percent(value: Decimal) -> str:
    """4.00 -> "4", 0.50 -> "0,5"."""
    return format(value.normalize(), "f").replace(".", ",")


def _desa_row(row: DesaTotal) -> dict:
    return {
        "kecamatan": row.kecamatan,
        "desa": row.desa,
        "people": row.people,
        "expected": rupiah(row.expected),
        "billed": rupiah(row.billed),
        "difference": rupiah(row.difference),
    }


def _desa_total(check: Check) -> dict:
    expected = sum(row.expected for row in check.desa)
    billed = sum(row.billed for row in check.desa)
    return {
        "people": sum(row.people for row in check.desa),
        "expected": rupiah(expected),
        "billed": rupiah(billed),
        "difference": rupiah(billed - expected),
    }


def _item_row(item: Item) -> dict:
    decision = item.decision
    return {
        "label": item.label,
        "who": f"{item.person.name} ({item.person.masked_nik})" if item.person else "",
        "cause": item.cause,
        "difference": rupiah(item.difference),
        "decision": (
            f"{decision.get_choice_display()}: {decision.reason}"
            if decision
            else "belum diputuskan"
        ),
    }


def _person_row(person: Person) -> dict:
    return {
        "nik": person.masked_nik,
        "name": person.name,
        "desa": person.desa,
        "label": person.label,
        "expected": rupiah(person.expected),
        "billed": rupiah(person.billed),
    }


def _scan(bill: Bill) -> bytes | None:
    if bill.scan is None:
        return None
    return storage.read(bill.scan.path)


def _is_pdf(content: bytes) -> bool:
    return content.startswith(b"%PDF-")


def _page_count(content: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(content)).pages) if _is_pdf(content) else 1


def _data_uri(bill: Bill, content: bytes) -> str:
    return f"data:{bill.scan.content_type};base64," + base64.b64encode(content).decode()


def _merge(parts: list[bytes]) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _print_css() -> str:
    """The rules these documents add to cases/print.css; inlined, as WeasyPrint gets a string."""
    return Path(finders.find("css/iuran-print.css")).read_text(encoding="utf-8")
