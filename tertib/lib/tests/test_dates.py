import datetime

from tertib.lib.dates import month_name, tanggal


def test_tanggal_writes_the_month_in_indonesian():
    assert tanggal(datetime.date(2026, 11, 22)) == "22 November 2026"
    assert tanggal(datetime.date(2027, 1, 1)) == "1 Januari 2027"


def test_month_name():
    assert month_name(datetime.date(2026, 8, 31)) == "Agustus 2026"
