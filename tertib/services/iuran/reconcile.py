"""Recording the pelaksana's decision on a difference of the reconciliation."""

import datetime

from django.db import transaction
from django.utils import timezone

from tertib.cases.audit import record_event
from tertib.services.iuran.bills import BillError
from tertib.services.iuran.check import check_bill
from tertib.services.iuran.models import Bill, Decision


@transaction.atomic
def decide(
    *,
    bill: Bill,
    actor,
    key: str,
    choice: str,
    reason: str,
    at: datetime.datetime | None = None,
) -> Decision:
    """Decide one listed difference (the rounding group is one) with a reason, at step 1."""
    at = at or timezone.now()
    bill = Bill.objects.select_for_update().select_related("case").get(pk=bill.pk)
    if not bill.case.is_open or bill.case.current_step != 1:
        raise BillError("Keputusan selisih hanya dapat dicatat pada langkah 1.")
    if choice not in Decision.Choice.values:
        raise BillError("Keputusan: pilih salah satu dari daftar.")
    if not reason.strip():
        raise BillError("Alasan: wajib diisi untuk setiap keputusan selisih.")
    item = next((item for item in check_bill(bill).items if item.key == key), None)
    if item is None:
        raise BillError("Selisih: tidak ada lagi di pemeriksaan; muat ulang halaman.")
    decision, _ = Decision.objects.update_or_create(
        bill=bill,
        key=key,
        defaults={
            "choice": choice,
            "reason": reason.strip(),
            "difference": item.difference,
            "decided_by": actor,
            "decided_at": at,
        },
    )
    record_event(
        case=bill.case,
        actor=actor,
        action="putuskan_selisih",
        at=at,
        payload={"selisih": key, "keputusan": choice, "jumlah": item.difference},
    )
    return decision
