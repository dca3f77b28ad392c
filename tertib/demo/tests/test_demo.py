import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from tertib.cases.auditcheck import verify
from tertib.cases.models import Case, IssuedDocument
from tertib.org.models import Desa, Office
from tertib.reports.figures import Period, office_figures
from tertib.services.iuran.check import check_bill
from tertib.services.iuran.models import Bill, Official

# Files are written when a transaction commits: these tests read back what was issued.
pytestmark = pytest.mark.django_db(transaction=True)


def test_demo_sets_up_both_services_and_runs_twice(db, tmp_path, settings):
    settings.PRIVATE_DIR = tmp_path / "private"
    call_command("sop_load", stdout=io.StringIO())

    out = io.StringIO()
    call_command("demo", stdout=out)
    call_command("demo", stdout=io.StringIO())

    text = out.getvalue()
    assert "pelaksana.pmd" in text and "staf.undaan" in text and "kadin.pmd" in text
    assert Office.objects.filter(slug__startswith="kecamatan-").count() == 9
    assert Desa.objects.count() == 132
    assert Desa.objects.get(name="Kutuk").code == "33.19.04.2007"
    recent = Case.objects.filter(opened_at__gte=timezone.now() - datetime.timedelta(days=7))
    assert set(recent.values_list("subject", flat=True)) == {
        "Sumarni",
        "Karsono",
        "Warsini",
        "Slamet Riyadi",
        "Mulyani",
    }
    history = Case.objects.filter(office__slug="kecamatan-undaan").exclude(pk__in=recent)
    assert history.count() > 30 and history.filter(state="selesai").count() > 25
    assert Official.objects.count() == 10
    bills = list(Bill.objects.order_by("month"))
    assert [b.case.state for b in bills] == ["selesai"] * 4 + ["berjalan"]
    assert IssuedDocument.objects.filter(kind="arsip_iuran").count() == 4
    waiting = check_bill(bills[-1])  # reconciled, waiting for BPKAD's SP2D at step 4
    assert {(item.kind, item.decision.choice) for item in waiting.items} == {
        ("belum_verifikasi", "sesuai_tagihan"),  # the Kaur Keuangan of Medini
        ("pembulatan", "sesuai_tagihan"),  # BPJS rounds down
        ("desa_kosong", "sesuai_tagihan"),  # the demo roster covers three desa only
    }
    assert (bills[-1].case.current_step, bills[-1].is_paid) == (4, False)
    assert all(bill.is_paid and not bill.paid_late for bill in bills[:4])
    today = timezone.localdate()

    figures = office_figures(
        Office.objects.get(slug="kecamatan-undaan"),
        Period(today - datetime.timedelta(days=160), today),
    )

    sktm = next(sop for sop in figures.sops if sop.sop.kode == "undaan-legalisasi-sktm")
    assert (sktm.bottleneck.step_no, sktm.bottleneck.pelaksana) == (4, "Camat")
    assert sktm.returned > 0 and sktm.finished > 25
    pmd = office_figures(
        Office.objects.get(slug="dinas-pmd"), Period(today - datetime.timedelta(days=200), today)
    )
    assert [(sop.sop.kode, sop.finished) for sop in pmd.sops] == [
        ("dinas-pmd-iuran-jaminan-kesehatan", 4)
    ]
    assert verify()[0] == []  # the demo's whole trail: chains, copies, assignments
    # Every audit action the demo wrote has its Indonesian label (an enum somebody registered).
    from tertib.cases.models import AuditEvent
    from tertib.sop.services import known_actions

    written = set(AuditEvent.objects.values_list("action", flat=True).distinct())
    assert written and written <= known_actions(), written - known_actions()
