"""Served requests and their answers, for the citizen app's tests."""

import datetime

from tertib.citizen.models import SurveyResponse
from tertib.citizen.survey import record_survey
from tertib.reports.testing import WIB, walk

ALL_STEPS = [(0, 1)] * 6  # every step within its mutu baku


def served(u, *, day: datetime.date, plan=None):
    """An SKTM request of the undaan fixture, walked to its hand-over on that day at 08:00."""
    at = datetime.datetime.combine(day, datetime.time(8, 0), tzinfo=WIB)
    return walk(u, at=at, plan=plan or ALL_STEPS)


def answered(case, answers: list[int], *, at: datetime.datetime, **facts) -> SurveyResponse:
    return record_survey(
        case=case,
        answers=answers,
        facts=facts,
        saran=facts.pop("saran", "") if "saran" in facts else "",
        channel=SurveyResponse.Channel.ONLINE,
        at=at,
    )
