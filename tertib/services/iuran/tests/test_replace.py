"""A month is never lost to a closed case: a rejected or cancelled bill frees its month."""

import pytest

from tertib.cases.audit import AuditEvent
from tertib.cases.engine import cancel_case, open_record, reject_case
from tertib.org.testing import PASSWORD
from tertib.services.iuran.bills import BillError, correct_bill
from tertib.services.iuran.models import Bill
from tertib.services.iuran.testing import complete, lines_for, make_bill, prepare


def reject(pmd, bill, reason="Nomor virtual account salah"):
    return reject_case(
        case=bill.case, record_id=open_record(bill.case).pk, actor=pmd.pelaksana, reason=reason
    )


def test_corrected_bill_after_a_rejection_replaces_it_the_same_day(pmd, client):
    first = make_bill(pmd, amount=750_000)
    reject(pmd, first)

    second = make_bill(pmd)

    first.refresh_from_db()
    assert (first.superseded, second.replaces) == (True, first)
    assert second.case.current_step == 1
    assert Bill.objects.filter(superseded=False).get() == second
    event = AuditEvent.objects.get(action="ganti_tagihan")
    assert event.payload == {
        "menggantikan": first.case.code,
        "alasan": "Nomor virtual account salah",
    }
    client.force_login(pmd.pelaksana)
    old_page = client.get(f"/layanan/{first.case.code}/").content.decode()
    new_page = client.get(f"/layanan/{second.case.code}/").content.decode()
    assert f'Digantikan oleh tagihan <a href="/layanan/{second.case.code}/">' in old_page
    assert f'Menggantikan tagihan <a href="/layanan/{first.case.code}/">' in new_page


def test_cancelled_bill_frees_its_month(pmd):
    first = make_bill(pmd)
    cancel_case(case=first.case, actor=pmd.pelaksana, reason="Salah unggah")

    second = make_bill(pmd)

    assert second.replaces == first


def test_rejected_bill_page_offers_a_replacement(pmd, client):
    bill = make_bill(pmd)
    reject(pmd, bill)
    client.force_login(pmd.pelaksana)

    page = client.get(f"/layanan/{bill.case.code}/").content.decode()

    assert "Tagihan ini ditolak; bulan November 2026 belum dibayar." in page


def test_live_bill_still_refuses_a_second(pmd):
    first = make_bill(pmd)
    reject(pmd, first)
    make_bill(pmd)

    with pytest.raises(BillError, match="tagihan November 2026 sudah didaftarkan"):
        make_bill(pmd)


def test_bill_is_corrected_at_step_one_with_the_change_audited(pmd):
    bill = make_bill(pmd, amount=750_000)

    correct_bill(
        bill=bill,
        actor=pmd.pelaksana,
        amount=700_000,
        reason="Salah ketik jumlah",
        lines=lines_for(pmd)[:2],
    )

    bill.refresh_from_db()
    assert (bill.amount, bill.lines.count()) == (700_000, 2)
    event = AuditEvent.objects.get(action="koreksi_tagihan")
    assert event.payload == {
        "sebelum": {"jumlah": 750_000, "baris": 3},
        "sesudah": {"jumlah": 700_000, "baris": 2},
        "alasan": "Salah ketik jumlah",
    }


def test_bill_cannot_be_corrected_after_step_one(pmd):
    bill = make_bill(pmd)
    prepare(pmd, bill)
    complete(bill.case, pmd.pelaksana)

    with pytest.raises(BillError, match="hanya dapat dikoreksi pada langkah 1"):
        correct_bill(bill=bill, actor=pmd.pelaksana, amount=1, reason="x")


def test_correction_needs_a_reason(pmd):
    bill = make_bill(pmd)

    with pytest.raises(BillError, match="Alasan koreksi: wajib diisi"):
        correct_bill(bill=bill, actor=pmd.pelaksana, amount=700_000, reason=" ")


def test_bill_without_scan_is_refused(pmd):
    with pytest.raises(BillError, match="Pindaian surat tagihan: wajib diunggah"):
        make_bill(pmd, scan=None)


def test_correction_page_changes_the_amount(pmd, client):
    bill = make_bill(pmd, amount=750_000)
    client.force_login(pmd.pelaksana)

    client.post(
        f"/iuran/tagihan/{bill.case.code}/koreksi/",
        {"amount": "700000", "reason": "Salah ketik"},
    )

    bill.refresh_from_db()
    assert bill.amount == 700_000


def test_step_three_refusal_returns_to_step_one_where_the_bill_can_be_corrected(pmd):
    bill = make_bill(pmd)
    prepare(pmd, bill)
    case = complete(bill.case, pmd.pelaksana)
    case = complete(case, pmd.kasubbag)
    case = complete(case, pmd.sekdin, password=PASSWORD)
    complete(case, pmd.kadin, decision="tidak", note="Rincian desa Wates kurang")

    correct_bill(bill=bill, actor=pmd.pelaksana, amount=700_000, reason="Rincian dilengkapi")

    assert open_record(bill.case).step_no == 1
