"""The roster of kepala desa and perangkat desa: import, kecamatan verification, PMD fixes."""

import datetime as dt
import io
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from tertib.cases.models import AuditEvent
from tertib.org.testing import assign, make_office, make_user
from tertib.services.iuran.models import Official
from tertib.services.iuran.roster import (
    NotAllowed,
    RosterError,
    import_roster,
    update_official,
    verify_official,
)
from tertib.services.iuran.tables import rupiah_cell
from tertib.services.iuran.testing import make_desa, make_kecamatan, make_official

TODAY = dt.date(2026, 11, 23)
AT = dt.datetime(2026, 11, 23, 9, 30, tzinfo=ZoneInfo("Asia/Jakarta"))
HEADER = "nik,nama,jabatan,kode_desa,siltap,nomor_bpjs,mulai,berhenti\n"
SUTRISNO = "3319041507800001"
SRI = "3319045203850002"
JOKO = "3319040101900003"


@pytest.fixture
def wilayah(undaan):
    """Undaan (from the shared fixture) with two coded desa, and Kota Kudus with a kelurahan."""
    undaan_office = make_kecamatan(name="Undaan", code="33.19.04")  # the fixture's office
    kota = make_kecamatan(name="Kota Kudus", code="33.19.02")
    pmd = make_office(slug="dinas-pmd", name="Dinas PMD", positions={"pelaksana": "Pelaksana"})
    pelaksana = make_user("pelaksana", full_name="Yuni Astuti")
    assign(pelaksana, pmd, "pelaksana")
    return SimpleNamespace(
        people=undaan,
        kutuk=make_desa(kecamatan=undaan_office, name="Kutuk", code="33.19.04.2007"),
        wates=make_desa(kecamatan=undaan_office, name="Wates", code="33.19.04.2013"),
        wergu=make_desa(
            kecamatan=kota, name="Wergu Wetan", code="33.19.02.1006", is_kelurahan=True
        ),
        pmd=pelaksana,
    )


def _import(text: str, actor, *, filename: str = "perangkat.csv", encoding: str = "utf-8"):
    return import_roster(content=text.encode(encoding), filename=filename, actor=actor, today=TODAY)


def _roster() -> list[tuple]:
    fields = ("nik", "name", "jabatan", "desa__name", "siltap", "bpjs_number", "starts_on")
    return list(Official.objects.order_by("starts_on").values_list(*fields, "ends_on"))


SAVED = [
    (SUTRISNO, "Sutrisno", "Kepala Desa", "Kutuk", 3_500_000, "0001234567890",
     dt.date(2020, 1, 1), None),
    (SRI, "Sri Wahyuni", "Sekretaris Desa", "Kutuk", 2_500_000, "", dt.date(2021, 2, 1), None),
    (JOKO, "Joko Santoso", "Kaur Keuangan", "Wates", 2_300_000, "0001234567891",
     dt.date(2021, 3, 15), dt.date(2026, 12, 31)),
]  # fmt: skip


def test_import_good_csv_creates_unverified_entries(wilayah):
    text = HEADER + (
        f"{SUTRISNO},Sutrisno,Kepala Desa,33.19.04.2007,Rp 3.500.000,0001234567890,2020-01-01,\n"
        f"{SRI},Sri Wahyuni,Sekretaris Desa,33.19.04.2007,2.500.000,,01-02-2021,\n"
        f"{JOKO},Joko Santoso,Kaur Keuangan,33.19.04.2013,2300000,0001234567891,2021-03-15,"
        "31-12-2026\n"
    )

    report = _import(text, wilayah.pmd)

    assert report.ok
    assert report.rows == [(2, "baru", []), (3, "baru", []), (4, "baru", [])]
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    assert report.lines()[-1] == "3 baru, 0 diperbarui, 0 sama"
    assert _roster() == SAVED
    assert not Official.objects.verified().exists()
    event = AuditEvent.objects.get(action="impor_perangkat")
    assert (event.actor, event.payload) == (
        wilayah.pmd,
        {"berkas": "perangkat.csv", "baru": 3, "diperbarui": 0, "sama": 0},
    )


