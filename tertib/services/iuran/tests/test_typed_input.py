"""Every iuran form comes back as typed after an error, its files kept; amounts and numbers
typed as people write them."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile

from tertib.services.iuran.models import Bill, Official
from tertib.services.iuran.testing import lines_for, make_bill, scan_pdf, to_step_four
from tertib.services.iuran.tests.test_pages import post_bill, rincian_csv


def reference_in(html: str, name: str) -> str:
    return re.search(rf'name="{name}_kept" value="([^"]+)"', html).group(1)


def value_of(html: str, name: str) -> str:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
    return re.search(r'value="([^"]*)"', tag).group(1)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_bill_with_an_error_keeps_the_scan_the_rincian_and_every_value(client, pmd):
    client.force_login(pmd.pelaksana)

    refused = post_bill(client, pmd, virtual_account="8888 8012 3456 789x", amount="Rp 700.000")

    html = refused.content.decode()
    assert "terlampir: <strong>tagihan.pdf</strong>" in html
    assert "terlampir: <strong>rincian.csv</strong>" in html
    assert value_of(html, "virtual_account") == "8888 8012 3456 789x"
    assert value_of(html, "amount") == "Rp 700.000"
    assert value_of(html, "number") == "77/TAG/XI/2026"
    assert not Bill.objects.exists()
    response = post_bill(
        client,
        pmd,
        virtual_account="8888 8012 3456 7890",
        amount="Rp 700.000",
        scan="",
        lines="",
        scan_kept=reference_in(html, "scan"),
        lines_kept=reference_in(html, "lines"),
    )
    bill = Bill.objects.get()
    assert response.status_code == 302
    assert (bill.amount, bill.virtual_account) == (700_000, "8888801234567890")
    assert bill.lines.count() == 3 and bill.scan.original_name == "tagihan.pdf"


def test_bill_refused_after_checks_keeps_its_files(client, pmd):
    client.force_login(pmd.pelaksana)
    broken = rincian_csv(pmd).replace(b";120000", b";120.000,50")

    refused = post_bill(client, pmd, lines=SimpleUploadedFile("rincian.csv", broken))

    html = refused.content.decode()
    assert "terlampir: <strong>tagihan.pdf</strong>" in html
    assert "terlampir: <strong>rincian.csv</strong>" in html
    assert not Bill.objects.exists()
    post_bill(client, pmd, scan="", scan_kept=reference_in(html, "scan"))
    bill = Bill.objects.get()  # the scan the view had read before refusing, kept whole
    assert bill.scan.size == len(scan_pdf()) and bill.lines.count() == 3


def test_virtual_account_error_names_the_field_once(client, pmd):
    client.force_login(pmd.pelaksana)

    html = post_bill(client, pmd, virtual_account="1234 567").content.decode()

    assert "Nomor virtual account: harus 8 sampai 20 angka, tertulis 7." in html
    assert "Nomor virtual account: Nomor virtual account" not in html


def test_payment_refused_keeps_every_value_as_typed(client, pmd):
    bill = make_bill(pmd)
    client.force_login(pmd.pelaksana)

    response = client.post(
        f"/iuran/tagihan/{bill.case.code}/spp-spm/",
        {"account_code": "5.1.02", "account_name": "Belanja iuran", "program": "Program X"}
        | {"spd_number": "SPD/9", "deductions": "Rp 12.500", "spd_date": "2026-11-03"},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Kegiatan: wajib diisi." in messages_of(response)
    assert [value_of(html, n) for n in ("account_code", "program", "spd_number")] == [
        "5.1.02",
        "Program X",
        "SPD/9",
    ]
    assert (value_of(html, "deductions"), value_of(html, "spd_date")) == ("Rp 12.500", "2026-11-03")
    bill.refresh_from_db()
    assert bill.spd_number == ""


def test_payment_amount_is_shown_with_dots(client, pmd):
    bill = make_bill(pmd, amount=1_332_000)
    client.force_login(pmd.pelaksana)

    html = client.get(f"/layanan/{bill.case.code}/").content.decode()

    assert value_of(html, "amount") == "1.332.000"


def test_decision_refused_keeps_the_choice_of_its_row(client, pmd):
    bill = make_bill(pmd, amount=730_000, lines=lines_for(pmd, Sutrisno=150_000))
    client.force_login(pmd.pelaksana)

    response = client.post(
        f"/iuran/tagihan/{bill.case.code}/selisih/",
        {"key": "selisih:3319040101700001", "choice": "koreksi", "reason": ""},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert messages_of(response) == ["Alasan: wajib diisi."]
    assert re.search(r'<option value="koreksi" selected>', html)


def test_correction_refused_keeps_amount_reason_and_the_new_rincian(client, pmd):
    bill = make_bill(pmd)
    client.force_login(pmd.pelaksana)
    code = bill.case.code

    refused = client.post(
        f"/iuran/tagihan/{code}/koreksi/",
        {"amount": "1.332", "reason": "", "lines": SimpleUploadedFile("baru.csv", b"nik;nama")},
    )

    html = refused.content.decode()
    assert messages_of(refused) == ["Alasan koreksi: wajib diisi."]
    assert value_of(html, "amount") == "1.332"
    assert "terlampir: <strong>baru.csv</strong>" in html
    assert '<details class="correction" open>' in html
    client.post(
        f"/iuran/tagihan/{code}/koreksi/",
        {"amount": "Rp 700.000,00", "reason": "Salah ketik", "lines_kept": "rusak"},
    )
    bill.refresh_from_db()
    assert bill.amount == 700_000  # a broken reference is refused, nothing changed


def test_sp2d_refused_keeps_numbers_dates_and_the_proof(client, pmd):
    bill = make_bill(pmd)
    to_step_four(pmd, bill)
    client.force_login(pmd.pelaksana)
    url = f"/iuran/tagihan/{bill.case.code}/sp2d/"
    typed = {"sp2d_number": "00456/SP2D-LS/2026", "sp2d_date": "2026-11-06", "bpjs_paid": "on"}

    refused = client.post(url, typed | {"proof": SimpleUploadedFile("bukti.pdf", scan_pdf())})

    html = refused.content.decode()
    assert messages_of(refused) == ["Tanggal transfer / lunas: wajib diisi."]
    assert value_of(html, "sp2d_number") == "00456/SP2D-LS/2026"
    assert value_of(html, "sp2d_date") == "2026-11-06"
    assert re.search(r'name="bpjs_paid" checked', html)
    assert "terlampir: <strong>bukti.pdf</strong>" in html
    client.post(url, typed | {"paid_on": "2026-11-06", "proof_kept": reference_in(html, "proof")})
    bill.refresh_from_db()
    assert bill.is_paid and bill.transfer_proof.original_name == "bukti.pdf"


def test_official_siltap_typed_with_dots_and_card_number_with_spaces(client, pmd):
    official = Official.objects.get(name__startswith="Sutrisno")
    client.force_login(pmd.pelaksana)
    url = f"/iuran/perangkat/{official.pk}/"
    assert value_of(client.get(url).content.decode(), "siltap") == f"{official.siltap:,}".replace(
        ",", "."
    )

    client.post(
        url,
        {"siltap": "Rp 2.500.000", "jabatan": official.jabatan, "bpjs_number": "0001 2345 6789 0"},
    )

    official.refresh_from_db()
    assert (official.siltap, official.bpjs_number) == (2_500_000, "0001234567890")


def test_official_refused_comes_back_as_typed(client, pmd):
    official = Official.objects.get(name__startswith="Sutrisno")
    client.force_login(pmd.pelaksana)

    response = client.post(
        f"/iuran/perangkat/{official.pk}/",
        {"siltap": "2.500.000,50", "jabatan": "Kaur Umum", "bpjs_number": "123"},
    )

    html = response.content.decode()
    assert "Penghasilan tetap (Rp/bulan): rupiah ditulis bulat tanpa sen" in html
    assert "Nomor kartu BPJS: harus 13 angka, tertulis 3." in html
    assert (value_of(html, "siltap"), value_of(html, "jabatan")) == ("2.500.000,50", "Kaur Umum")


def test_refused_roster_import_keeps_the_file(client, pmd):
    client.force_login(pmd.pelaksana)
    broken = b"nik;nama\n3319040101700001;Sutrisno\n"

    refused = client.post(
        "/iuran/perangkat/impor/", {"berkas": SimpleUploadedFile("perangkat.csv", broken)}
    )

    html = refused.content.decode()
    assert "Ditolak" in html
    assert "terlampir: <strong>perangkat.csv</strong>" in html
    again = client.post("/iuran/perangkat/impor/", {"berkas_kept": reference_in(html, "berkas")})
    assert "Ditolak" in again.content.decode()  # the same file read again from where it was kept


def test_roster_import_without_a_file_says_so(client, pmd):
    client.force_login(pmd.pelaksana)

    html = client.post("/iuran/perangkat/impor/", {}).content.decode()

    assert "Berkas daftar perangkat: wajib dilampirkan." in html
