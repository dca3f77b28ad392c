"""More of the dashboard's figures, each checked against numbers worked out by hand."""

import datetime

import pytest

from tertib.cases.engine import cancel_case, claim_step, complete_step, open_record
from tertib.org.models import Office
from tertib.reports.figures import Period, office_figures, semester
from tertib.reports.testing import EVERYTHING, WIB, walk

pytestmark = pytest.mark.django_db
NOVEMBER = Period(datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=WIB)


def to_camat(camat: tuple[int, int]) -> list[tuple[int, int]]:
    """Steps 1 to 3 in a minute each, then the Camat waits and handles as given."""
    return [(0, 1), (0, 1), (0, 1), camat]


def sktm(u, period=NOVEMBER, now=None):
    return office_figures(u.office, period, now=now or at(23, 15)).sops[0]


def test_waiting_and_handling_statistics_of_five_cases_by_hand(undaan):
    # (wait, handle) of the Camat; totals 3, 3, 4, 7, 11 against a mutu baku of 4 minutes.
    for index, camat in enumerate([(1, 2), (0, 3), (2, 2), (3, 4), (0, 11)]):
        walk(undaan, at=at(23, 8, index * 10), plan=to_camat(camat))

    step = sktm(undaan).steps[(4, 0)]

    assert sorted(step.waits) == [0, 0, 1, 2, 3]
    assert (step.waiting_median, step.waiting_p90) == (1, 3)
    assert (step.handling_median, step.handling_p90) == (3, 11)
    assert (step.total_median, step.total_p90) == (4, 11)
    assert step.share_within == 0.6  # 3, 3 and 4 are within 4 minutes
    assert step.ratio == 11 / 4


def test_median_of_an_even_count_is_the_mean_of_the_middle_two(undaan):
    for index, minutes in enumerate([2, 3, 6, 8]):
        walk(undaan, at=at(23, 8, index * 10), plan=to_camat((0, minutes)))

    step = sktm(undaan).steps[(4, 0)]

    assert step.handling_median == 4.5
    assert step.handling_p90 == 8  # nearest rank: the 4th of 4 values


def test_p90_of_twenty_values_is_the_eighteenth(undaan):
    for minutes in range(1, 21):
        walk(undaan, at=at(23, 8), plan=to_camat((0, minutes)))

    step = sktm(undaan).steps[(4, 0)]

    assert (step.count, step.handling_p90, step.handling_median) == (20, 18, 10.5)
    assert step.share_within == 4 / 20


def test_no_finished_step_gives_no_statistics_and_no_bottleneck(undaan):
    walk(undaan, at=at(23, 8), plan=[])  # opened only: step 1 waits

    figure = sktm(undaan)

    assert (figure.started, figure.finished, figure.open_now) == (1, 0, 1)
    assert figure.has_steps_done is False
    assert figure.bottleneck is None
    assert figure.share_within is None
    assert figure.steps[(4, 0)].ratio is None


def test_a_step_within_its_standard_is_never_the_bottleneck(undaan):
    walk(undaan, at=at(23, 8), plan=to_camat((0, 4)))  # exactly its 4 minutes

    figure = sktm(undaan)

    assert figure.steps[(4, 0)].share_within == 1.0
    assert figure.bottleneck is None


def test_bottleneck_is_the_step_most_times_over_its_standard(undaan):
    # Step 2: 8 minutes against 5 (1.6×); step 3: 5 minutes against 2 (2.5×); Camat 4 of 4.
    walk(undaan, at=at(23, 8), plan=[(0, 1), (0, 8), (0, 5), (0, 4)])

    figure = sktm(undaan)

    assert figure.bottleneck is figure.steps[(3, 0)]
    assert figure.bottleneck.ratio == 2.5
    assert figure.steps[(2, 0)].ratio == 1.6


def test_cancelled_case_counts_as_cancelled_but_its_open_step_is_not_work(undaan):
    case = walk(undaan, at=at(23, 8), plan=[(0, 1), (0, 1)])  # waits at step 3 (Kasi)
    cancel_case(case=case, actor=undaan.staf, reason="Pemohon menarik berkas", at=at(23, 9))

    figure = sktm(undaan)

    assert (figure.started, figure.cancelled, figure.finished, figure.open_now) == (1, 1, 0, 0)
    assert figure.steps[(3, 0)].count == 0  # the closed step 3 was nobody's work
    assert figure.steps[(2, 0)].count == 1
    assert figure.late_now == 0


