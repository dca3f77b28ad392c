"""The demo answers the served requests of this semester once, so the reports show an IKM."""

import datetime

import pytest

from tertib.citizen import demo
from tertib.citizen.figures import office_ikm
from tertib.citizen.models import ServiceStandard, SurveyResponse
from tertib.citizen.testing import served
from tertib.org.testing import make_user
from tertib.reports.figures import semester_of

pytestmark = pytest.mark.django_db
MONDAY = datetime.date(2026, 11, 23)


def test_demo_answers_served_requests_once(undaan, settings, tmp_path):
    settings.PRIVATE_DIR = tmp_path
    make_user("staf.undaan")
    for _ in range(6):
        served(undaan, day=MONDAY)

    count = demo.load(today=datetime.date(2026, 12, 1))
    again = demo.load(today=datetime.date(2026, 12, 1))

    assert SurveyResponse.objects.count() == count > 0
    assert again == 0
    assert ServiceStandard.objects.get().gratis is True
    figures = office_ikm(undaan.office, semester_of(MONDAY))
    assert figures.total.respondents == count
    assert figures.total.grade is not None
