"""Payment to the end: the case ends when the SP2D and the transfer are recorded."""

import datetime

import pytest
from django.utils import timezone

from tertib.cases.actions import ActionError
from tertib.cases.engine import open_record
from tertib.cases.models import Case
from tertib.org.testing import PASSWORD, assign
from tertib.services.iuran.bills import BillError
from tertib.services.iuran.testing import complete, make_bill, pay, prepare, send, to_step_four

# Files are written when a transaction commits: these tests read back what was issued.
pytestmark = pytest.mark.django_db(transaction=True)

D = datetime.date


def test_step_four_waits_for_the_sp2d(pmd):
    case = to_step_four(pmd, make_bill(pmd))

    with pytest.raises(ActionError, match="Pembayaran belum tercatat"):
        send(pmd, case)

    assert open_record(case).step_no == 4


def test_case_ends_when_paid(pmd):
    bill = make_bill(pmd)
    case = to_step_four(pmd, bill)

    pay(pmd, bill, sp2d_date=D(2026, 11, 6))
    case = send(pmd, case)

    bill.refresh_from_db()
    assert case.state == Case.State.SELESAI
    assert (bill.sp2d_number, bill.paid_on, bill.paid_late) == (
        "00456/SP2D-LS/2026",
        D(2026, 11, 6),
        False,
    )
    assert bill.transfer_proof.requirement == "bukti_transfer"


def test_bpjs_payment_status_stands_for_the_proof(pmd):
    bill = make_bill(pmd)
    case = to_step_four(pmd, bill)

    pay(pmd, bill, bpjs_paid=True)

    assert send(pmd, case).state == Case.State.SELESAI


def test_sp2d_without_proof_or_status_is_refused(pmd):
    bill = make_bill(pmd)
    to_step_four(pmd, bill)
    from tertib.services.iuran.payment import record_sp2d

    with pytest.raises(BillError, match="Bukti transfer: unggah bukti"):
        record_sp2d(
            bill=bill,
            actor=pmd.pelaksana,
            sp2d_number="1",
            sp2d_date=D(2026, 11, 6),
            paid_on=D(2026, 11, 6),
        )


def test_sp2d_before_step_four_is_refused(pmd):
    bill = make_bill(pmd)

    with pytest.raises(BillError, match="SP2D hanya dapat dicatat pada langkah 4"):
        pay(pmd, bill)


def test_november_paid_in_december_is_flagged_red_on_every_page(pmd, client):
    bill = make_bill(pmd)
    case = to_step_four(pmd, bill)
    december = timezone.make_aware(datetime.datetime(2026, 12, 7, 9, 0))

    pay(pmd, bill, sp2d_date=D(2026, 12, 5), at=december)
    send(pmd, case, sent_on=D(2026, 12, 5), at=december)
    client.force_login(pmd.pelaksana)

    bill.refresh_from_db()
    case_page = client.get(f"/layanan/{case.code}/").content.decode()
    index = client.get("/iuran/").content.decode()
    assert (bill.overdue_since, bill.past_month_since) == (D(2026, 11, 11), D(2026, 12, 1))
    assert (
        "Dibayar setelah bulan berjalan: kepesertaan kepala desa dan perangkat desa nonaktif "
        "sejak 1 Desember 2026." in case_page
    )
    assert '<span class="badge late">setelah bulan berjalan</span>' in index


def test_lateness_is_recorded_when_a_step_completes(pmd):
    bill = make_bill(pmd, month=D(2026, 10, 1))  # due 12 October; today is past it
    prepare(pmd, bill)

    complete(bill.case, pmd.pelaksana)

    bill.refresh_from_db()
    assert (bill.overdue_since, bill.past_month_since) == (D(2026, 10, 13), D(2026, 11, 1))


def test_same_person_cannot_sign_spp_and_spm(pmd):
    assign(pmd.sekdin, pmd.office, "ka_dinas", kind="plh")
    bill = make_bill(pmd)
    prepare(pmd, bill)
    case = complete(bill.case, pmd.pelaksana)
    case = complete(case, pmd.kasubbag)
    case = complete(case, pmd.sekdin, password=PASSWORD)

    with pytest.raises(ActionError, match="SPP dan SPM harus ditandatangani orang yang berbeda"):
        complete(case, pmd.sekdin, decision="ya", password=PASSWORD)

    assert open_record(case).step_no == 3


def test_spm_signer_other_than_the_spp_signer_goes_on(pmd):
    assign(pmd.sekdin, pmd.office, "ka_dinas", kind="plh")
    bill = make_bill(pmd)

    case = to_step_four(pmd, bill)

    assert open_record(case).step_no == 4


def test_spp_parts_of_permendagri_77_are_required(pmd):
    bill = make_bill(pmd)

    with pytest.raises(BillError, match="Nomor SPD: wajib diisi"):
        prepare(pmd, bill, spd_number="")
    with pytest.raises(BillError, match="Potongan: tidak boleh negatif"):
        prepare(pmd, bill, deductions=700_000)


def test_sp2d_page_records_the_payment(pmd, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tertib.services.iuran.testing import scan_pdf

    bill = make_bill(pmd)
    to_step_four(pmd, bill)
    client.force_login(pmd.pelaksana)

    page = client.get(f"/layanan/{bill.case.code}/").content.decode()
    client.post(
        f"/iuran/tagihan/{bill.case.code}/sp2d/",
        {
            "sp2d_number": "00456/SP2D-LS/2026",
            "sp2d_date": "2026-11-06",
            "paid_on": "2026-11-06",
            "proof": SimpleUploadedFile("bukti.pdf", scan_pdf()),
        },
    )

    bill.refresh_from_db()
    assert "Catat SP2D dan pembayaran" in page
    assert bill.is_paid and bill.transfer_proof is not None


def test_payment_recorded_late_but_made_in_the_month_clears_the_red_flag(pmd):
    bill = make_bill(pmd, month=D(2026, 10, 1))
    case = to_step_four(pmd, bill)  # completed today, past October: flagged meanwhile
    bill.refresh_from_db()
    flagged = bill.past_month_since

    pay(pmd, bill, sp2d_date=D(2026, 10, 28))
    send(pmd, case)

    bill.refresh_from_db()
    assert flagged == D(2026, 11, 1)
    assert (bill.overdue_since, bill.past_month_since, bill.paid_late) == (
        D(2026, 10, 13),
        None,
        False,
    )