def test_cases_on_the_edges_of_the_period_count_by_local_day(undaan):
    walk(undaan, at=at(31, 23, 59, month=10), plan=[])  # the last minute of October, WIB
    walk(undaan, at=at(1, 0, 0), plan=[])  # the first minute of November
    walk(undaan, at=at(30, 23, 59), plan=[])  # the last minute of November
    walk(undaan, at=at(1, 0, 0, month=12), plan=[])  # December

    assert sktm(undaan).started == 2
    assert (
        sktm(undaan, Period(datetime.date(2026, 10, 31), datetime.date(2026, 10, 31))).started == 1
    )
    assert sktm(undaan, semester(2026, 2)).started == 4
    assert sktm(undaan, semester(2026, 1)).started == 0


def test_steps_count_in_the_period_they_were_finished(undaan):
    # Opened on Friday 30 October; step 2 taken up and finished on Monday 2 November.
    case = walk(undaan, at=at(30, 14, month=10), plan=[(0, 1)])
    record = open_record(case)
    claim_step(case=case, record_id=record.pk, actor=undaan.staf, at=at(2, 8))
    complete_step(
        case=case,
        record_id=record.pk,
        actor=undaan.staf,
        decision="ya",
        given=EVERYTHING,
        at=at(2, 8, 3),
    )

    october = sktm(undaan, Period(datetime.date(2026, 10, 1), datetime.date(2026, 10, 31)))
    november = sktm(undaan)

    assert (october.started, october.steps[(1, 0)].count, october.steps[(2, 0)].count) == (1, 1, 0)
    assert (november.started, november.steps[(1, 0)].count, november.steps[(2, 0)].count) == (
        0,
        0,
        1,
    )
    assert november.steps[(2, 0)].handles == [3]


def test_late_now_counts_running_cases_only_not_those_back_with_the_applicant(undaan):
    walk(undaan, at=at(23, 8), plan=[(0, 1), (0, 1)], decisions={2: "tidak"})  # with applicant
    walk(undaan, at=at(23, 8), plan=[(0, 1), (0, 1)])  # at step 3 (2 minutes) since 08:02

    figure = sktm(undaan, now=at(23, 11))

    assert figure.open_now == 2
    assert figure.steps[(3, 0)].late_now == 1
    assert figure.late_now == 1


def test_a_step_not_yet_past_its_due_time_is_not_late(undaan):
    walk(undaan, at=at(23, 8), plan=[(0, 1), (0, 1)])  # step 3 arrives 08:02, due 08:04

    on_time = sktm(undaan, now=at(23, 8, 4))
    late = sktm(undaan, now=at(23, 8, 5))

    assert (on_time.steps[(3, 0)].open_now, on_time.steps[(3, 0)].late_now) == (1, 0)
    assert late.steps[(3, 0)].late_now == 1


def test_workload_orders_officials_by_count_then_name(undaan):
    walk(undaan, at=at(23, 8), plan=to_camat((0, 2)))  # staf 2 steps, kasi 1, camat 1

    people = office_figures(undaan.office, NOVEMBER).officials

    assert [(p.name, p.count) for p in people] == [
        ("Siti Aminah", 2),
        ("Arif Budiyanto", 1),
        ("Budi Santoso", 1),
    ]
    assert [p.share_within for p in people] == [1.0, 1.0, 1.0]


def test_workload_share_is_against_each_steps_own_standard(undaan):
    # Staf: step 1 in 3 minutes (mutu baku 1: late), step 2 in 3 (mutu baku 5: within).
    walk(undaan, at=at(23, 8), plan=[(0, 3), (0, 3)])

    [staf] = office_figures(undaan.office, NOVEMBER).officials

    assert (staf.name, staf.count, staf.share_within, staf.handling_median) == (
        "Siti Aminah",
        2,
        0.5,
        3,
    )


def test_another_office_sees_none_of_these_figures(undaan):
    walk(undaan, at=at(23, 8), plan=to_camat((0, 2)))
    jati = Office.objects.get(slug="kecamatan-jati")

    figures = office_figures(jati, NOVEMBER)

    assert figures.sops == [] and figures.officials == []
    assert figures.total("started") == 0
    assert sum(week.started for week in figures.weeks) == 0


def test_weeks_cover_the_period_from_its_monday(undaan):
    walk(undaan, at=at(2, 8), plan=[(0, 1)] * 6)  # opened and finished Monday 2 November

    weeks = office_figures(undaan.office, NOVEMBER).weeks

    assert [w.start for w in weeks] == [
        datetime.date(2026, 10, 26),
        datetime.date(2026, 11, 2),
        datetime.date(2026, 11, 9),
        datetime.date(2026, 11, 16),
        datetime.date(2026, 11, 23),
        datetime.date(2026, 11, 30),
    ]
    assert [(w.started, w.finished) for w in weeks] == [(0, 0), (1, 1)] + [(0, 0)] * 4


def test_period_names():
    assert semester(2026, 2).title == "Semester II 2026 (1 Juli 2026 s.d. 31 Desember 2026)"
    assert NOVEMBER.title == "1 November 2026 s.d. 30 November 2026"
    assert NOVEMBER.name == str(NOVEMBER)
