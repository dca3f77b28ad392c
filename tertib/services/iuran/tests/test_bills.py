import datetime

import pytest

from tertib.cases.actions import ActionError
from tertib.cases.engine import open_record
from tertib.org.testing import PASSWORD
from tertib.services.iuran.bills import BillError, LineInput
from tertib.services.iuran.check import check_bill
from tertib.services.iuran.models import Bill
from tertib.services.iuran.testing import complete, decide_all, lines_for, make_bill, prepare


def test_register_bill_opens_the_month_case_at_step_one(pmd):
    bill = make_bill(pmd)

    assert bill.case.current_step == 1
    assert bill.case.subject == "Tagihan iuran JK Kades dan Perangkat Desa November 2026"
    assert bill.due_on == datetime.date(2026, 11, 10)
    assert bill.suspended_after == datetime.date(2026, 11, 30)
    assert bill.case.deadline == datetime.date(2026, 11, 10)
    assert bill.lines.count() == 3


def test_second_bill_for_the_same_month_is_refused(pmd):
    first = make_bill(pmd)

    with pytest.raises(BillError, match="Bulan tagihan: tagihan November 2026 sudah didaftarkan"):
        make_bill(pmd, month=datetime.date(2026, 11, 15))

    assert Bill.objects.count() == 1
    assert Bill.objects.get().case == first.case


def test_check_is_clean_when_bill_matches_the_verified_roster(pmd):
    check = check_bill(make_bill(pmd))

    assert check.expected == 700_000
    assert check.problems == []
    assert [(d.desa, d.expected, d.billed) for d in check.desa] == [
        ("Kutuk", 220_000, 220_000),
        ("Wates", 480_000, 480_000),
    ]


def test_check_names_missing_extra_and_wrong_amounts(pmd):

    lines = lines_for(pmd, Sutrisno=150_000)[:2] + [
        LineInput(nik="3319044107900009", name="Orang Asing", bpjs_number="", amount=90_000)
    ]
    bill = make_bill(pmd, amount=340_000, lines=lines)

    check = check_bill(bill)

    kinds = {(p.name, p.kind, p.expected, p.billed) for p in check.differences}
    assert kinds == {
        ("Sutrisno", "selisih", 120_000, 150_000),
        ("Ahmad Fauzi", "tidak_ditagih", 480_000, 0),
        ("Orang Asing", "tidak_terdaftar", 0, 90_000),
    }
    assert check.problems == [
        "3 selisih belum diputuskan: jumlah berbeda (Sutrisno); ada di daftar, tidak ada di "
        "tagihan (Ahmad Fauzi); ada di tagihan, tidak ada di daftar (Orang Asing)."
    ]


def test_unverified_official_is_a_difference_to_decide(pmd):
    endang = pmd.roster[1]
    endang.verified_at = None
    endang.save()

    check = check_bill(make_bill(pmd, amount=700_000))

    assert [o.name for o in check.unverified] == ["Endang Lestari"]
    assert [(i.key, i.cause, i.difference) for i in check.items] == [
        (
            "belum_verifikasi:3319045202800002",
            "belum diverifikasi kecamatan; tidak dihitung",
            100_000,
        )
    ]


def test_step_one_needs_spp_and_spm(pmd):
    bill = make_bill(pmd)

    with pytest.raises(ActionError, match="SPP dan SPM belum disiapkan"):
        complete(bill.case, pmd.pelaksana)

    assert open_record(bill.case).step_no == 1


def test_undecided_difference_stops_step_one_until_decided(pmd):
    bill = make_bill(pmd, amount=730_000, lines=lines_for(pmd, Sutrisno=150_000))
    prepare(pmd, bill)

    with pytest.raises(ActionError, match="1 selisih belum diputuskan: jumlah berbeda"):
        complete(bill.case, pmd.pelaksana)
    decide_all(pmd, bill, choice="sesuai_tagihan", reason="BPJS menagih dengan siltap baru")
    case = complete(bill.case, pmd.pelaksana)

    assert open_record(case).step_no == 2


def test_reject_at_step_three_goes_back_to_step_one_and_resubmits(pmd):
    bill = make_bill(pmd)
    prepare(pmd, bill)
    case = complete(bill.case, pmd.pelaksana)
    case = complete(case, pmd.kasubbag)
    case = complete(case, pmd.sekdin, password=PASSWORD)

    case = complete(case, pmd.kadin, decision="tidak", note="Lampiran rekap desa belum ada")

    assert open_record(case).step_no == 1
    case = complete(case, pmd.pelaksana)
    case = complete(case, pmd.kasubbag)
    case = complete(case, pmd.sekdin, password=PASSWORD)
    case = complete(case, pmd.kadin, decision="ya", password=PASSWORD)
    assert open_record(case).step_no == 4
    assert [r.step_no for r in case.records.order_by("pk")] == [1, 2, 2, 3, 1, 2, 2, 3, 4]
