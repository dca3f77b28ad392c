"""Rules and cuti bersama in the admin, the roster's pages and the rincian's BPJS numbers."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from tertib.services.iuran.bills import BillError, lines_from_table
from tertib.services.iuran.models import Official


@pytest.fixture
def admin_client(client, pmd):
    admin = get_user_model().objects.create_superuser("admin.pmd", password="rahasia-123")
    client.force_login(admin)
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/admin/iuran/contributionrule/",
        "/admin/iuran/contributionrule/add/",
        "/admin/iuran/cutibersama/add/",
        "/admin/iuran/yearendclose/add/",
    ],
)
def test_rules_and_cuti_bersama_are_in_the_admin(admin_client, path):
    assert admin_client.get(path).status_code == 200


def test_cuti_bersama_added_in_the_admin_moves_the_due_day(admin_client):
    from tertib.services.iuran.deadlines import limits

    admin_client.post(
        "/admin/iuran/cutibersama/add/", {"day": "2026-11-10", "name": "Cuti bersama daerah"}
    )

    assert limits(datetime.date(2026, 11, 1)).due == datetime.date(2026, 11, 11)


def test_official_admin_page_lists_no_nik(admin_client, pmd):
    page = admin_client.get("/admin/iuran/official/").content.decode()

    assert "Sutrisno" in page
    assert pmd.roster[0].nik not in page


def test_roster_is_paginated_with_its_total(client, pmd):
    base = pmd.roster[0]
    Official.objects.bulk_create(
        Official(
            desa=pmd.kutuk,
            nik=f"33190415078{i:05d}",
            name=f"Perangkat {i:04d}",
            jabatan="Kaur",
            siltap=2_000_000,
            starts_on=base.starts_on,
        )
        for i in range(1, 1201)
    )
    client.force_login(pmd.pelaksana)

    first = client.get("/iuran/perangkat/").content.decode()
    last = client.get("/iuran/perangkat/?halaman=13").content.decode()

    assert "1203 orang; halaman 1 dari 13." in first
    assert "halaman 13 dari 13" in last and "Sutrisno" in last


def test_rincian_reads_amounts_with_rp_and_cents(pmd):
    rows = [
        "nik;nama;nomor_bpjs;iuran",
        "3319040101700001;Sutrisno;0001234567890;Rp120.000,00",
        "3319045202800002;Endang;0001234567891;100000.00",
    ]

    lines = lines_from_table("\n".join(rows).encode(), "rincian.csv")

    assert [(line.bpjs_number, line.amount) for line in lines] == [
        ("0001234567890", 120_000),
        ("0001234567891", 100_000),
    ]


def test_rincian_bpjs_number_typed_as_a_number_is_refused():
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["nik", "nama", "nomor_bpjs", "iuran"])
    book.active.append(["3319040101700001", "Sutrisno", 1234567890, 120000])
    import io

    out = io.BytesIO()
    book.save(out)

    with pytest.raises(BillError, match="nomor_bpjs: tulis sebagai teks"):
        lines_from_table(out.getvalue(), "rincian.xlsx")


def test_rincian_nik_with_excel_zeroed_serial_is_refused():
    rows = ["nik;nama;nomor_bpjs;iuran", "3319040101700000;Sutrisno;;120000"]

    with pytest.raises(BillError, match="baris 2: nik: nomor urut tidak boleh 0000"):
        lines_from_table("\n".join(rows).encode(), "rincian.csv")


def test_official_page_records_a_raise_from_a_date(client, pmd):
    sutrisno = pmd.roster[0]
    client.force_login(pmd.pelaksana)

    client.post(
        f"/iuran/perangkat/{sutrisno.pk}/",
        {"siltap": "3500000", "siltap_from": "2026-07-01", "jabatan": "Kepala Desa"},
    )

    assert list(sutrisno.pay_changes.values_list("siltap", flat=True)) == [3_500_000]
