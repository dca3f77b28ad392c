"""Two submits of the same survey at the same moment: exactly one is stored."""

import datetime
import threading

import pytest
from django.db import close_old_connections, connection

from tertib.cases.models import AuditEvent, Case
from tertib.citizen.models import SurveyResponse
from tertib.citizen.survey import SurveyError, record_survey
from tertib.citizen.testing import served

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrency needs PostgreSQL row locks"
)


def in_threads(count: int, work) -> list:
    results: list = [None] * count
    barrier = threading.Barrier(count)

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as error:  # collected and asserted by the test
            results[index] = error
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_four_parallel_submits_of_one_survey_store_one(undaan, settings, tmp_path):
    settings.PRIVATE_DIR = tmp_path
    case = served(undaan, day=datetime.date(2026, 11, 23))

    def submit(index: int):
        return record_survey(
            case=Case.objects.get(pk=case.pk),
            answers=[index + 1] * 9,
            facts={},
            saran="",
            channel="online",
        )

    results = in_threads(4, submit)

    assert sum(isinstance(r, SurveyResponse) for r in results) == 1
    assert sum(isinstance(r, SurveyError) for r in results) == 3
    assert SurveyResponse.objects.count() == 1
    assert AuditEvent.objects.filter(case=case, action="survei").count() == 1