def test_import_semicolon_csv_with_bom_and_desa_names(wilayah):
    text = (
        "NIK;Nama;Jabatan;Desa;Kecamatan;Siltap;Nomor BPJS;Mulai;Berhenti\n"
        f"{SUTRISNO};Sutrisno;Kepala Desa;Desa Kutuk;Kecamatan Undaan;3.500.000;"
        "0001234567890;01-01-2020;\n"
        f"{SRI};Sri Wahyuni;Sekretaris Desa;kutuk;UNDAAN;2500000;;2021-02-01;\n"
    )

    report = _import(text, wilayah.pmd, encoding="utf-8-sig")

    assert report.rows == [(2, "baru", []), (3, "baru", [])]
    assert _roster() == SAVED[:2]


def test_import_good_xlsx(wilayah):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(
        ["NIK", "Nama", "Jabatan", "Kode Desa", "Siltap", "Nomor BPJS", "Mulai", "Berhenti"]
    )
    sheet.append([SUTRISNO, "Sutrisno", "Kepala Desa", "33.19.04.2007", 3_500_000,
                  "0001234567890", dt.date(2020, 1, 1), None])  # fmt: skip
    sheet.append([])
    sheet.append([JOKO, "Joko Santoso", "Kaur Keuangan", "33.19.04.2013", "2.300.000",
                  "0001234567891", dt.datetime(2021, 3, 15), "31-12-2026"])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)

    report = import_roster(
        content=buffer.getvalue(), filename="Perangkat.XLSX", actor=wilayah.pmd, today=TODAY
    )

    assert report.rows == [(2, "baru", []), (4, "baru", [])]
    assert _roster() == [SAVED[0], SAVED[2]]


def test_import_names_every_broken_row_and_saves_nothing(wilayah):
    text = HEADER + (
        f"{SUTRISNO},Sutrisno,Kepala Desa,33.19.04.2007,3500000,0001234567890,2020-01-01,\n"
        "331904150780001,Salah NIK,Kaur Umum,33.19.04.2007,2300000,,2020-01-01,\n"
        f"{SRI},Sri Wahyuni,Sekretaris Desa,33.19.04.2099,2500000,,2021-02-01,\n"
        f"{JOKO},Joko Santoso,Kaur Keuangan,33.19.02.1006,2300000,,2021-03-15,\n"
        '3319040202910004,Budi,Kasi Pemerintahan,33.19.04.2013,"3,5 juta",,2021-03-15,\n'
        f"{SUTRISNO},Sutrisno,Kepala Desa,33.19.04.2013,3500000,,2022-01-01,\n"
        "3319040303920005,Ani,Kaur Umum,33.19.04.2013,2300000,,2024-05-01,2024-04-30\n"
        "3319040404930006,,Kasi Kesra,33.19.04.2013,2300000,12345,31-02-2024,\n"
    )

    report = _import(text, wilayah.pmd)

    assert not report.ok
    assert report.lines() == [
        "baris 3: NIK: harus 16 angka",
        "baris 4: kode_desa: 33.19.04.2099 tidak dikenal",
        "baris 5: kode_desa: Kelurahan Wergu Wetan tidak punya perangkat desa",
        "baris 6: siltap: '3,5 juta' bukan rupiah bulat (tulis 3500000 atau 3.500.000)",
        "baris 7: duplikat NIK dengan baris 2",
        "baris 8: berhenti: sebelum tanggal mulai",
        "baris 9: nama: wajib diisi",
        "baris 9: nomor_bpjs: '12345' harus 13 angka",
        "baris 9: mulai: '31-02-2024' bukan tanggal (tulis YYYY-MM-DD atau DD-MM-YYYY)",
        "7 baris ditolak; tidak ada yang disimpan",
    ]
    assert report.rows[0] == (2, "baru", [])
    assert (report.created, report.updated, report.unchanged) == (0, 0, 0)
    assert _roster() == []
    assert not AuditEvent.objects.exists()


