import pytest

from tertib.lib.durations import Waktu, WaktuError, parse_waktu, total_waktu


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5 menit", Waktu(5, "menit")),
        ("1 jam", Waktu(1, "jam")),
        ("2 hari", Waktu(2, "hari")),
        (" 3  hari kerja ", Waktu(3, "hari kerja")),
    ],
)
def test_parse_waktu_reads_amount_and_unit(text, expected):
    assert parse_waktu(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("5 mnt", "tidak dapat dibaca"),
        ("lima menit", "tidak dapat dibaca"),
        ("5", "tidak dapat dibaca"),
        ("1,5 jam", "tidak dapat dibaca"),
        ("-1 menit", "harus lebih dari nol"),
        ("0 jam", "harus lebih dari nol"),
    ],
)
def test_parse_waktu_rejects_unreadable_or_non_positive(text, message):
    with pytest.raises(WaktuError) as error:
        parse_waktu(text)
    assert message in str(error.value)


def test_total_waktu_adds_minutes_into_hours():
    times = [Waktu(50, "menit"), Waktu(25, "menit"), Waktu(1, "jam")]
    assert total_waktu(times) == "2 jam 15 menit"


def test_total_waktu_keeps_days_and_working_days_apart():
    times = [Waktu(2, "hari kerja"), Waktu(1, "hari"), Waktu(15, "menit")]
    assert total_waktu(times) == "2 hari kerja 1 hari 15 menit"


def test_total_waktu_of_nothing_is_a_dash():
    assert total_waktu([]) == "-"


def test_minutes_text_says_days_hours_minutes():
    from tertib.lib.durations import minutes_text

    assert minutes_text(45, 450) == "45 menit"
    assert minutes_text(65, 450) == "1 jam 5 menit"
    assert minutes_text(450 * 2 + 180, 450) == "2 hari kerja 3 jam"
    assert minutes_text(0, 450) == "0 menit"
    assert minutes_text(2.5, 450) == "2,5 menit"
    assert minutes_text(None, 450) == "-"
