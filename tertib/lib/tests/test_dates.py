import datetime

from tertib.lib.dates import month_name, tanggal, tanggal_jam


def test_tanggal_writes_the_month_in_indonesian():
    assert tanggal(datetime.date(2026, 11, 22)) == "22 November 2026"
    assert tanggal(datetime.date(2027, 1, 1)) == "1 Januari 2027"


def test_month_name():
    assert month_name(datetime.date(2026, 8, 31)) == "Agustus 2026"


def test_tanggal_jam_full_and_short():
    moment = datetime.datetime(2026, 8, 17, 9, 5)
    assert tanggal_jam(moment) == "17 Agustus 2026 09:05"
    assert tanggal_jam(moment, short=True) == "17 Agu 2026 09:05"
    assert tanggal_jam(datetime.datetime(2026, 12, 1, 16, 0), short=True) == "1 Des 2026 16:00"
