"""Answers for the benchmark's seeded SKTM cases, and what the IKM figures cost over them."""

import datetime
import random
import time

from django.db.models import Max

from tertib.cases.models import Case
from tertib.citizen.figures import office_ikm
from tertib.citizen.models import SurveyResponse
from tertib.citizen.survey import SERVED
from tertib.org.models import Office
from tertib.reports.figures import Period, semester_of


def seed_answers(office: Office, *, share: float = 0.6, batch: int = 5000) -> int:
    """Answer about `share` of the office's served cases that have no answer yet, in bulk (the
    benchmark measures reading; record_survey is the writer everywhere else)."""
    rng = random.Random(17)
    cases = (
        Case.objects.filter(office=office, state__in=SERVED, survey__isnull=True)
        .values_list("pk", "sop_version__sop_id", "closed_at")
        .order_by("pk")
    )
    rows, made = [], 0
    for pk, sop_id, closed_at in cases.iterator():
        if rng.random() < share:
            rows.append(_answer(rng, office, pk, sop_id, closed_at))
        if len(rows) >= batch:
            made += len(SurveyResponse.objects.bulk_create(rows))
            rows = []
    return made + len(SurveyResponse.objects.bulk_create(rows))


def _answer(rng, office, case_id, sop_id, closed_at) -> SurveyResponse:
    return SurveyResponse(
        case_id=case_id,
        office=office,
        sop_id=sop_id,
        answered_at=closed_at + datetime.timedelta(hours=1),
        channel=SurveyResponse.Channel.ONLINE,
        **{f"u{n}": rng.choice([2, 3, 3, 4]) for n in range(1, 10)},
    )


def busiest_semester(office: Office) -> Period:
    """The semester of the office's latest answer: the one the reports look at."""
    last = SurveyResponse.objects.filter(office=office).aggregate(at=Max("answered_at"))["at"]
    return semester_of(last.date())


def figure_times(office: Office, period: Period, *, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        office_ikm(office, period)
        times.append(time.perf_counter() - started)
    return times
