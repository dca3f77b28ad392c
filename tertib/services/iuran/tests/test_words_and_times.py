"""A bill's case page and lists in its own words and times: Tolak tagihan, the paraf chain's
shares of the step's mutu baku, and a late bill red wherever it shows."""

import datetime

import pytest
from django.utils import timezone

from tertib.org.testing import PASSWORD
from tertib.services.iuran.testing import complete, make_bill, pay, prepare, send, to_step_four

pytestmark = pytest.mark.django_db(transaction=True)

D = datetime.date


def page(client, user, case) -> str:
    client.force_login(user)
    return client.get(f"/layanan/{case.code}/").content.decode()


def test_a_new_bill_offers_tolak_tagihan_never_tolak_permohonan(pmd, client):
    bill = make_bill(pmd)

    html = page(client, pmd.pelaksana, bill.case)

    assert "<summary>Tolak tagihan</summary>" in html
    assert "Tolak permohonan" not in html and "Batalkan permohonan" not in html


def test_a_step_whose_sop_does_not_set_tolak_offers_no_refusal(pmd, client):
    bill = make_bill(pmd)
    prepare(pmd, bill)
    case = complete(bill.case, pmd.pelaksana)

    html = page(client, pmd.kasubbag, case)

    assert "Tolak" not in html


def test_the_paraf_chain_shows_the_steps_mutu_baku_and_each_signers_share(pmd, client):
    bill = make_bill(pmd)
    prepare(pmd, bill)
    case = complete(bill.case, pmd.pelaksana)

    first = page(client, pmd.kasubbag, case)
    case = complete(case, pmd.kasubbag)
    second = page(client, pmd.sekdin, case)

    assert "Mutu baku langkah 15 menit, bagian Ka. Subbag / Kasi 8 menit" in first
    assert '<button type="submit">Paraf</button>' in first
    assert "Mutu baku langkah 15 menit, bagian Sekdin / Kabid 7 menit" in second
    assert '<button type="submit">Tanda tangani</button>' in second
    assert "<small>bagian dari 15 menit</small>" in second  # the history's row of the paraf
    shares = case.records.filter(step_no=2).order_by("stage")
    assert [r.mutu_baku_minutes for r in shares] == [8, 7]


def test_the_spm_decision_has_a_button_per_answer(pmd, client):
    bill = make_bill(pmd)
    prepare(pmd, bill)
    case = complete(bill.case, pmd.pelaksana)
    case = complete(case, pmd.kasubbag)
    case = complete(case, pmd.sekdin, password=PASSWORD)

    html = page(client, pmd.kadin, case)

    assert "<legend>Data dukung lengkap?</legend>" in html
    assert '<button type="submit" name="keputusan" value="ya">Tanda tangani</button>' in html
    assert (
        '<button type="submit" name="keputusan" value="tidak" class="secondary">'
        "Kirim kembali ke langkah 1</button>"
    ) in html
    assert 'type="radio"' not in html


def test_a_bill_past_its_due_date_is_red_on_the_worklist(pmd, client):
    bill = make_bill(pmd, month=D(2026, 10, 1))  # due 12 October 2026, long gone
    client.force_login(pmd.pelaksana)

    response = client.get("/layanan/")

    [row] = response.context["rows"]
    assert (row["case"], row["past_deadline"]) == (bill.case, True)
    html = response.content.decode()
    assert '<tr class="late">' in html and '<span class="badge late">lewat batas</span>' in html
    assert response.context["late"] == 1


def test_an_open_bill_past_its_due_date_says_so_on_its_page(pmd, client):
    bill = make_bill(pmd, month=D(2026, 10, 1))
    days = (timezone.localdate() - bill.due_on).days

    html = page(client, pmd.pelaksana, bill.case)

    assert f'<span class="badge late">lewat batas {days} hari</span>' in html


def test_a_bill_paid_after_its_due_date_is_a_late_finish_everywhere(pmd, client):
    bill = make_bill(pmd)  # November 2026, due 10 November
    case = to_step_four(pmd, bill)
    late = timezone.make_aware(datetime.datetime(2026, 11, 20, 9, 0))
    pay(pmd, bill, sp2d_date=D(2026, 11, 20), at=late)
    case = send(pmd, case, sent_on=D(2026, 11, 20), at=late)
    bill.refresh_from_db()
    days = (D(2026, 11, 20) - bill.due_on).days

    html = page(client, pmd.pelaksana, case)
    index = client.get("/iuran/").content.decode()

    assert (bill.paid_late, bill.overdue_since is not None) == (False, True)
    assert f'<span class="badge late">terlambat {days} hari</span>' in html
    assert f"selesai {days} hari sesudahnya" in html
    row = index[index.index(case.code) - 200 : index.index(case.code) + 900]
    assert '<tr class="late">' in row
    assert 'Selesai <span class="badge late">terlambat</span>' in row
    assert '<span class="badge late">lewat jatuh tempo</span>' in row


def test_a_bill_paid_in_time_is_a_plain_selesai(pmd, client):
    bill = make_bill(pmd)
    case = to_step_four(pmd, bill)
    early = timezone.make_aware(datetime.datetime(2026, 11, 6, 9, 0))
    pay(pmd, bill, sp2d_date=D(2026, 11, 6), at=early)
    case = send(pmd, case, at=early)

    html = page(client, pmd.pelaksana, case)
    index = client.get("/iuran/").content.decode()

    assert "badge late" not in html.split("<h2>Riwayat langkah</h2>")[0]
    assert "terlambat" not in index and "lewat jatuh tempo" not in index
