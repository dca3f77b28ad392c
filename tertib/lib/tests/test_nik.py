import datetime as dt

import pytest

from tertib.lib.nik import NomorError, birth_date, check_kk, check_nik, mask

TODAY = dt.date(2026, 11, 23)


def test_nik_of_a_man_gives_his_birth_date():
    assert birth_date("3319041207850003", today=TODAY) == (dt.date(1985, 7, 12), False)


def test_nik_of_a_woman_has_forty_added_to_the_day():
    assert birth_date("3319045203010002", today=TODAY) == (dt.date(2001, 3, 12), True)


@pytest.mark.parametrize(
    ("nik", "message"),
    [
        ("331904120785000", "harus 16 angka"),
        ("33190412078500a3", "harus 16 angka"),
        ("9919041207850003", "kode provinsi '99' tidak dikenal"),
        ("3300041207850003", "tidak boleh 00"),
        ("3319043202850003", "tanggal lahir di dalam NIK tidak valid"),
        ("3319047207850003", "tanggal lahir di dalam NIK tidak valid"),
        ("3319041207850000", "nomor urut tidak boleh 0000"),
    ],
)
def test_bad_nik_is_refused_with_the_reason(nik, message):
    with pytest.raises(NomorError, match=message):
        check_nik(nik, today=TODAY)


def test_kk_checks_its_issue_date():
    check_kk("3319041503120007", today=TODAY)
    with pytest.raises(NomorError, match="tanggal terbit"):
        check_kk("3319043104120007", today=TODAY)


def test_mask_keeps_region_and_last_two_digits():
    assert mask("3319041207850003") == "331904********03"
