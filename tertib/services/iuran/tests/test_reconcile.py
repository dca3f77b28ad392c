"""Reconciliation: differences listed with their cause, decided one by one with a reason."""

import datetime
from decimal import Decimal

import pytest

from tertib.cases.actions import ActionError
from tertib.cases.audit import AuditEvent
from tertib.cases.engine import open_record
from tertib.org.models import Desa
from tertib.services.iuran.bills import BillError, LineInput
from tertib.services.iuran.check import check_bill
from tertib.services.iuran.contribution import share, truncated
from tertib.services.iuran.models import ContributionRule, Decision, Official
from tertib.services.iuran.reconcile import decide
from tertib.services.iuran.testing import complete, decide_all, lines_for, make_bill, prepare

D = datetime.date


def test_thousand_rows_rounded_down_by_bpjs_reconcile_in_one_decision(pmd):
    Official.objects.all().delete()
    desa, verified = pmd.kutuk, pmd.roster[0].verified_at
    people = [
        Official(
            desa=desa,
            nik=f"33190415078{i:05d}",
            name=f"Perangkat {i:04d}",
            jabatan="Kaur",
            siltap=2_000_000 + i * 1_237,
            starts_on=D(2020, 1, 1),
            verified_at=verified,
        )
        for i in range(1, 1001)
    ]
    Official.objects.bulk_create(people)
    lines = [LineInput(p.nik, p.name, "", truncated(p.siltap, Decimal(4))) for p in people]
    bill = make_bill(pmd, amount=sum(line.amount for line in lines), lines=lines)
    rule = ContributionRule.objects.get()
    rounded_up = sum(
        share(p.siltap, rule).billed != truncated(p.siltap, Decimal(4)) for p in people
    )

    check = check_bill(bill)
    [item] = [item for item in check.items if item.kind != "desa_kosong"]
    decide(
        bill=bill,
        actor=pmd.pelaksana,
        key="pembulatan",
        choice="sesuai_tagihan",
        reason="BPJS membulatkan ke bawah per orang",
    )

    assert rounded_up == 480
    assert (item.key, len(item.people), item.difference) == ("pembulatan", 480, -480)
    assert item.cause == "480 baris berselisih paling banyak Rp 1"
    assert {p.cause for p in item.people} == {"BPJS membulatkan ke bawah"}
    after = check_bill(bill)
    assert [i.key for i in after.undecided] == ["desa_kosong:1"]
    assert after.reconciled_amount == bill.amount


def test_rp_1_newcomer_and_rounding_go_through_with_every_difference_reasoned(pmd):
    newcomer = Official.objects.create(
        desa=pmd.wates,
        nik="3319045505950004",
        name="Dewi Kurnia",
        jabatan="Kaur Keuangan",
        siltap=2_512_345,
        starts_on=D(2026, 11, 20),
    )
    lines = lines_for(pmd, Sutrisno=120_001) + [
        LineInput(newcomer.nik, newcomer.name, "", 100_493)  # 4 % of 2.512.345 rounded down
    ]
    bill = make_bill(pmd, amount=800_494, lines=lines)
    prepare(pmd, bill)

    items = {item.key: item for item in check_bill(bill).items}
    with pytest.raises(ActionError, match="2 selisih belum diputuskan"):
        complete(bill.case, pmd.pelaksana)
    decide(
        bill=bill,
        actor=pmd.pelaksana,
        key="pembulatan",
        choice="sesuai_tagihan",
        reason="Selisih Rp 1 karena pembulatan",
    )
    decide(
        bill=bill,
        actor=pmd.pelaksana,
        key=f"belum_verifikasi:{newcomer.nik}",
        choice="sesuai_tagihan",
        reason="Dilantik 20 November; SK sudah diterima",
    )
    case = complete(bill.case, pmd.pelaksana)

    assert sorted(items) == ["belum_verifikasi:3319045505950004", "pembulatan"]
    assert items["pembulatan"].difference == 1
    assert items[f"belum_verifikasi:{newcomer.nik}"].difference == 100_493
    assert open_record(case).step_no == 2
    assert check_bill(bill).reconciled_amount == 800_494


def test_disputed_overbilling_is_withheld_from_the_spp(pmd):
    bill = make_bill(pmd, amount=730_000, lines=lines_for(pmd, Sutrisno=150_000))

    decide(
        bill=bill,
        actor=pmd.pelaksana,
        key="selisih:3319040101700001",
        choice="sanggah",
        reason="Siltap Sutrisno Rp 3.000.000, bukan Rp 3.750.000",
    )
    check = check_bill(bill)

    assert (check.disputed, check.reconciled_amount, check.clean) == (30_000, 700_000, True)
    assert check.items[0].cause == "tagihan Rp 150.000, perhitungan dari siltap Rp 3.000.000"


