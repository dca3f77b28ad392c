import io

from django.core.management import call_command

from tertib.cases.models import Case, IssuedDocument
from tertib.iuran.check import check_bill
from tertib.iuran.models import Bill, Official
from tertib.org.models import Desa, Office


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
    assert Case.objects.filter(office__slug="kecamatan-undaan").count() == 5
    assert Official.objects.count() == 10
    bills = list(Bill.objects.order_by("month"))
    assert [b.case.state for b in bills] == ["selesai", "selesai", "berjalan"]
    assert IssuedDocument.objects.filter(kind="arsip_iuran").count() == 2
    stuck = check_bill(bills[-1])
    assert stuck.problems == [
        "Jumlah tagihan Rp 1.332.000 berbeda Rp 104.000 dari perhitungan Rp 1.228.000.",
        "1 orang belum diverifikasi kecamatan: Bayu Prasetyo.",
    ]
