"""After the SPM goes to BPKAD: the SP2D and the transfer, lateness, and the checks of steps 3-4.

The case ends when paid: step 4 (send and archive) completes only once the SP2D and the
transfer proof (or BPJS's payment status) are recorded here.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from tertib.cases.audit import record_event
from tertib.cases.engine import open_record
from tertib.cases.models import Case, StepRecord
from tertib.cases.uploads import sniff, store
from tertib.org.models import Assignment
from tertib.services.iuran.bills import BillError
from tertib.services.iuran.models import Bill

SPP_SIGNER, SPM_SIGNER = "sekdin_kabid", "ka_dinas"


@transaction.atomic
def record_sp2d(
    *,
    bill: Bill,
    actor,
    sp2d_number: str,
    sp2d_date: datetime.date,
    paid_on: datetime.date,
    proof: tuple[str, bytes] | None = None,
    bpjs_paid: bool = False,
    at: datetime.datetime | None = None,
) -> Bill:
    """Step 4: the SP2D BPKAD issued and the transfer's proof (or BPJS's lunas status)."""
    at = at or timezone.now()
    bill = Bill.objects.select_for_update().select_related("case").get(pk=bill.pk)
    if not bill.case.is_open or bill.case.current_step != 4:
        raise BillError("SP2D hanya dapat dicatat pada langkah 4, setelah SPM ditandatangani.")
    if not sp2d_number.strip():
        raise BillError("Nomor SP2D: wajib diisi.")
    if sp2d_date > paid_on:
        raise BillError("Tanggal transfer: tidak boleh sebelum tanggal SP2D.")
    if paid_on > timezone.localdate(at):
        raise BillError("Tanggal transfer: tidak boleh di masa depan.")
    if proof is None and not bpjs_paid:
        raise BillError("Bukti transfer: unggah bukti, atau centang status lunas dari BPJS.")
    if proof is not None:
        kind = sniff(proof[1], label="Bukti transfer")
        bill.transfer_proof = store(
            case=bill.case,
            requirement="bukti_transfer",
            name=proof[0],
            content=proof[1],
            kind=kind,
            actor=actor,
        )
    bill.sp2d_number, bill.sp2d_date = sp2d_number.strip(), sp2d_date
    bill.paid_on, bill.bpjs_paid = paid_on, bpjs_paid
    bill.save(update_fields=["sp2d_number", "sp2d_date", "paid_on", "bpjs_paid", "transfer_proof"])
    _settle_lateness(bill)
    payload = {
        "sp2d": bill.sp2d_number,
        "tanggal_sp2d": sp2d_date.isoformat(),
        "dibayar": paid_on.isoformat(),
        "terlambat": bill.paid_late,
    }
    record_event(case=bill.case, actor=actor, action="catat_sp2d", at=at, payload=payload)
    return bill


def record_lateness(bill: Bill, *, on: datetime.date) -> None:
    """Mark an unpaid bill overdue / past its month as of a day; a paid one is settled."""
    if bill.paid_on is not None:
        return
    changed = []
    if on > bill.due_on and bill.overdue_since is None:
        bill.overdue_since = bill.due_on + datetime.timedelta(days=1)
        changed.append("overdue_since")
    if on > bill.suspended_after and bill.past_month_since is None:
        bill.past_month_since = bill.suspended_after + datetime.timedelta(days=1)
        changed.append("past_month_since")
    if changed:
        bill.save(update_fields=changed)


def _settle_lateness(bill: Bill) -> None:
    """The payment date decides for good (a payment recorded a few days late may still be on
    time)."""
    day = bill.paid_on
    one = datetime.timedelta(days=1)
    bill.overdue_since = bill.due_on + one if day > bill.due_on else None
    bill.past_month_since = bill.suspended_after + one if day > bill.suspended_after else None
    bill.save(update_fields=["overdue_since", "past_month_since"])


# Named checks of the SOP file (layanan.aksi.periksa), registered in apps.py.


def sp2d_problems(case: Case) -> list[str]:
    """Step 4 ends the case only when the money is paid."""
    bill = case.bill
    if not bill.is_paid:
        return ["Pembayaran belum tercatat: isi nomor dan tanggal SP2D serta tanggal transfer."]
    if bill.transfer_proof_id is None and not bill.bpjs_paid:
        return ["Bukti transfer belum diunggah dan status lunas BPJS belum dicatat."]
    return []


def lateness_on_completion(case: Case) -> list[str]:
    """Not a check: records the bill's lateness each time a step completes; never stops it."""
    bill = Bill.objects.select_for_update().get(pk=case.bill.pk)
    record_lateness(bill, on=timezone.localdate())
    return []


def signer_problems(case: Case) -> list[str]:
    """The SPM must be signed by someone else than the SPP's signer (step 3)."""
    spp = _spp_signature(case)
    if spp is None:
        return []
    record = open_record(case)
    if record is None or record.step_no != 3:
        return []
    name = spp.completed_by.get_full_name() or spp.completed_by.username
    if record.claimed_by_id == spp.completed_by_id:
        return [
            f"SPP dan SPM harus ditandatangani orang yang berbeda: {name} sudah menandatangani SPP."
        ]
    if record.claimed_by_id is None and _may_sign_spm(case, spp.completed_by):
        return [
            f"{name} menandatangani SPP dan juga memegang jabatan penanda tangan SPM: "
            "ambil langkah ini dulu oleh penanda tangan SPM yang lain."
        ]
    return []


def _spp_signature(case: Case) -> StepRecord | None:
    return (
        case.records.filter(step_no=2, pelaksana=SPP_SIGNER, outcome="lanjut")
        .select_related("completed_by")
        .order_by("-pk")
        .first()
    )


def _may_sign_spm(case: Case, user) -> bool:
    holders = Assignment.objects.on(timezone.localdate()).filter(
        position__office=case.office, position__kode=SPM_SIGNER, user=user
    )
    return holders.exists()
