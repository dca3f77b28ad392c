import datetime

from django.core import mail
from django.core.management import call_command

from tertib.cases.models import Notice
from tertib.services.iuran.reminders import sweep
from tertib.services.iuran.tests.test_bills import make_bill

D = datetime.date


def test_reminder_reaches_the_holder_of_the_open_step_once(pmd):
    pmd.pelaksana.email = "yuni@pmd.kuduskab.go.id"
    pmd.pelaksana.save()
    bill = make_bill(pmd)  # due 10 November 2026, open at step 1

    first = sweep(today=D(2026, 11, 5))
    again = sweep(today=D(2026, 11, 5))

    notice = Notice.objects.get()
    assert (notice.user, notice.kind, notice.emailed) == (pmd.pelaksana, "pengingat_5", True)
    assert notice.message == (
        f"Iuran November 2026 5 hari lagi jatuh tempo (10 November 2026); "
        f"perkara {bill.case.code} masih di langkah 1."
    )
    assert (first.notices, again.notices) == (1, 0)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["yuni@pmd.kuduskab.go.id"]


def test_no_reminder_on_a_quiet_day(pmd):
    make_bill(pmd)

    report = sweep(today=D(2026, 11, 3))

    assert (report.bills, report.notices) == (1, 0)


def test_past_due_escalates_to_ka_dinas_and_records_lateness(pmd):
    bill = make_bill(pmd)

    sweep(today=D(2026, 11, 12))

    kinds = set(Notice.objects.values_list("user__username", "kind"))
    assert kinds == {("pelaksana", "pengingat_lewat"), ("kadin", "eskalasi")}
    bill.refresh_from_db()
    assert (bill.overdue_since, bill.past_month_since) == (D(2026, 11, 11), None)


def test_past_month_end_says_coverage_is_suspended(pmd):
    bill = make_bill(pmd)

    sweep(today=D(2026, 12, 1))

    escalation = Notice.objects.get(kind="eskalasi_lewat")
    assert escalation.user == pmd.kadin
    assert "nonaktif sejak 1 Desember 2026" in escalation.message
    bill.refresh_from_db()
    assert bill.past_month_since == D(2026, 12, 1)


def test_sweep_command_prints_its_report(pmd, capsys):
    call_command("sweep")

    assert "0 tagihan diperiksa" in capsys.readouterr().out
