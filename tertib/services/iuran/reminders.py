"""Reminders and escalation as a bill's month limit nears; run by `manage.py sweep`."""

import datetime
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from tertib.cases.engine import open_record
from tertib.cases.models import Case, Notice
from tertib.lib.dates import month_name, tanggal
from tertib.org.models import Assignment
from tertib.services.iuran.deadlines import DaysLeft, days_left, iuran_calendar, limits
from tertib.services.iuran.models import Bill
from tertib.services.iuran.payment import record_lateness


@dataclass
class SweepReport:
    bills: int = 0
    notices: int = 0
    emails: int = 0


def sweep(*, today: datetime.date) -> SweepReport:
    """Look at every live bill of an unpaid month once; each bill is its own transaction.

    Open bills get reminders and escalation; a rejected or cancelled bill not yet replaced
    keeps warning, since its month still has to be paid."""
    report = SweepReport()
    live = Bill.objects.filter(superseded=False, suspended_after__gte=today - MONTH_GRACE)
    watched = live.filter(case__state__in=WATCHED).values_list("pk", flat=True)
    for pk in watched:
        sent = remind(bill_id=pk, today=today)
        report.bills += 1
        report.notices += len(sent)
        report.emails += sum(notice.emailed for notice in sent)
    return report


@transaction.atomic
def remind(*, bill_id: int, today: datetime.date) -> list[Notice]:
    """Record lateness and send the notices this day calls for, each at most once."""
    bill = Bill.objects.select_for_update().select_related("case__office").get(pk=bill_id)
    cal = iuran_calendar()
    left = days_left(limits(bill.month, calendar=cal), today=today, calendar=cal)
    if bill.case.is_open:
        record_lateness(bill, on=today)
    if not cal.is_working_day(today):
        return []
    if not bill.case.is_open:
        return _closed_unpaid(bill, left, today)
    record = open_record(bill.case)
    if record is None:
        return []
    notices = []
    for kind, text in _reminders(bill, left):
        notices += _notify(bill, [record.pelaksana], kind, text)
    if left.past_month and bill.past_month_since:
        notices += _notify(
            bill, _escalation_posts(bill), "eskalasi_lewat", _escalation_text(bill, left)
        )
    elif left.to_spm_by <= settings.IURAN_ESCALATE_DAYS or left.to_due < 0:
        kind = f"eskalasi_{today:%Y%m%d}"  # every working day until paid
        notices += _notify(bill, _escalation_posts(bill), kind, _escalation_text(bill, left))
    return notices


# A month still gets swept this long after it ended (suspension warnings, late payment).
MONTH_GRACE = datetime.timedelta(days=62)
WATCHED = [
    Case.State.BERJALAN,
    Case.State.MENUNGGU_PEMOHON,
    Case.State.DITOLAK,
    Case.State.DIBATALKAN,
]


def _reminders(bill: Bill, left: DaysLeft) -> list[tuple[str, str]]:
    """The reminders of the day for the open step's holder: before the due day, before the
    SPM day, and once past the due day."""
    days = settings.IURAN_REMIND_DAYS
    due_text = f"jatuh tempo {tanggal(bill.due_on)}"
    spm_text = f"batas SPM ke BPKAD {tanggal(limits(bill.month).spm_by)}"
    out = []
    if left.to_due in days:
        out.append((f"pengingat_{left.to_due}", _when(left.to_due) + f" {due_text}"))
    elif left.to_due < 0:
        out.append(("pengingat_lewat", f"lewat {due_text}"))
    if left.to_spm_by in days:
        out.append((f"pengingat_spm_{left.to_spm_by}", _when(left.to_spm_by) + f" {spm_text}"))
    return [
        (
            kind,
            f"Iuran {month_name(bill.month)}: {text}; permohonan {bill.case.code} masih di "
            f"langkah {bill.case.current_step}.",
        )
        for kind, text in out
    ]


def _when(days: int) -> str:
    return "hari ini" if days == 0 else f"{days} hari kerja lagi"


def _closed_unpaid(bill: Bill, left: DaysLeft, today: datetime.date) -> list[Notice]:
    """The month's bill was rejected or cancelled and no corrected bill is registered yet."""
    if left.past_month:
        return []
    text = (
        f"Tagihan iuran {month_name(bill.month)} ({bill.case.code}) "
        f"{bill.case.get_state_display().lower()} dan belum ada tagihan pengganti; iuran harus "
        f"dibayar sebelum {tanggal(bill.suspended_after)}."
    )
    kind = f"tagihan_ditutup_{today:%Y%m%d}"
    return _notify(bill, ["pelaksana", *_escalation_posts(bill)], kind, text)


def _escalation_posts(bill: Bill) -> list[str]:
    """The Ka. Dinas (or whoever acts for them); when the post is vacant, the fallback post."""
    holders = Assignment.objects.on(timezone.localdate()).filter(
        position__office=bill.office, position__kode=settings.IURAN_ESCALATE_TO
    )
    return [settings.IURAN_ESCALATE_TO if holders.exists() else settings.IURAN_ESCALATE_FALLBACK]


def _notify(bill: Bill, kodes: list[str], kind: str, message: str) -> list[Notice]:
    holders = (
        Assignment.objects.on(timezone.localdate())
        .filter(position__office=bill.office, position__kode__in=kodes)
        .select_related("user")
    )
    sent = []
    for user in {assignment.user for assignment in holders}:
        notice, created = Notice.objects.get_or_create(
            case=bill.case,
            user=user,
            kind=kind,
            defaults={"message": message, "created_at": timezone.now()},
        )
        if created and user.email:
            transaction.on_commit(partial(_email, notice, bill.case.subject, user.email))
        if created:
            sent.append(notice)
    return sent


def _email(notice: Notice, subject: str, address: str) -> None:
    """Mail the notice once its transaction has committed: a slow mail server never holds the
    bill's row, and a failed mail never undoes the in-app notice (the worklist shows it)."""
    notice.emailed = bool(
        send_mail(f"[Tertib] {subject}", notice.message, None, [address], fail_silently=True)
    )
    if notice.emailed:
        Notice.objects.filter(pk=notice.pk).update(emailed=True)


def _escalation_text(bill: Bill, left: DaysLeft) -> str:
    if left.past_month:
        return (
            f"Iuran {month_name(bill.month)} belum dibayar sampai akhir bulan: kepesertaan "
            f"kepala desa dan perangkat desa nonaktif sejak {tanggal(bill.past_month_since)}."
        )
    spm_by = limits(bill.month).spm_by
    when = f"lewat {-left.to_spm_by} hari" if left.to_spm_by < 0 else _when(left.to_spm_by)
    return (
        f"Iuran {month_name(bill.month)} berisiko: SPM harus sampai di BPKAD paling lambat "
        f"{tanggal(spm_by)} ({when}) agar dibayar sebelum {tanggal(bill.suspended_after)}; "
        f"permohonan {bill.case.code} masih di langkah {bill.case.current_step}."
    )
