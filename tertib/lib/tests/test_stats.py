from hypothesis import given
from hypothesis import strategies as st

from tertib.lib.stats import median, percentile, share


def test_percentile_nearest_rank_on_ten_values():
    values = [5, 1, 9, 3, 7, 2, 8, 4, 10, 6]

    assert percentile(values, 90) == 9
    assert percentile(values, 50) == 5
    assert percentile(values, 100) == 10


def test_percentile_of_one_value_is_that_value():
    assert percentile([42], 90) == 42


def test_statistics_of_nothing_are_none():
    assert median([]) is None
    assert percentile([], 90) is None
    assert share(3, 0) is None


def test_median_of_even_count_is_the_middle_mean():
    assert median([1, 2, 3, 10]) == 2.5


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1))
def test_percentile_has_at_least_p_percent_at_or_below(values):
    p90 = percentile(values, 90)

    assert p90 in values
    assert sum(v <= p90 for v in values) >= 0.9 * len(values)
    assert sum(v < p90 for v in values) < 0.9 * len(values)


def test_percent_and_times_as_people_read_them():
    from tertib.lib.stats import percent_text, times_text

    assert (percent_text(6 / 7), percent_text(None)) == ("86 %", "-")
    assert (times_text(2.25), times_text(None)) == ("2,2×", "-")