def test_correction_carries_to_the_next_months_check(pmd):
    november = make_bill(pmd, amount=730_000, lines=lines_for(pmd, Sutrisno=150_000))
    decide(
        bill=november,
        actor=pmd.pelaksana,
        key="selisih:3319040101700001",
        choice="koreksi",
        reason="BPJS mengembalikan di bulan Desember",
    )

    december = make_bill(pmd, month=D(2026, 12, 1))
    [carried] = check_bill(december).items

    assert carried.key == "koreksi:2026-11:selisih:3319040101700001"
    assert (carried.kind, carried.difference) == ("koreksi_lalu", 30_000)
    assert carried.cause == (
        "selisih:3319040101700001 dari November 2026: BPJS mengembalikan di bulan Desember"
    )


def test_total_rounded_once_is_grouped_with_rounding(pmd):
    bill = make_bill(pmd, amount=700_002)

    [item] = check_bill(bill).items

    assert (item.key, item.difference) == ("pembulatan", 2)
    assert item.people[0].cause == "jumlah tagihan dibulatkan sekali"


def test_total_far_from_the_rincian_is_its_own_difference(pmd):
    bill = make_bill(pmd, amount=750_000)

    [item] = check_bill(bill).items

    assert (item.key, item.difference) == ("total", 50_000)
    assert item.cause == "tagihan Rp 750.000, rincian Rp 700.000"


def test_rounding_tolerance_is_set_on_the_rule(pmd):
    ContributionRule.objects.update(rounding_tolerance=0)
    bill = make_bill(pmd, amount=700_001, lines=lines_for(pmd, Sutrisno=120_001))

    assert [item.key for item in check_bill(bill).items] == ["selisih:3319040101700001"]


def test_desa_without_officials_is_flagged(pmd):
    empty = Desa.objects.create(kecamatan=pmd.undaan, name="Lambangan", code="33.19.04.2010")

    [item] = check_bill(make_bill(pmd)).items

    assert (item.key, item.label, item.cause) == (
        "desa_kosong:1",
        "desa tanpa perangkat di daftar",
        f"1 desa: {empty.name} (Undaan)",
    )


def test_decision_needs_a_reason_and_is_audited(pmd):
    bill = make_bill(pmd, amount=730_000, lines=lines_for(pmd, Sutrisno=150_000))

    with pytest.raises(BillError, match="Alasan: wajib diisi"):
        decide(
            bill=bill,
            actor=pmd.pelaksana,
            key="selisih:3319040101700001",
            choice="koreksi",
            reason="  ",
        )
    decide(
        bill=bill,
        actor=pmd.pelaksana,
        key="selisih:3319040101700001",
        choice="koreksi",
        reason="Dikoreksi bulan depan",
    )

    event = AuditEvent.objects.filter(action="putuskan_selisih").get()
    assert event.payload == {
        "selisih": "selisih:3319040101700001",
        "keputusan": "koreksi",
        "jumlah": 30_000,
    }


def test_decision_lapses_when_the_difference_changes(pmd):
    bill = make_bill(pmd, amount=730_000, lines=lines_for(pmd, Sutrisno=150_000))
    decide_all(pmd, bill)

    bill.lines.filter(nik="3319040101700001").update(amount=160_000)

    assert [item.key for item in check_bill(bill).undecided] == [
        "selisih:3319040101700001",
        "total",
    ]
    assert Decision.objects.count() == 1


def test_unknown_difference_is_refused(pmd):
    bill = make_bill(pmd)

    with pytest.raises(BillError, match="Selisih: tidak ada lagi di pemeriksaan"):
        decide(bill=bill, actor=pmd.pelaksana, key="selisih:1", choice="koreksi", reason="x")


def test_missing_rincian_stops_the_case(pmd):
    bill = make_bill(pmd, lines=[])

    assert check_bill(bill).problems == ["Rincian tagihan per orang belum diunggah."]


def test_month_without_a_rule_says_where_to_add_one(pmd, client):
    ContributionRule.objects.all().delete()
    bill = make_bill(pmd)
    prepare(pmd, bill)
    client.force_login(pmd.pelaksana)

    page = client.get(f"/layanan/{bill.case.code}/")
    with pytest.raises(ActionError, match="Belum ada aturan iuran"):
        complete(bill.case, pmd.pelaksana)

    assert page.status_code == 200
    assert "/admin/iuran/contributionrule/add/" in page.content.decode()