def test_import_names_unknown_kecamatan_and_desa(wilayah):
    text = "nik,nama,jabatan,desa,kecamatan,siltap,nomor_bpjs,mulai,berhenti\n" + (
        f"{SUTRISNO},Sutrisno,Kepala Desa,Kutuk,Undaan Raya,3500000,,2020-01-01,\n"
        f"{SRI},Sri Wahyuni,Sekretaris Desa,Kutukan,Undaan,2500000,,2021-02-01,\n"
        f"{JOKO},Joko Santoso,Kaur Keuangan,,Undaan,2300000,,2021-03-15,\n"
    )

    report = _import(text, wilayah.pmd)

    assert report.lines() == [
        "baris 2: kecamatan: Undaan Raya tidak dikenal",
        "baris 3: desa: Kutukan tidak ada di kecamatan Undaan",
        "baris 4: desa: wajib diisi",
        "3 baris ditolak; tidak ada yang disimpan",
    ]


@pytest.mark.parametrize(
    ("siltap", "expected"),
    [
        ("3500000", 3_500_000),
        ("3.500.000", 3_500_000),
        ("Rp 3.500.000", 3_500_000),
        ("Rp. 3.500.000,-", 3_500_000),
        ("Rp1.234.567,00", 1_234_567),
        ("1200000.00", 1_200_000),
        ("3500000.50", "siltap: '3500000.50' harus rupiah bulat, tanpa sen"),
        ("3.500.000,50", "siltap: '3.500.000,50' harus rupiah bulat, tanpa sen"),
        (
            "3.500",
            "siltap: Rp 3.500 di bawah Rp 500.000; kemungkinan salah ketik "
            "(tulis 3.500.000 untuk tiga setengah juta)",
        ),
        ("-3500000", "siltap: tidak boleh negatif"),
        ("0", "siltap: harus lebih dari 0"),
        ("", "siltap: wajib diisi"),
        ("tiga juta", "siltap: 'tiga juta' bukan rupiah bulat (tulis 3500000 atau 3.500.000)"),
    ],
)
def test_import_reads_siltap_as_whole_rupiah(wilayah, siltap, expected):
    text = HEADER + f'{SUTRISNO},Sutrisno,Kepala Desa,33.19.04.2007,"{siltap}",,2020-01-01,\n'

    report = _import(text, wilayah.pmd)

    if isinstance(expected, int):
        assert report.ok
        assert Official.objects.get().siltap == expected
    else:
        assert report.rows == [(2, "ditolak", [expected])]


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            "nik,nama,jabatan,kode_desa,mulai,berhenti",
            "baris 1: kolom wajib tidak ada: siltap, nomor_bpjs",
        ),
        (
            "nik,nama,jabatan,desa,siltap,nomor_bpjs,mulai,berhenti",
            "baris 1: kolom wajib tidak ada: kode_desa (atau desa dan kecamatan)",
        ),
    ],
)
def test_import_without_required_column_says_which(wilayah, header, message):
    text = header + f"\n{SUTRISNO},Sutrisno,Kepala Desa,33.19.04.2007,2020-01-01,\n"

    report = _import(text, wilayah.pmd)

    assert report.lines() == [message, "berkas ditolak; tidak ada yang disimpan"]
    assert report.rows == []
    assert _roster() == []


def test_import_of_unreadable_file_is_refused(wilayah):
    report = import_roster(
        content=b"PK\x03\x04 not really", filename="x.xlsx", actor=wilayah.pmd, today=TODAY
    )

    assert report.problems == ["berkas: bukan berkas Excel .xlsx yang bisa dibaca"]
    assert not report.ok


def test_import_update_clears_verification_only_when_checked_fields_change(wilayah):
    staf = wilayah.people.staf
    make_official(desa=wilayah.kutuk, nik=SUTRISNO, verified_by=staf, verified_at=AT)
    make_official(
        desa=wilayah.kutuk,
        nik=SRI,
        name="Sri Wahyuni",
        jabatan="Sekretaris Desa",
        siltap=2_500_000,
        bpjs_number="",
        starts_on=dt.date(2021, 2, 1),
        verified_by=staf,
        verified_at=AT,
    )
    make_official(
        desa=wilayah.wates,
        nik=JOKO,
        name="Joko Santoso",
        jabatan="Kaur Keuangan",
        siltap=2_300_000,
        bpjs_number="0001234567891",
        starts_on=dt.date(2021, 3, 15),
        verified_by=staf,
        verified_at=AT,
    )
    text = HEADER + (
        f"{SUTRISNO},Sutrisno,Kepala Desa,33.19.04.2007,3750000,0001234567890,2020-01-01,\n"
        f"{SRI},Sri Wahyuni,Sekretaris Desa,33.19.04.2007,2500000,,2021-02-01,\n"
        f"{JOKO},Joko Santoso,Kaur Keuangan,33.19.04.2013,2300000,0001234567891,2021-03-15,"
        "2026-12-31\n"
    )

    report = _import(text, wilayah.pmd)

    assert report.rows == [
        (2, "diperbarui", ["diubah: siltap", "perlu diverifikasi ulang oleh kecamatan"]),
        (3, "sama", []),
        (4, "diperbarui", ["diubah: berhenti"]),
    ]
    assert (report.created, report.updated, report.unchanged) == (0, 2, 1)
    verified = dict(Official.objects.values_list("nik", "verified_by"))
    assert verified == {SUTRISNO: None, SRI: staf.pk, JOKO: staf.pk}
    assert Official.objects.get(nik=SUTRISNO).siltap == 3_750_000


