"""The reconciliation, correction and SP2D forms on the case page answer bad input in words."""

from django.utils import timezone

from tertib.services.iuran.deadlines import days_left, limits
from tertib.services.iuran.models import Decision
from tertib.services.iuran.templatetags.iuran_tags import hari
from tertib.services.iuran.testing import complete, lines_for, make_bill, prepare, to_step_four


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_decision_form_records_the_choice_and_reason(client, pmd):
    bill = make_bill(pmd, amount=730_000, lines=lines_for(pmd, Sutrisno=150_000))
    client.force_login(pmd.pelaksana)

    response = client.post(
        f"/iuran/tagihan/{bill.case.code}/selisih/",
        {"key": "selisih:3319040101700001", "choice": "koreksi", "reason": "Dikoreksi Desember"},
        follow=True,
    )

    decision = Decision.objects.get()
    assert (decision.choice, decision.reason, decision.decided_by) == (
        "koreksi",
        "Dikoreksi Desember",
        pmd.pelaksana,
    )
    assert messages_of(response) == ["Keputusan selisih dicatat."]
    assert "<strong>Koreksi bulan berikut</strong>: Dikoreksi Desember" in response.content.decode()


def test_decision_without_reason_names_the_field(client, pmd):
    bill = make_bill(pmd, amount=730_000, lines=lines_for(pmd, Sutrisno=150_000))
    client.force_login(pmd.pelaksana)

    response = client.post(
        f"/iuran/tagihan/{bill.case.code}/selisih/",
        {"key": "selisih:3319040101700001", "choice": "koreksi", "reason": ""},
        follow=True,
    )

    assert messages_of(response) == ["Alasan: wajib diisi."]
    assert Decision.objects.count() == 0


def test_decision_after_step_one_is_refused_with_a_message(client, pmd):
    bill = make_bill(pmd)
    prepare(pmd, bill)
    complete(bill.case, pmd.pelaksana)
    client.force_login(pmd.pelaksana)

    response = client.post(
        f"/iuran/tagihan/{bill.case.code}/selisih/",
        {"key": "pembulatan", "choice": "koreksi", "reason": "x"},
        follow=True,
    )

    assert messages_of(response) == ["Keputusan selisih hanya dapat dicatat pada langkah 1."]


def test_decision_forms_show_only_at_step_one(client, pmd):
    bill = make_bill(pmd, amount=730_000, lines=lines_for(pmd, Sutrisno=150_000))
    client.force_login(pmd.pelaksana)

    page = client.get(f"/layanan/{bill.case.code}/").content.decode()
    client.force_login(pmd.kasubbag)
    other = client.get(f"/layanan/{bill.case.code}/").content.decode()

    assert f'action="/iuran/tagihan/{bill.case.code}/selisih/"' in page
    assert "/selisih/" not in other


def test_payment_form_without_spd_names_the_field(client, pmd):
    bill = make_bill(pmd)
    client.force_login(pmd.pelaksana)

    response = client.post(
        f"/iuran/tagihan/{bill.case.code}/spp-spm/",
        {"spp_number": "1", "spm_number": "1", "account_code": "5.1", "account_name": "Belanja"},
        follow=True,
    )

    bill.refresh_from_db()
    assert bill.spp_number == ""
    assert messages_of(response) == [
        "Nomor SPD: wajib diisi.",
        "Tanggal SPD: wajib diisi.",
        "Program: wajib diisi.",
        "Kegiatan: wajib diisi.",
        "Sub kegiatan: wajib diisi.",
        "Kode SKPD: wajib diisi.",
        "Bank penerima: wajib diisi.",
        "Nama rekening penerima: wajib diisi.",
    ]


def test_sp2d_form_with_bad_dates_says_why(client, pmd):
    bill = make_bill(pmd)
    to_step_four(pmd, bill)
    client.force_login(pmd.pelaksana)

    response = client.post(
        f"/iuran/tagihan/{bill.case.code}/sp2d/",
        {"sp2d_number": "9", "sp2d_date": "2026-11-06", "paid_on": "2026-11-05", "bpjs_paid": "on"},
        follow=True,
    )

    assert messages_of(response) == ["Tanggal transfer: tidak boleh sebelum tanggal SP2D."]


def test_index_counts_days_in_working_days(client, pmd):
    bill = make_bill(pmd)
    left = days_left(limits(bill.month), today=timezone.localdate())
    client.force_login(pmd.pelaksana)

    page = client.get("/iuran/").content.decode()

    assert "admin › Aturan iuran" in page
    assert f'<span class="badge risk-{left.risk}">{hari(left.to_due)}</span>' in page
    assert f'<span class="badge risk-{left.risk}">{hari(left.to_month_end)}</span>' in page
