import datetime

from django.core import mail
from django.core.management import call_command

from tertib.cases.engine import cancel_case, open_record, reject_case
from tertib.cases.models import Notice
from tertib.org.models import Assignment
from tertib.org.testing import assign, make_user
from tertib.services.iuran.reminders import sweep
from tertib.services.iuran.testing import make_bill

D = datetime.date


def kinds(user) -> list[str]:
    return list(Notice.objects.filter(user=user).order_by("pk").values_list("kind", flat=True))


def test_reminder_reaches_the_holder_of_the_open_step_once(pmd, django_capture_on_commit_callbacks):
    pmd.pelaksana.email = "yuni@pmd.kuduskab.go.id"
    pmd.pelaksana.save()
    bill = make_bill(pmd)  # due Tuesday 10 November 2026, open at step 1

    with django_capture_on_commit_callbacks(execute=True):  # the mail goes on commit
        first = sweep(today=D(2026, 11, 6))  # Friday: 2 working days before
    again = sweep(today=D(2026, 11, 6))

    notice = Notice.objects.get()
    assert (notice.user, notice.kind, notice.emailed) == (pmd.pelaksana, "pengingat_2", True)
    assert notice.message == (
        f"Iuran November 2026: 2 hari kerja lagi jatuh tempo 10 November 2026; "
        f"permohonan {bill.case.code} masih di langkah 1."
    )
    assert (first.notices, again.notices) == (1, 0)
    assert mail.outbox[0].to == ["yuni@pmd.kuduskab.go.id"]


def test_mail_waits_for_the_commit_and_a_failed_one_keeps_the_notice(
    pmd, django_capture_on_commit_callbacks, settings
):
    pmd.pelaksana.email = "yuni@pmd.kuduskab.go.id"
    pmd.pelaksana.save()
    make_bill(pmd)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        sweep(today=D(2026, 11, 6))
    assert (len(callbacks), mail.outbox, Notice.objects.get().emailed) == (1, [], False)

    settings.EMAIL_BACKEND = "tertib.services.iuran.tests.test_reminders.FailingBackend"
    callbacks[0]()
    assert (mail.outbox, Notice.objects.get().emailed) == ([], False)


class FailingBackend:
    """A mail server that is down."""

    def __init__(self, fail_silently=False, **kwargs):
        self.fail_silently = fail_silently

    def send_messages(self, messages):
        if not self.fail_silently:
            raise ConnectionRefusedError
        return 0


def test_no_reminder_on_a_quiet_day(pmd):
    make_bill(pmd)

    report = sweep(today=D(2026, 11, 3))

    assert (report.bills, report.notices) == (1, 0)


def test_sweep_day_by_day_through_the_month(pmd):
    bill = make_bill(pmd)
    day = D(2026, 11, 1)

    while day <= D(2026, 12, 3):
        sweep(today=day)
        day += datetime.timedelta(days=1)

    escalations = kinds(pmd.kadin)
    working_days_past_due = [11, 12, 13, 16, 17, 18, 19, 20, 23, 24, 25, 26, 27, 30]
    assert escalations == [f"eskalasi_202611{d:02}" for d in working_days_past_due] + [
        "eskalasi_lewat"
    ]
    assert kinds(pmd.pelaksana) == [
        *("pengingat_2", "pengingat_1", "pengingat_0", "pengingat_lewat"),
        *("pengingat_spm_2", "pengingat_spm_1", "pengingat_spm_0"),
    ]
    assert Notice.objects.filter(created_at__isnull=True).count() == 0
    bill.refresh_from_db()
    assert (bill.overdue_since, bill.past_month_since) == (D(2026, 11, 11), D(2026, 12, 1))
    assert "nonaktif sejak 1 Desember 2026" in Notice.objects.get(kind="eskalasi_lewat").message


def test_escalation_names_the_spm_day(pmd):
    bill = make_bill(pmd)

    sweep(today=D(2026, 11, 23))

    assert Notice.objects.get(user=pmd.kadin).message == (
        "Iuran November 2026 berisiko: SPM harus sampai di BPKAD paling lambat 26 November 2026 "
        "(3 hari kerja lagi) agar dibayar sebelum 30 November 2026; "
        f"permohonan {bill.case.code} masih di langkah 1."
    )


def test_no_notice_on_a_weekend(pmd):
    make_bill(pmd)

    report = sweep(today=D(2026, 11, 14))  # Saturday, past the due day

    assert report.notices == 0


def test_acting_ka_dinas_gets_the_escalation(pmd):
    Assignment.objects.filter(user=pmd.kadin).update(ends_on=D(2026, 1, 31))
    plt = make_user("plt.kadin", full_name="Plt Kepala Dinas")
    assign(plt, pmd.office, "ka_dinas", kind="plt")
    make_bill(pmd)

    sweep(today=D(2026, 11, 12))

    assert kinds(plt) == ["eskalasi_20261112"]
    assert kinds(pmd.kadin) == []


def test_vacant_ka_dinas_escalates_to_the_sekdin(pmd):
    Assignment.objects.filter(user=pmd.kadin).update(ends_on=D(2026, 1, 31))
    make_bill(pmd)

    sweep(today=D(2026, 11, 12))

    assert kinds(pmd.sekdin) == ["eskalasi_20261112"]


def test_rejected_bill_keeps_warning_until_replaced(pmd):
    bill = make_bill(pmd)
    reject_case(
        case=bill.case,
        record_id=open_record(bill.case).pk,
        actor=pmd.pelaksana,
        reason="Tagihan salah bulan",
    )

    sweep(today=D(2026, 11, 12))
    make_bill(pmd)
    sweep(today=D(2026, 11, 13))

    warned = Notice.objects.filter(case=bill.case).values_list("user__username", "kind")
    assert sorted(warned) == [
        ("kadin", "tagihan_ditutup_20261112"),
        ("pelaksana", "tagihan_ditutup_20261112"),
    ]
    assert (
        "ditolak dan belum ada tagihan pengganti"
        in Notice.objects.filter(case=bill.case)[0].message
    )


def test_cancelled_bill_warns_too(pmd):
    bill = make_bill(pmd)
    cancel_case(case=bill.case, actor=pmd.pelaksana, reason="Salah unggah")

    report = sweep(today=D(2026, 11, 5))

    assert report.notices == 2


def test_sweep_command_prints_its_report(pmd, capsys):
    call_command("sweep")

    assert "0 tagihan diperiksa" in capsys.readouterr().out
