"""A client that retries before the first answer came back: two POSTs with the same
Idempotency-Key at the same moment. The test holds the case's row lock until both requests wait
on it, so both have looked for a stored answer before either is done (PostgreSQL only)."""

import threading
import time

import pytest
from django.db import close_old_connections, connection, transaction
from django.test import Client

from tertib.api.models import IdempotentRequest
from tertib.api.tests import test_api_more as more
from tertib.cases.models import AuditEvent, Case

api = more.api  # the fixture: Kecamatan Undaan's officials with read-write tokens
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrency needs PostgreSQL row locks"
)


def waiting_on_locks() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # else fixed for the transaction
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0]


def cancel_twice_at_once(api, case: Case, reasons=("Pemohon tidak jadi",) * 2) -> list:
    headers = {"Authorization": f"Bearer {api.tokens['staf']}", "Idempotency-Key": "ulang-1"}
    responses: list = [None, None]

    def send(index: int) -> None:
        try:
            responses[index] = Client(raise_request_exception=False).post(
                f"/api/v1/permohonan/{case.code}/batalkan",
                data={"alasan": reasons[index]},
                content_type="application/json",
                headers=headers,
            )
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(2)]
    with transaction.atomic():
        Case.objects.select_for_update().get(pk=case.pk)
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 20
        while waiting_on_locks() < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert waiting_on_locks() == 2, "both requests should wait on the case row"
    for thread in threads:
        thread.join()
    return responses


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_retries_cancel_once(api):
    case = more.open_case(api)

    responses = cancel_twice_at_once(api, case)

    case.refresh_from_db()
    assert case.state == Case.State.DIBATALKAN
    assert AuditEvent.objects.filter(case=case, action="batalkan").count() == 1
    assert IdempotentRequest.objects.filter(key="ulang-1").count() == 1
    assert 200 in [r.status_code for r in responses]


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_retries_get_the_same_answer(api):
    case = more.open_case(api)

    responses = cancel_twice_at_once(api, case)

    assert [r.status_code for r in responses] == [200, 200]
    assert responses[0].json() == responses[1].json()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_requests_with_one_key_and_other_bodies_act_once(api):
    case = more.open_case(api)

    responses = cancel_twice_at_once(api, case, reasons=("Pemohon tidak jadi", "Berkas salah"))

    assert sorted(r.status_code for r in responses) == [200, 422]
    [refused] = [r.json() for r in responses if r.status_code == 422]
    assert refused["detail"][0]["field"] == "Idempotency-Key"
    assert AuditEvent.objects.filter(case=case, action="batalkan").count() == 1
    assert IdempotentRequest.objects.filter(key="ulang-1").count() == 1