def test_import_refuses_a_new_term_over_an_open_one_until_the_file_ends_it(wilayah):
    make_official(desa=wilayah.kutuk, nik=SUTRISNO, jabatan="Kaur Umum", siltap=2_300_000)
    new_term = f"{SUTRISNO},Sutrisno,Kepala Desa,33.19.04.2007,3500000,,2026-01-01,\n"
    old_term = f"{SUTRISNO},Sutrisno,Kaur Umum,33.19.04.2007,2300000,0001234567890,2020-01-01,"

    refused = _import(HEADER + new_term, wilayah.pmd)
    accepted = _import(HEADER + new_term + old_term + "2025-12-31\n", wilayah.pmd)

    assert refused.rows == [
        (
            2,
            "ditolak",
            [
                "NIK: masa jabatan bertumpuk dengan data yang ada (Kaur Umum Kutuk, "
                "mulai 01-01-2020); isi dulu tanggal berhentinya"
            ],
        )
    ]
    assert accepted.rows == [(2, "baru", []), (3, "diperbarui", ["diubah: berhenti"])]
    terms = Official.objects.order_by("starts_on").values_list("jabatan", "ends_on")
    assert list(terms) == [("Kaur Umum", dt.date(2025, 12, 31)), ("Kepala Desa", None)]


def test_kecamatan_staff_verify_their_desa_official(wilayah):
    official = make_official(desa=wilayah.kutuk)

    verify_official(official=official, actor=wilayah.people.staf, at=AT)

    official.refresh_from_db()
    assert (official.verified_by, official.verified_at) == (wilayah.people.staf, AT)
    event = AuditEvent.objects.get(action="verifikasi_perangkat")
    assert event.payload == {"perangkat": official.pk, "desa": "33.19.04.2007"}


@pytest.mark.parametrize("who", ["outsider", "pmd"])
def test_verification_by_others_is_refused(wilayah, who):
    official = make_official(desa=wilayah.kutuk)
    actor = wilayah.pmd if who == "pmd" else wilayah.people.outsider

    with pytest.raises(NotAllowed) as refused:
        verify_official(official=official, actor=actor, at=AT)

    assert str(refused.value) == (
        "Hanya pegawai Kecamatan Undaan yang boleh memverifikasi perangkat Desa Kutuk."
    )
    official.refresh_from_db()
    assert official.verified_at is None
    assert not AuditEvent.objects.exists()


def test_verification_after_the_assignment_ended_is_refused(wilayah):
    official = make_official(desa=wilayah.kutuk)
    leaver = make_user("pindah")
    assign(leaver, wilayah.people.office, "staf", ends_on=dt.date(2026, 6, 30))

    with pytest.raises(NotAllowed):
        verify_official(official=official, actor=leaver, at=AT)


@pytest.mark.parametrize(
    ("changes", "still_verified"),
    [
        ({"siltap": 3_750_000}, False),
        ({"jabatan": "Sekretaris Desa"}, False),
        ({"ends_on": dt.date(2026, 12, 31)}, True),
        ({"bpjs_number": "0001234567899"}, True),
    ],
)
def test_update_official_clears_verification_on_siltap_or_jabatan(wilayah, changes, still_verified):
    official = make_official(desa=wilayah.kutuk, verified_by=wilayah.people.staf, verified_at=AT)

    update_official(official=official, actor=wilayah.pmd, **changes)

    official.refresh_from_db()
    assert {name: getattr(official, name) for name in changes} == changes
    assert (official.verified_at is not None) == still_verified
    event = AuditEvent.objects.get(action="ubah_perangkat")
    assert event.actor == wilayah.pmd


