"""Times as the SOP and the law give them: a case past its outside limit, and public tracking
that promises no finishing time to a request waiting for its applicant."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tertib.cases.engine import complete_step, open_record, start_case
from tertib.cases.models import Case, Outcome

pytestmark = pytest.mark.django_db

D = datetime.date


def opened(u, checklist=("sktm_asli", "fotokopi_ktp")):
    case = start_case(
        sop_version=u.version,
        office=u.office,
        actor=u.staf,
        subject="Sumarni Rahayu",
        intake={"nama": "Sumarni Rahayu"},
        checklist=list(checklist),
    )
    return complete_step(case=case, record_id=open_record(case).pk, actor=u.staf)


def test_days_past_deadline_counts_to_today_while_open_and_to_the_close_after(undaan):
    case = opened(undaan)
    today = timezone.localdate()
    assert case.days_past_deadline(today) == 0  # no outside limit

    case.deadline = today - datetime.timedelta(days=16)
    assert case.days_past_deadline(today) == 16
    case.closed_at = timezone.now() - datetime.timedelta(days=10)
    assert case.days_past_deadline(today) == 6
    case.deadline = today
    assert case.days_past_deadline(today) == 0


def test_worklist_marks_a_case_past_its_outside_limit(undaan, client):
    case = opened(undaan)
    Case.objects.filter(pk=case.pk).update(deadline=timezone.localdate() - datetime.timedelta(1))
    fresh = opened(undaan)
    Case.objects.filter(pk=fresh.pk).update(deadline=timezone.localdate())
    client.force_login(undaan.staf)

    response = client.get(reverse("cases:worklist"))

    flags = {row["case"].code: row["past_deadline"] for row in response.context["rows"]}
    assert flags == {case.code: True, fresh.code: False}
    assert response.context["late"] == 1


def test_public_tracking_of_a_returned_request_says_what_to_bring_not_when(undaan, client):
    case = opened(undaan)
    case = complete_step(
        case=case, record_id=open_record(case).pk, actor=undaan.staf, decision=Outcome.TIDAK
    )

    html = client.get(reverse("public:track", args=[case.code])).content.decode()

    assert case.state == Case.State.MENUNGGU_PEMOHON
    assert "Yang perlu dibawa" in html
    assert "Fotokopi KK, Kartu JKN-KIS, Surat pernyataan tidak mampu" in html
    assert "Perkiraan selesai" not in html


def test_public_tracking_of_a_running_request_gives_its_expected_finish(undaan, client):
    case = opened(undaan)

    html = client.get(reverse("public:track", args=[case.code])).content.decode()

    assert "Perkiraan selesai" in html and "Yang perlu dibawa" not in html
