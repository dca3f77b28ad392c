"""The dashboard's figures on a history whose answers are known."""

import datetime

import pytest

from tertib.cases.engine import claim_step, complete_step, open_record, reject_case
from tertib.reports.figures import Period, office_figures, semester, semester_of
from tertib.reports.testing import EVERYTHING, WIB, walk

pytestmark = pytest.mark.django_db
NOVEMBER = Period(datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))


def monday(hour: int, minute: int = 0, day: int = 23) -> datetime.datetime:
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=WIB)  # 23 November: a Monday


def ten_cases_with_camat_taking_one_to_ten_minutes(u):
    for minutes in range(1, 11):
        walk(u, at=monday(8, 0), plan=[(0, 1), (0, 1), (0, 1), (0, minutes)])


def test_step_median_p90_and_share_within_mutu_baku(undaan):
    ten_cases_with_camat_taking_one_to_ten_minutes(undaan)

    sktm = office_figures(undaan.office, NOVEMBER, now=monday(15)).sops[0]
    camat = sktm.steps[(4, 0)]

    assert (camat.count, camat.mutu_baku) == (10, 4)
    assert (camat.handling_median, camat.handling_p90) == (5.5, 9)
    assert (camat.waiting_median, camat.waiting_p90) == (0, 0)
    assert (camat.total_median, camat.total_p90) == (5.5, 9)
    assert camat.share_within == 0.4
    assert camat.ratio == 9 / 4
    assert sktm.bottleneck is camat
    assert sktm.steps[(3, 0)].share_within == 1.0


def test_waiting_time_skips_weekend_and_holiday(undaan):
    # Arrives at step 2 on Friday 14 August 2026 at 16:20; 17 August (Monday) is
    # Independence Day; taken up on Tuesday 07:45: 10 + 15 office minutes of waiting.
    friday = datetime.datetime(2026, 8, 14, 16, 19, tzinfo=WIB)
    case = walk(undaan, at=friday, plan=[(0, 1)])
    record = open_record(case)
    tuesday = datetime.datetime(2026, 8, 18, 7, 45, tzinfo=WIB)
    claim_step(case=case, record_id=record.pk, actor=undaan.staf, at=tuesday)
    complete_step(
        case=case,
        record_id=record.pk,
        actor=undaan.staf,
        decision="ya",
        given=EVERYTHING,
        at=tuesday + datetime.timedelta(minutes=3),
    )

    check = office_figures(undaan.office, semester(2026, 2), now=tuesday).sops[0].steps[(2, 0)]

    assert (check.waits, check.handles) == ([25], [3])
    assert check.share_within == 0.0  # 28 minutes against 5


def test_case_counts_in_the_period_only(undaan):
    u = undaan
    walk(u, at=monday(8), plan=[(0, 1)] * 6)  # finished, all within mutu baku
    walk(u, at=monday(9), plan=[(0, 1), (0, 30)] + [(0, 1)] * 4)  # finished, 35 minutes
    walk(u, at=monday(10), plan=[(0, 1), (0, 2)], decisions={2: "tidak"})  # returned
    rejected = walk(u, at=monday(11), plan=[(0, 1), (0, 1), (0, 1)])
    reject_case(
        case=rejected,
        record_id=open_record(rejected).pk,
        actor=u.camat,
        reason="SKTM tidak sah",
        at=monday(11, 10),
    )
    walk(u, at=monday(8, day=2), plan=[(0, 1)] * 6)  # 2 November: another month
    october = walk(u, at=datetime.datetime(2026, 10, 30, 8, tzinfo=WIB), plan=[(0, 1)])

    figures = office_figures(u.office, Period(NOVEMBER.start.replace(day=16), NOVEMBER.end))
    sktm = figures.sops[0]

    assert (sktm.started, sktm.finished, sktm.rejected, sktm.returned) == (4, 2, 1, 1)
    assert sktm.total_mutu_baku == 15
    assert sorted(sktm.case_totals) == [6, 35]
    assert sktm.share_within == 0.5
    assert sktm.open_now == 2  # the returned case and the one from October
    assert open_record(october).step_no == 2
    assert figures.total("started") == 4


def test_open_steps_late_now_by_office_minutes(undaan):
    waiting = walk(undaan, at=monday(8), plan=[(0, 1)])  # at step 2 (5 minutes) since 08:01
    walk(undaan, at=monday(8, 30), plan=[(0, 1), (0, 1)])  # at step 3 (2 minutes) since 08:32

    sktm = office_figures(undaan.office, NOVEMBER, now=monday(8, 10)).sops[0]

    assert (sktm.steps[(2, 0)].open_now, sktm.steps[(2, 0)].late_now) == (1, 1)
    assert open_record(waiting).step_no == 2
    later = office_figures(undaan.office, NOVEMBER, now=monday(8, 33)).sops[0]
    assert (later.steps[(3, 0)].open_now, later.steps[(3, 0)].late_now) == (1, 0)
    assert later.late_now == 1


def test_workload_per_official(undaan):
    ten_cases_with_camat_taking_one_to_ten_minutes(undaan)

    people = {p.name: p for p in office_figures(undaan.office, NOVEMBER).officials}

    assert people["Siti Aminah"].count == 20  # steps 1 and 2 of ten cases
    assert people["Budi Santoso"].count == 10
    assert (people["Arif Budiyanto"].count, people["Arif Budiyanto"].share_within) == (10, 0.4)
    assert people["Arif Budiyanto"].handling_median == 5.5


def test_weeks_count_started_and_finished(undaan):
    walk(undaan, at=monday(8), plan=[(0, 1)] * 6)
    walk(undaan, at=monday(8, day=16), plan=[(0, 1)])

    weeks = {w.start: w for w in office_figures(undaan.office, NOVEMBER).weeks}

    assert len(weeks) == 6  # 26 October (holding 1 November) to 30 November
    assert (
        weeks[datetime.date(2026, 11, 23)].started,
        weeks[datetime.date(2026, 11, 23)].finished,
    ) == (1, 1)
    assert (
        weeks[datetime.date(2026, 11, 16)].started,
        weeks[datetime.date(2026, 11, 16)].finished,
    ) == (1, 0)


def test_dashboard_queries_do_not_grow_with_history(undaan, django_assert_max_num_queries):
    ten_cases_with_camat_taking_one_to_ten_minutes(undaan)

    with django_assert_max_num_queries(12):
        office_figures(undaan.office, NOVEMBER)


def test_semester_of_a_day():
    assert semester_of(datetime.date(2026, 11, 23)) == Period(
        datetime.date(2026, 7, 1), datetime.date(2026, 12, 31)
    )
    assert semester(2026, 1).name == "Semester I 2026"
    assert semester(2026, 2).name == "Semester II 2026"
