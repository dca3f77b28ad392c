"""Reminders and escalation as a bill's month limit nears; run by `manage.py sweep`."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from tertib.cases.engine import open_record
from tertib.cases.models import Case, Notice
from tertib.lib.dates import month_name, tanggal
from tertib.org.models import Assignment
from tertib.services.iuran.deadlines import DaysLeft, days_left
from tertib.services.iuran.models import Bill


@dataclass
class SweepReport:
    bills: int = 0
    notices: int = 0
    emails: int = 0


def sweep(*, today: datetime.date) -> SweepReport:
    """Look at every open bill once; each bill is its own transaction."""
    report = SweepReport()
    open_bills = Bill.objects.filter(case__state=Case.State.BERJALAN).values_list("pk", flat=True)
    for pk in open_bills:
        sent = remind(bill_id=pk, today=today)
        report.bills += 1
        report.notices += len(sent)
        report.emails += sum(notice.emailed for notice in sent)
    return report


@transaction.atomic
def remind(*, bill_id: int, today: datetime.date) -> list[Notice]:
    """Record lateness and send the notices this day calls for, each at most once."""
    bill = Bill.objects.select_for_update().select_related("case__office").get(pk=bill_id)
    left = days_left(due=bill.due_on, month_end=bill.suspended_after, today=today)
    _record_lateness(bill, left, today)
    record = open_record(bill.case)
    if record is None:
        return []
    notices = []
    if left.to_due in settings.IURAN_REMIND_DAYS or left.to_due < 0:
        kind = "pengingat_lewat" if left.to_due < 0 else f"pengingat_{left.to_due}"
        notices += _notify(bill, record.pelaksana, kind, _reminder_text(bill, left))
    if left.to_month_end <= settings.IURAN_ESCALATE_DAYS or left.to_due < 0:
        kind = "eskalasi_lewat" if left.to_month_end < 0 else "eskalasi"
        notices += _notify(bill, settings.IURAN_ESCALATE_TO, kind, _escalation_text(bill, left))
    return notices


def _record_lateness(bill: Bill, left: DaysLeft, today: datetime.date) -> None:
    changed = []
    if left.to_due < 0 and bill.overdue_since is None:
        bill.overdue_since = bill.due_on + datetime.timedelta(days=1)
        changed.append("overdue_since")
    if left.to_month_end < 0 and bill.past_month_since is None:
        bill.past_month_since = bill.suspended_after + datetime.timedelta(days=1)
        changed.append("past_month_since")
    if changed:
        bill.save(update_fields=changed)


def _notify(bill: Bill, kode: str, kind: str, message: str) -> list[Notice]:
    holders = (
        Assignment.objects.on(timezone.localdate())
        .filter(position__office=bill.office, position__kode=kode)
        .select_related("user")
    )
    sent = []
    for assignment in holders:
        notice, created = Notice.objects.get_or_create(
            case=bill.case,
            user=assignment.user,
            kind=kind,
            defaults={"message": message, "created_at": timezone.now()},
        )
        if created and assignment.user.email:
            # A failed mail must not undo the in-app notice; it shows on the worklist anyway.
            notice.emailed = bool(
                send_mail(
                    f"[Tertib] {bill.case.subject}",
                    message,
                    None,
                    [assignment.user.email],
                    fail_silently=True,
                )
            )
            notice.save(update_fields=["emailed"])
        if created:
            sent.append(notice)
    return sent


def _reminder_text(bill: Bill, left: DaysLeft) -> str:
    when = (
        f"lewat {-left.to_due} hari dari jatuh tempo"
        if left.to_due < 0
        else (
            "jatuh tempo hari ini" if left.to_due == 0 else f"{left.to_due} hari lagi jatuh tempo"
        )
    )
    return (
        f"Iuran {month_name(bill.month)} {when} ({tanggal(bill.due_on)}); "
        f"perkara {bill.case.code} masih di langkah {bill.case.current_step}."
    )


def _escalation_text(bill: Bill, left: DaysLeft) -> str:
    if left.to_month_end < 0:
        return (
            f"Iuran {month_name(bill.month)} belum dibayar sampai akhir bulan: kepesertaan "
            f"kepala desa dan perangkat desa nonaktif sejak {tanggal(bill.past_month_since)}."
        )
    return (
        f"Iuran {month_name(bill.month)} harus dibayar sebelum {tanggal(bill.suspended_after)} "
        f"({left.to_month_end} hari lagi); perkara {bill.case.code} masih di langkah "
        f"{bill.case.current_step}."
    )
