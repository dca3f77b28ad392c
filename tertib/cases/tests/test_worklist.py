"""The worklist and the case page: late steps by their due time, a fixed number of queries."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tertib.cases.engine import complete_step, open_record, start_case

pytestmark = pytest.mark.django_db


def taken_in(u, when):
    case = start_case(
        sop_version=u.version,
        office=u.office,
        actor=u.staf,
        subject="Sumarni Rahayu",
        intake={"nama": "Sumarni Rahayu"},
        at=when,
    )
    return complete_step(case=case, record_id=open_record(case).pk, actor=u.staf, at=when)


def test_worklist_marks_a_step_late_only_past_its_due_time(undaan, client):
    old = taken_in(undaan, timezone.now() - dt.timedelta(days=10))
    new = taken_in(undaan, timezone.now())
    client.force_login(undaan.staf)
    rows = client.get(reverse("cases:worklist")).context["rows"]
    assert [(row["case"].code, row["late"]) for row in rows] == [
        (old.code, True),
        (new.code, False),
    ]


def test_worklist_queries_do_not_grow_with_its_rows(undaan, client, django_assert_max_num_queries):
    for days in range(5):
        taken_in(undaan, timezone.now() - dt.timedelta(days=days))
    client.force_login(undaan.staf)
    # session, user, menu, assignments, steps, SOPs to start, notices, cases with the applicant
    with django_assert_max_num_queries(8):
        response = client.get(reverse("cases:worklist"))
    assert len(response.context["rows"]) == 5


def test_case_page_queries(undaan, client, django_assert_max_num_queries):
    case = taken_in(undaan, timezone.now())
    client.force_login(undaan.staf)
    # session, user, menu, case, positions, steps, documents, bill, attachments
    with django_assert_max_num_queries(9):
        response = client.get(reverse("cases:detail", args=[case.code]))
    assert response.context["record"] == open_record(case)
    assert response.context["may_act"] is True
