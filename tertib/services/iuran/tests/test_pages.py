import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from tertib.services.iuran.models import Bill
from tertib.services.iuran.testing import make_bill, scan_pdf


def rincian_csv(pmd, **amounts) -> bytes:
    expected = {"Sutrisno": 120_000, "Endang": 100_000, "Ahmad": 480_000, **amounts}
    rows = ["nik;nama;nomor_bpjs;iuran"] + [
        f"{o.nik};{o.name};;{expected[o.name.split()[0]]}" for o in pmd.roster
    ]
    return "\n".join(rows).encode()


def post_bill(client, pmd, **changes):
    data = {
        "number": "77/TAG/XI/2026",
        "issued_on": "2026-11-02",
        "month": "2026-11",
        "amount": "700000",
        "virtual_account": "8888801234567890",
        "lines": SimpleUploadedFile("rincian.csv", rincian_csv(pmd)),
        "scan": SimpleUploadedFile("tagihan.pdf", scan_pdf()),
        **changes,
    }
    return client.post("/iuran/tagihan/baru/", data)


def test_pelaksana_registers_a_bill_and_lands_on_its_case(client, pmd):
    client.force_login(pmd.pelaksana)

    response = post_bill(client, pmd)

    bill = Bill.objects.get()
    assert response.status_code == 302
    assert response.url == f"/layanan/{bill.case.code}/"
    assert (bill.month, bill.amount, bill.lines.count()) == (datetime.date(2026, 11, 1), 700_000, 3)
    page = client.get(response.url).content.decode()
    assert "Tagihan BPJS November 2026" in page
    assert "Data dukung lengkap: dibayar Rp 700.000." in page


def test_bad_bill_input_names_the_field_and_keeps_nothing(client, pmd):
    client.force_login(pmd.pelaksana)

    response = post_bill(client, pmd, virtual_account="12ab", month="November")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Nomor virtual account: hanya angka 0-9 (spasi, titik dan tanda hubung boleh)." in page
    assert "Nomor virtual account: Nomor virtual account" not in page
    assert "Bulan tagihan: tulis tahun dan bulan, misalnya 2026-11." in page
    assert not Bill.objects.exists()


def test_broken_rincian_row_is_named_and_nothing_kept(client, pmd):
    client.force_login(pmd.pelaksana)
    broken = rincian_csv(pmd).replace(b";120000", b";120.000,50")

    response = post_bill(client, pmd, lines=SimpleUploadedFile("rincian.csv", broken))

    assert "Rincian tagihan ditolak: baris 2: iuran:" in response.content.decode()
    assert not Bill.objects.exists()


def test_second_bill_for_the_month_is_refused_on_the_page(client, pmd):
    first = make_bill(pmd)
    client.force_login(pmd.pelaksana)

    response = post_bill(client, pmd)

    assert f"tagihan November 2026 sudah didaftarkan (kode {first.case.code})" in (
        response.content.decode()
    )
    assert Bill.objects.count() == 1


def test_discrepancy_is_shown_with_masked_nik(client, pmd):
    bill = make_bill(pmd, amount=730_000)
    bill.lines.filter(name="Sutrisno").update(amount=150_000)
    client.force_login(pmd.kasubbag)

    page = client.get(f"/layanan/{bill.case.code}/").content.decode()

    assert "Belum dapat dilanjutkan:" in page
    assert "1 selisih belum diputuskan: jumlah berbeda (Sutrisno)." in page
    assert "331904********01" in page
    assert pmd.roster[0].nik not in page


def test_kecamatan_staff_cannot_open_the_iuran_pages(client, pmd):
    bill = make_bill(pmd)
    client.force_login(pmd.kecamatan_staf)

    assert client.get("/iuran/").status_code == 404
    assert client.get(f"/iuran/tagihan/{bill.case.code}/spp.pdf").status_code == 404
    assert client.get(f"/layanan/{bill.case.code}/").status_code == 404


def test_kecamatan_verifies_its_own_desa_from_the_roster_page(client, pmd):
    endang = pmd.roster[1]
    endang.verified_at = None
    endang.save()
    client.force_login(pmd.kecamatan_staf)

    page = client.get("/iuran/perangkat/?tampil=belum").content.decode()
    response = client.post(f"/iuran/perangkat/{endang.pk}/verifikasi/")

    assert "Endang Lestari" in page and "Sutrisno" not in page
    assert response.status_code == 302
    endang.refresh_from_db()
    assert endang.verified_by == pmd.kecamatan_staf


def test_other_kecamatan_cannot_verify(client, pmd):
    endang = pmd.roster[1]
    endang.verified_at = None
    endang.save()
    client.force_login(pmd.jati_staf)

    assert "Endang" not in client.get("/iuran/perangkat/").content.decode()
    client.post(f"/iuran/perangkat/{endang.pk}/verifikasi/")

    endang.refresh_from_db()
    assert endang.verified_at is None


def test_worklist_puts_the_nearest_month_limit_first(client, pmd):
    october = make_bill(pmd, month=datetime.date(2026, 10, 1))
    november = make_bill(pmd)
    client.force_login(pmd.pelaksana)

    rows = client.get("/layanan/").context["rows"]

    assert [row["case"] for row in rows] == [october.case, november.case]
