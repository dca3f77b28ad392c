"""The benchmark's bulk answers: only served requests, once, and readable by the figures."""

import datetime

import pytest

from tertib.citizen.bench import busiest_semester, figure_times, seed_answers
from tertib.citizen.models import SurveyResponse
from tertib.citizen.testing import served
from tertib.reports.figures import semester
from tertib.reports.testing import WIB, walk

pytestmark = pytest.mark.django_db


def test_seeded_answers_cover_served_requests_once(undaan, settings, tmp_path):
    settings.PRIVATE_DIR = tmp_path
    cases = [served(undaan, day=datetime.date(2026, 11, 23)) for _ in range(3)]
    walk(undaan, at=datetime.datetime(2026, 11, 23, 9, tzinfo=WIB), plan=[(0, 1)])  # still open

    made = seed_answers(undaan.office, share=1.0)
    again = seed_answers(undaan.office, share=1.0)

    assert (made, again) == (3, 0)
    assert set(SurveyResponse.objects.values_list("case", flat=True)) == {c.pk for c in cases}
    assert busiest_semester(undaan.office) == semester(2026, 2)
    assert len(figure_times(undaan.office, semester(2026, 2), rounds=2)) == 2