def test_update_official_with_same_values_writes_nothing(wilayah):
    official = make_official(desa=wilayah.kutuk, verified_by=wilayah.people.staf, verified_at=AT)

    update_official(official=official, actor=wilayah.pmd, siltap=3_500_000, jabatan="Kepala Desa")

    official.refresh_from_db()
    assert official.verified_at == AT
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"ends_on": dt.date(2019, 12, 31)},
            "berhenti: tidak boleh sebelum mulai menjabat (01-01-2020)",
        ),
        ({"siltap": 0}, "siltap: harus lebih dari 0"),
        ({"jabatan": "  "}, "jabatan: wajib diisi"),
        ({"bpjs_number": "12345"}, "nomor_bpjs: '12345' harus 13 angka"),
    ],
)
def test_update_official_refuses_bad_values(wilayah, changes, message):
    official = make_official(desa=wilayah.kutuk)

    with pytest.raises(RosterError) as refused:
        update_official(official=official, actor=wilayah.pmd, **changes)

    assert str(refused.value) == message
    official.refresh_from_db()
    assert (official.siltap, official.ends_on) == (3_500_000, None)


def test_update_official_refuses_an_end_after_the_next_term_began(wilayah):
    first = make_official(desa=wilayah.kutuk, ends_on=dt.date(2025, 12, 31))
    make_official(desa=wilayah.kutuk, starts_on=dt.date(2026, 1, 1))

    with pytest.raises(RosterError) as refused:
        update_official(official=first, actor=wilayah.pmd, ends_on=dt.date(2026, 3, 31))

    assert str(refused.value) == (
        "berhenti: bertumpuk dengan masa jabatan berikutnya (mulai 01-01-2026)"
    )


@pytest.mark.parametrize(
    ("typed", "amount"),
    [("Rp1.234.567,00", 1_234_567), ("120000.00", 120_000), ("Rp 3.500.000,-", 3_500_000)],
)
def test_rupiah_cell_reads_amounts_as_people_type_them(typed, amount):
    assert rupiah_cell(typed) == amount


def test_siltap_floor_is_a_setting(wilayah, settings):
    settings.IURAN_SILTAP_FLOOR = 3_000
    text = HEADER + f"{SUTRISNO},Sutrisno,Kepala Desa,33.19.04.2007,3.500,,2020-01-01,\n"

    report = _import(text, wilayah.pmd)

    assert report.ok
    assert Official.objects.get().siltap == 3_500


def test_excel_zeroed_nik_tails_are_refused(wilayah):
    # Typed as numbers, 3319041507800123 and its neighbours lost their last digit.
    niks = ["3319041507800120", "3319041608810230", "3319041709820340", "3319041810830450"]
    rows = "".join(
        f"{nik},Orang {i},Kaur,33.19.04.2007,3000000,,2020-01-01,\n" for i, nik in enumerate(niks)
    )

    report = _import(HEADER + rows, wilayah.pmd)

    assert not report.ok
    assert report.rows[0][2] == [
        "NIK: angka terakhir 0 seperti di banyak baris lain; Excel membulatkan NIK yang "
        "diketik sebagai angka. Format kolom NIK sebagai teks lalu ketik ulang"
    ]
    assert Official.objects.count() == 0


def test_nik_ending_in_zero_by_chance_is_kept(wilayah):
    nik = "3319041507800010"
    text = HEADER + f"{nik},Sutrisno,Kepala Desa,33.19.04.2007,3000000,,2020-01-01,\n"

    assert _import(text, wilayah.pmd).ok


def test_nik_in_scientific_notation_is_refused(wilayah):
    text = HEADER + "3.31904E+15,Sutrisno,Kepala Desa,33.19.04.2007,3000000,,2020-01-01,\n"

    report = _import(text, wilayah.pmd)

    assert report.rows == [
        (2, "ditolak", ["NIK: '3.31904E+15' ditulis Excel sebagai angka; ketik ulang sebagai teks"])
    ]
