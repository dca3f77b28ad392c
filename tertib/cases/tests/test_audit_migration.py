"""Migration cases.0008 turns the one global chain into a chain per case, and gives each case a
first copy of its records, entries and documents: the trail verifies clean right after it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tertib.cases.auditcheck import verify
from tertib.cases.models import AuditChain, AuditEvent, Case
from tertib.cases.tests.test_audit import case_at_step_4

BEFORE = [("cases", "0007_service_contract")]
AFTER = [("cases", "0009_audit_seq_unique")]


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_latest")
def test_old_events_are_rechained_per_case_and_verify_clean(undaan):
    cases = [case_at_step_4(undaan), case_at_step_4(undaan, subject="Warsini")]
    migrate(BEFORE)
    with connection.cursor() as cursor:  # one global chain, as the old code wrote it
        cursor.execute("INSERT INTO cases_audithead (last_hash) VALUES (%s)", ["x" * 64])
        cursor.execute(
            "INSERT INTO cases_auditevent (case_id, actor_id, action, payload, created_at, "
            "prev_hash, hash) VALUES (NULL, NULL, 'muat_sop', '{}', %s, %s, %s)",
            ["2026-11-23 01:00:00", "a" * 64, "b" * 64],
        )
    migrate(AFTER)
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())  # what the models read
    for case in cases:
        case.refresh_from_db()
        events = list(case.events.order_by("seq"))
        assert [e.seq for e in events] == [1, 2, 3, 4, 5]
        assert events[-1].action == "awal_rantai"
        assert len(events[-1].payload["catatan"]) == 4
        assert (case.audit_count, case.audit_head) == (5, events[-1].hash)
    assert AuditChain.objects.get(scope="sistem").count == 1
    assert AuditEvent.objects.get(case=None).seq == 1
    assert verify() == ([], 11)
    assert Case.objects.count() == 2
