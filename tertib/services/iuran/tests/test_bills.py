import datetime

import pytest

from tertib.cases.actions import ActionError, StepInput
from tertib.cases.engine import claim_step, complete_step, open_record
from tertib.org.testing import PASSWORD
from tertib.services.iuran.bills import BillError, LineInput, prepare_payment, register_bill
from tertib.services.iuran.check import check_bill
from tertib.services.iuran.models import Bill

NOVEMBER = datetime.date(2026, 11, 1)


def lines_for(pmd, **amounts) -> list[LineInput]:
    """Bill lines for the fixture roster; amounts by first name override the expected ones."""
    expected = {"Sutrisno": 120_000, "Endang": 100_000, "Ahmad": 480_000}
    expected.update(amounts)
    return [
        LineInput(nik=o.nik, name=o.name, bpjs_number="", amount=expected[o.name.split()[0]])
        for o in pmd.roster
    ]


def make_bill(pmd, *, month=NOVEMBER, amount=700_000, lines=None) -> Bill:
    return register_bill(
        sop_version=pmd.version,
        office=pmd.office,
        actor=pmd.pelaksana,
        number="123/TAG/XI/2026",
        issued_on=month.replace(day=2),
        month=month,
        amount=amount,
        virtual_account="8888801234567890",
        lines=lines_for(pmd) if lines is None else lines,
    )


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
    from tertib.services.iuran.bills import LineInput

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
    assert "Jumlah tagihan Rp 340.000 berbeda Rp 360.000 dari perhitungan Rp 700.000." in (
        check.problems
    )


def test_unverified_official_stops_the_check(pmd):
    endang = pmd.roster[1]
    endang.verified_at = None
    endang.save()

    check = check_bill(make_bill(pmd, amount=600_000))

    assert [o.name for o in check.unverified] == ["Endang Lestari"]
    assert "1 orang belum diverifikasi kecamatan: Endang Lestari." in check.problems


def _prepare(pmd, bill):
    return prepare_payment(
        bill=bill,
        actor=pmd.pelaksana,
        spp_number="00123/SPP-LS/2026",
        spm_number="00123/SPM-LS/2026",
        account_code="5.1.01.02.04.0001",
        account_name="Belanja Iuran Jaminan Kesehatan",
    )


def _complete(case, actor, decision="lanjut", **given):
    record = open_record(case)
    if record.claimed_by_id is None:
        claim_step(case=case, record_id=record.pk, actor=actor)
    return complete_step(
        case=case,
        record_id=record.pk,
        actor=actor,
        decision=decision,
        note=given.pop("note", ""),
        given=StepInput(**given),
    )


def test_step_one_needs_spp_and_spm(pmd):
    bill = make_bill(pmd)

    with pytest.raises(ActionError, match="SPP dan SPM belum disiapkan"):
        _complete(bill.case, pmd.pelaksana)

    assert open_record(bill.case).step_no == 1


def test_discrepancy_stops_step_two_until_fixed(pmd):
    bill = make_bill(pmd, amount=650_000)
    _prepare(pmd, bill)
    case = _complete(bill.case, pmd.pelaksana)

    with pytest.raises(ActionError, match="Jumlah tagihan Rp 650.000 berbeda"):
        _complete(case, pmd.kasubbag)

    assert open_record(case).stage == 0


def test_reject_at_step_three_goes_back_to_step_one_and_resubmits(pmd):
    bill = make_bill(pmd)
    _prepare(pmd, bill)
    case = _complete(bill.case, pmd.pelaksana)
    case = _complete(case, pmd.kasubbag)
    case = _complete(case, pmd.sekdin, password=PASSWORD)

    case = _complete(case, pmd.kadin, decision="tidak", note="Lampiran rekap desa belum ada")

    assert open_record(case).step_no == 1
    case = _complete(case, pmd.pelaksana)
    case = _complete(case, pmd.kasubbag)
    case = _complete(case, pmd.sekdin, password=PASSWORD)
    case = _complete(case, pmd.kadin, decision="ya", password=PASSWORD)
    assert open_record(case).step_no == 4
    assert [r.step_no for r in case.records.order_by("pk")] == [1, 2, 2, 3, 1, 2, 2, 3, 4]
