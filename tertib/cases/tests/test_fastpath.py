"""The engine's hand-written statements read and write what the ORM would, on either database,
in fewer statements; the engine's rules hold through them."""

import datetime as dt
import threading
import zoneinfo

import pytest
from django.db import close_old_connections, connection, transaction
from django.test.utils import CaptureQueriesContext

from tertib.cases import fastpath
from tertib.cases.actions import StepInput
from tertib.cases.auditcheck import verify
from tertib.cases.engine import NotPermitted, Stale, claim_step, complete_step, start_case
from tertib.cases.models import AuditEvent, Case, Register, RegisterCounter, StepRecord
from tertib.cases.registers import enter, find
from tertib.cases.requests import take_in
from tertib.org.models import Assignment, Office
from tertib.org.testing import PASSWORD, assign, make_user
from tertib.sop.models import SopVersion

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
CHECKLIST = ["sktm_asli", "fotokopi_ktp", "fotokopi_kk", "kartu_jkn", "surat_pernyataan"]
pytestmark = pytest.mark.django_db
# Two writes in one statement on PostgreSQL, two statements elsewhere.
HEAD_AND_EVENT = ["WITH"] if connection.vendor == "postgresql" else ["UPDATE", "INSERT"]


def at(hour: int, minute: int = 0, day: int = 23) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=WIB)  # a Monday


def opened(u, when=None) -> Case:
    """A case taken in at the counter: it waits at step 2, unclaimed."""
    return take_in(
        sop_version=u.version,
        office=u.office,
        actor=u.staf,
        subject="Sumarni",
        intake={"nama": "Sumarni", "desa": "Undaan Lor"},
        checklist=CHECKLIST,
        scans=[],
        at=when or at(8),
    )


def field_values(row) -> dict:
    return {f.attname: getattr(row, f.attname) for f in type(row)._meta.concrete_fields}


def writes(queries) -> list[str]:
    """The statements that are not transaction control."""
    control = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK")
    return [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(control)]


# lock_step reads what the ORM reads.


def test_lock_step_reads_the_rows_the_orm_reads(undaan):
    case = opened(undaan)
    record = StepRecord.objects.get(pk=case.open_record_id)

    with CaptureQueriesContext(connection) as queries:
        locked, read, assignments = fastpath.lock_step(
            case_id=case.pk, record_id=record.pk, actor_id=undaan.staf.pk
        )

    assert len(queries) == 1
    assert field_values(locked) == field_values(Case.objects.get(pk=case.pk))
    assert field_values(read) == field_values(record)
    assert field_values(locked.office) == field_values(Office.objects.get(pk=case.office_id))
    version = SopVersion.objects.get(pk=case.sop_version_id)
    assert locked.sop_version.content_hash == version.content_hash
    assert locked.sop_version.definition == version.definition
    assert read.case is locked
    expected = Assignment.objects.get(user=undaan.staf, position__kode="staf")
    assert [field_values(a) for a in assignments] == [field_values(expected)]
    assert assignments[0].position.kode == "staf"


def test_lock_step_reads_an_office_changed_since_and_hands_out_copies(undaan):
    case = opened(undaan)
    first = fastpath.lock_step(case_id=case.pk, record_id=case.open_record_id, actor_id=None)[0]
    Office.objects.filter(pk=undaan.office.pk).update(unit_code="UND")
    first.office.name = "diubah di memori saja"

    again = fastpath.lock_step(case_id=case.pk, record_id=case.open_record_id, actor_id=None)[0]

    assert again.office.unit_code == "UND"
    assert again.office.name == "Kecamatan Undaan"
    assert again.office is not first.office


def test_lock_step_moments_are_aware_and_json_is_parsed(undaan):
    case = opened(undaan)

    locked, read, _ = fastpath.lock_step(
        case_id=case.pk, record_id=case.open_record_id, actor_id=undaan.staf.pk
    )

    assert locked.opened_at == at(8)
    assert read.arrived_at == at(8) and read.due_at is not None
    assert read.due_at.utcoffset() == dt.timedelta(0)
    assert locked.intake == {"nama": "Sumarni", "desa": "Undaan Lor"}
    assert locked.checklist == CHECKLIST


def test_lock_step_reads_nothing_for_a_record_of_another_case(undaan):
    first, second = opened(undaan), opened(undaan)

    found = fastpath.lock_step(
        case_id=first.pk, record_id=second.open_record_id, actor_id=undaan.staf.pk
    )

    assert found is None


def test_a_record_of_another_case_is_stale(undaan):
    first, second = opened(undaan), opened(undaan)

    with pytest.raises(Stale):
        complete_step(case=first, record_id=second.open_record_id, actor=undaan.staf)


def test_lock_step_without_the_case_reads_nothing(undaan):
    assert fastpath.lock_step(case_id=999_999, record_id=1, actor_id=undaan.staf.pk) is None


def test_lock_step_reads_every_assignment_of_the_actor_to_that_position(undaan):
    case = opened(undaan)
    assign(undaan.kasi, undaan.office, "staf", kind="plh", starts_on=dt.date(2026, 11, 23))
    assign(undaan.kasi, undaan.office, "staf", starts_on=dt.date(2019, 1, 1))

    _, _, assignments = fastpath.lock_step(
        case_id=case.pk, record_id=case.open_record_id, actor_id=undaan.kasi.pk
    )

    assert sorted(a.kind for a in assignments) == ["definitif", "plh"]


# Writes.


def test_insert_and_update_write_what_the_orm_reads_back(undaan):
    case = opened(undaan)
    record = StepRecord(
        case=case,
        office_id=case.office_id,
        sop_version_id=case.sop_version_id,
        step_no=3,
        pelaksana="kasi_kesra",
        arrived_at=at(9),
        mutu_baku_minutes=2,
        due_at=at(9, 2),
    )

    fastpath.insert(record)
    record.completed_at, record.note = at(9, 5), 'Catatan: ada kutip \' dan "ganda"'
    written = fastpath.update(record, ["completed_at", "note"])

    assert written is True
    assert field_values(StepRecord.objects.get(pk=record.pk)) == field_values(record)


def test_update_with_an_old_chain_count_writes_nothing(undaan):
    case = opened(undaan)
    case.note = "tidak tertulis"

    assert fastpath.update(case, ["note"], audit_count=case.audit_count - 1) is False
    assert Case.objects.get(pk=case.pk).note == ""


def test_next_number_counts_per_register_and_year(undaan):
    register = Register.objects.get(office=undaan.office)

    numbers = [fastpath.next_number(register_id=register.pk, year=2026) for _ in range(3)]
    other_year = fastpath.next_number(register_id=register.pk, year=2027)

    assert numbers == [1, 2, 3] and other_year == 1
    assert RegisterCounter.objects.get(register=register, year=2026).last_number == 3


def test_a_rolled_back_number_is_given_again(undaan):
    register = find(office=undaan.office, kode="legalisasi-sktm")
    case = opened(undaan)
    with pytest.raises(RuntimeError), transaction.atomic():
        enter(
            register=register, case=case, subject="x", day=dt.date(2026, 11, 23), actor=undaan.staf
        )
        raise RuntimeError

    entry = enter(
        register=register, case=case, subject="x", day=dt.date(2026, 11, 23), actor=undaan.staf
    )

    assert entry.number == 1 and entry.formatted == "400.7.22/0001/2026"
    assert entry.pk == Case.objects.get(pk=case.pk).register_entries.get().pk


def test_find_knows_only_the_office_s_own_registers(undaan):
    assert find(office=undaan.office, kode="legalisasi-sktm").name == "Register Legalisasi SKTM"
    assert find(office=undaan.office, kode="tidak-ada") is None


def test_last_record_is_the_latest_signature_with_its_signer(undaan):
    case = opened(undaan)
    for actor, decision, given in [
        (undaan.staf, "ya", StepInput(checklist=CHECKLIST)),
        (undaan.kasi, "lanjut", None),
        (undaan.camat, "lanjut", StepInput(password=PASSWORD)),
    ]:
        case = complete_step(
            case=case, record_id=case.open_record_id, actor=actor, decision=decision, given=given
        )

    found = fastpath.last_record(case_id=case.pk, step_nos=[3, 4], outcome="lanjut")
    expected = StepRecord.objects.get(case=case, step_no=4)

    assert field_values(found) == field_values(expected)
    assert found.completed_by.get_full_name() == "Arif Budiyanto"
    assert fastpath.last_record(case_id=case.pk, step_nos=[6], outcome="lanjut") is None
    assert fastpath.last_record(case_id=case.pk, step_nos=[], outcome="lanjut") is None


# The engine through it: statements per call and its rules.


def test_a_step_finished_by_its_holder_takes_five_statements(undaan):
    case = opened(undaan)

    with CaptureQueriesContext(connection) as queries:
        complete_step(
            case=case,
            record_id=case.open_record_id,
            actor=undaan.staf,
            decision="ya",
            given=StepInput(checklist=CHECKLIST),
            at=at(9),
        )

    # the case with its record and the actor's assignments; the record finished, the next one,
    # the case with its chain head and the event (one statement on PostgreSQL)
    assert [sql.split()[0] for sql in writes(queries)] == ["SELECT", *HEAD_AND_EVENT * 2]


def test_a_claim_takes_three_statements(undaan):
    case = opened(undaan)

    with CaptureQueriesContext(connection) as queries:
        claim_step(case=case, record_id=case.open_record_id, actor=undaan.staf, at=at(9))

    assert [sql.split()[0] for sql in writes(queries)] == ["SELECT", "UPDATE", *HEAD_AND_EVENT]


def test_the_intake_takes_nine_statements(undaan):
    with CaptureQueriesContext(connection) as queries:
        opened(undaan)

    # the rights; the case, its first record, its event; step 1 finished as a step is
    assert len(writes(queries)) == 3 + 3 * len(HEAD_AND_EVENT)


def test_the_register_step_saves_the_number_with_the_case(undaan):
    case = opened(undaan)
    for actor, decision, given in [
        (undaan.staf, "ya", StepInput(checklist=CHECKLIST)),
        (undaan.kasi, "lanjut", None),
        (undaan.camat, "lanjut", StepInput(password=PASSWORD)),
        (undaan.staf, "lanjut", None),
    ]:
        case = complete_step(
            case=case, record_id=case.open_record_id, actor=actor, decision=decision, given=given
        )

    saved = Case.objects.get(pk=case.pk)
    assert saved.register_number == saved.register_entries.get().formatted
    assert saved.register_number.startswith("400.7.22/0001/")
    assert saved.current_step == 6
    event = AuditEvent.objects.filter(case=case).last()
    assert event.payload["register"][0]["formatted"] == saved.register_number
    assert verify() == ([], 6)


def test_a_double_click_finds_the_step_done(undaan):
    case = opened(undaan)
    record_id = case.open_record_id
    given = StepInput(checklist=CHECKLIST)
    complete_step(case=case, record_id=record_id, actor=undaan.staf, decision="ya", given=given)

    with pytest.raises(Stale):
        complete_step(case=case, record_id=record_id, actor=undaan.staf, decision="ya", given=given)

    assert StepRecord.objects.filter(case=case).count() == 3


def test_an_assignment_out_of_date_gives_no_right(undaan):
    case = opened(undaan, when=at(8, day=24))
    stand_in = make_user("pengganti")
    assign(stand_in, undaan.office, "staf", kind="plh", ends_on=dt.date(2026, 11, 23))

    with pytest.raises(NotPermitted):
        complete_step(
            case=case,
            record_id=case.open_record_id,
            actor=stand_in,
            decision="ya",
            given=StepInput(checklist=CHECKLIST),
            at=at(9, day=24),
        )


def test_an_acting_official_in_date_signs_as_plh(undaan):
    case = opened(undaan)
    stand_in = make_user("pengganti")
    assign(stand_in, undaan.office, "staf", kind="plh", starts_on=dt.date(2026, 11, 23))

    case = complete_step(
        case=case,
        record_id=case.open_record_id,
        actor=stand_in,
        decision="ya",
        given=StepInput(checklist=CHECKLIST),
        at=at(9),
    )

    record = StepRecord.objects.get(case=case, step_no=2)
    assert record.signed_as == "Plh. Staf"
    assert record.claimed_by == stand_in and record.completed_by == stand_in


def test_the_latest_assignment_in_date_gives_the_title(undaan):
    case = opened(undaan)
    assign(undaan.kasi, undaan.office, "staf", kind="plh", starts_on=dt.date(2026, 11, 1))
    assign(undaan.kasi, undaan.office, "staf", kind="plt", starts_on=dt.date(2026, 11, 20))

    case = complete_step(
        case=case,
        record_id=case.open_record_id,
        actor=undaan.kasi,
        decision="ya",
        given=StepInput(checklist=CHECKLIST),
        at=at(9),
    )

    assert StepRecord.objects.get(case=case, step_no=2).signed_as == "Plt. Staf"


def test_start_case_refuses_an_outsider(undaan):
    with pytest.raises(NotPermitted):
        start_case(
            sop_version=undaan.version,
            office=undaan.office,
            actor=undaan.outsider,
            subject="x",
            intake={},
            at=at(8),
        )
    assert not Case.objects.exists()


def test_the_chain_verifies_after_steps_on_the_fast_path(undaan):
    case = opened(undaan)
    case = complete_step(
        case=case,
        record_id=case.open_record_id,
        actor=undaan.staf,
        decision="ya",
        given=StepInput(checklist=CHECKLIST),
        at=at(9),
    )
    claim_step(case=case, record_id=case.open_record_id, actor=undaan.kasi, at=at(10))
    complete_step(case=case, record_id=case.open_record_id, actor=undaan.kasi, at=at(11))

    assert verify() == ([], 5)
    record = StepRecord.objects.get(case=case, step_no=3)
    assert (record.waiting_minutes, record.handling_minutes) == (60, 60)


# Two holders at once (PostgreSQL: SQLite has one writer at a time anyway).

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrency needs PostgreSQL row locks"
)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_holders_finishing_one_step_at_once_one_wins_one_is_stale(undaan):
    case = opened(undaan)
    assign(undaan.kasi, undaan.office, "staf", kind="plh", starts_on=dt.date(2026, 11, 23))
    record_id, ready, results = case.open_record_id, threading.Barrier(2), []

    def finish(actor) -> None:
        try:
            ready.wait(timeout=30)
            complete_step(
                case=Case.objects.get(pk=case.pk),
                record_id=record_id,
                actor=actor,
                decision="ya",
                given=StepInput(checklist=CHECKLIST),
                at=at(9),
            )
            results.append("done")
        except Stale:
            results.append("stale")
        finally:
            close_old_connections()
            connection.close()

    workers = [threading.Thread(target=finish, args=(u,)) for u in (undaan.staf, undaan.kasi)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert sorted(results) == ["done", "stale"]
    assert StepRecord.objects.filter(case=case, step_no=3).count() == 1
    assert Case.objects.get(pk=case.pk).audit_count == 3
    assert verify() == ([], 3)
