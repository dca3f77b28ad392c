"""The audit trail holds against whoever writes the database: a chain per case, copies of what
monitoring and documents rely on, keyed checkpoints outside the database."""

import datetime as dt
import json
import zoneinfo

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tertib.cases.actions import StepInput
from tertib.cases.audit import GENESIS, event_hash, record_event
from tertib.cases.auditcheck import verify
from tertib.cases.checkpoints import checkpoint_file
from tertib.cases.engine import complete_step, open_record, start_case
from tertib.cases.models import AuditChain, AuditEvent, Case, StepRecord
from tertib.org.models import Assignment
from tertib.org.testing import PASSWORD

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
EVERYTHING = StepInput(
    checklist=["sktm_asli", "fotokopi_ktp", "fotokopi_kk", "kartu_jkn", "surat_pernyataan"],
    password=PASSWORD,
)


@pytest.fixture
def trail(undaan, settings, tmp_path):
    settings.AUDIT_KEY = "kunci-rahasia-uji"
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"
    return undaan


def at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, 23, hour, minute, tzinfo=WIB)


def case_at_step_4(u, subject="Sumarni") -> Case:
    """A case started, checked (ya) and given fiat: five events, three records finished."""
    case = start_case(
        sop_version=u.version,
        office=u.office,
        actor=u.staf,
        subject=subject,
        intake={"nama": subject},
        at=at(8),
    )
    for actor, decision, hour in [
        (u.staf, "lanjut", 9),
        (u.staf, "ya", 10),
        (u.kasi, "lanjut", 11),
    ]:
        record = open_record(case)
        case = complete_step(
            case=case,
            record_id=record.pk,
            actor=actor,
            decision=decision,
            given=EVERYTHING,
            at=at(hour),
        )
    return case


def verify_errors(capsys) -> list[str]:
    with pytest.raises(CommandError):
        call_command("audit_verify")
    return capsys.readouterr().err.splitlines()


def rewrite_chain(case: Case, change) -> None:
    """What an attacker with the database does: change an event, then hash the whole chain
    again and move the head on the case row."""
    prev, seq = GENESIS, 0
    for event in AuditEvent.objects.filter(case=case).order_by("seq"):
        change(event)
        seq += 1
        event.prev_hash = prev
        event.hash = event_hash(
            chain=event.chain,
            seq=seq,
            prev_hash=prev,
            case_id=case.pk,
            actor_id=event.actor_id,
            action=event.action,
            payload=event.payload,
            at=event.created_at,
        )
        AuditEvent.objects.filter(pk=event.pk).update(
            payload=event.payload, prev_hash=prev, hash=event.hash
        )
        prev = event.hash
    Case.objects.filter(pk=case.pk).update(audit_head=prev, audit_count=seq)


def test_each_case_has_its_own_chain_with_its_head_on_the_case_row(trail):
    first, second = case_at_step_4(trail), case_at_step_4(trail, subject="Warsini")
    for case in (first, second):
        case.refresh_from_db()
        events = list(case.events.order_by("seq"))
        assert [e.seq for e in events] == [1, 2, 3, 4]
        assert events[0].prev_hash == GENESIS
        assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
        assert (case.audit_count, case.audit_head) == (4, events[-1].hash)
    assert not AuditChain.objects.exists()
    assert verify() == ([], 8)


def test_step_event_carries_the_finished_record(trail):
    case = case_at_step_4(trail)
    record = case.records.get(step_no=3)
    event = case.events.get(seq=4)
    (copy,) = event.payload["catatan"]
    assert copy == {
        "id": record.pk,
        "case_id": case.pk,
        "step_no": 3,
        "stage": 0,
        "pelaksana": "kasi_kesra",
        "arrived_at": "2026-11-23T03:00:00+00:00",
        "mutu_baku_minutes": record.mutu_baku_minutes,
        "due_at": record.due_at.astimezone(dt.UTC).isoformat(),
        "claimed_at": "2026-11-23T04:00:00+00:00",
        "claimed_by_id": trail.kasi.pk,
        "completed_at": "2026-11-23T04:00:00+00:00",
        "completed_by_id": trail.kasi.pk,
        "signed_as": "Kasi Kesra",
        "outcome": "lanjut",
        "note": "",
        "waiting_minutes": 60,
        "handling_minutes": 0,
    }


def test_events_without_a_case_chain_per_scope(trail):
    record_event(case=None, actor=trail.camat, action="uji", payload={"a": 1}, at=at(8))
    record_event(case=None, actor=trail.camat, action="uji", payload={"a": 2}, at=at(9))
    record_event(
        case=None, actor=None, action="uji", payload={}, at=at(9), scope="kantor:kecamatan-undaan"
    )
    system = AuditChain.objects.get(scope="sistem")
    office = AuditChain.objects.get(scope="kantor:kecamatan-undaan")
    assert (system.count, office.count) == (2, 1)
    assert list(AuditEvent.objects.filter(scope="sistem").values_list("seq", flat=True)) == [1, 2]
    assert verify() == ([], 3)


def test_a_changed_event_is_named(trail, capsys):
    case = case_at_step_4(trail)
    event = case.events.get(seq=2)
    AuditEvent.objects.filter(pk=event.pk).update(payload={"langkah": 9})
    errors = verify_errors(capsys)
    assert f"peristiwa #{event.pk} (permohonan:{case.pk}, ke-2): isinya diubah" in errors


def test_a_removed_event_in_the_middle_is_named(trail, capsys):
    case = case_at_step_4(trail)
    removed, after = case.events.get(seq=2), case.events.get(seq=3)
    # the record copies of the removed event survive in the later ones; only the chain breaks
    AuditEvent.objects.filter(pk=removed.pk).delete()
    errors = verify_errors(capsys)
    assert errors[:2] == [
        f"peristiwa #{after.pk} (permohonan:{case.pk}, ke-3): urutan loncat dari 1 (ada yang "
        "dihapus)",
        f"peristiwa #{after.pk} (permohonan:{case.pk}, ke-3): rantai putus (ada yang dihapus "
        "atau disisipkan)",
    ]


def test_full_chain_rewrite_passes_the_chain_but_not_the_checkpoint(trail, capsys):
    case = case_at_step_4(trail)
    call_command("audit_checkpoint")
    capsys.readouterr()

    def forge(event):
        if event.seq == 4:
            event.payload["catatan"][0]["signed_as"] = "Camat Undaan"

    rewrite_chain(case, forge)
    StepRecord.objects.filter(step_no=3).update(signed_as="Camat Undaan")
    assert verify()[0] == []  # the chain alone cannot see it: everything was recomputed
    assert verify_errors(capsys) == [
        f"rantai permohonan:{case.pk}: peristiwa ke-4 tidak sama dengan checkpoint terakhir "
        "(rantai ditulis ulang)"
    ]


def test_dropped_last_event_with_the_head_moved_back_is_caught(trail, capsys):
    case = case_at_step_4(trail)
    call_command("audit_checkpoint")
    capsys.readouterr()
    last = case.events.get(seq=4)
    before = case.events.get(seq=3)
    AuditEvent.objects.filter(pk=last.pk).delete()
    Case.objects.filter(pk=case.pk).update(audit_head=before.hash, audit_count=3)
    errors = verify_errors(capsys)
    assert (
        f"rantai permohonan:{case.pk}: checkpoint mencatat 4 peristiwa, kini 3 "
        "(peristiwa terakhir dihapus)"
    ) in errors


def test_dropped_last_event_without_moving_the_head_is_caught_without_checkpoint(trail, capsys):
    case = case_at_step_4(trail)
    last = case.events.get(seq=4)
    AuditEvent.objects.filter(pk=last.pk).delete()
    errors = verify_errors(capsys)
    assert errors[0] == (
        f"rantai permohonan:{case.pk} ({case.code}): kepala tersimpan #4 {last.hash[:12]} tidak "
        f"sama dengan peristiwa terakhir #3 {case.events.get(seq=3).hash[:12]}"
    )


def test_a_whole_chain_removed_is_caught_by_the_checkpoint(trail, capsys):
    record_event(case=None, actor=None, action="uji", payload={}, at=at(8), scope="kantor:x")
    call_command("audit_checkpoint")
    capsys.readouterr()
    AuditEvent.objects.filter(scope="kantor:x").delete()
    AuditChain.objects.filter(scope="kantor:x").delete()
    assert verify_errors(capsys) == [
        "rantai kantor:x: ada pada checkpoint (1 peristiwa), kini tidak ada"
    ]


def test_an_edited_step_record_is_named_with_its_fields(trail, capsys):
    case = case_at_step_4(trail)
    record = case.records.get(step_no=3)
    StepRecord.objects.filter(pk=record.pk).update(handling_minutes=1, note="cepat")
    event = case.events.get(seq=4)
    assert verify_errors(capsys) == [
        f"catatan langkah #{record.pk}: tidak cocok dengan peristiwa #{event.pk} "
        "(note, handling_minutes berubah)"
    ]


def test_a_finished_record_without_its_event_is_named(trail, capsys):
    case = case_at_step_4(trail)
    record = case.records.get(step_no=1)
    event = case.events.get(seq=2)
    rewrite_chain(case, lambda e: e.payload.pop("catatan") if e.pk == event.pk else None)
    assert verify_errors(capsys) == [f"catatan langkah #{record.pk}: tidak tercatat di jejak audit"]


def test_an_assignment_shortened_after_the_signature_is_named(trail, capsys):
    case = case_at_step_4(trail)
    record = case.records.get(step_no=3)
    Assignment.objects.filter(user=trail.kasi).update(ends_on=dt.date(2026, 11, 20))
    assert verify_errors(capsys) == [
        f"catatan langkah #{record.pk}: tidak ada lagi penugasan kasi_kesra bagi penanda "
        "tangannya pada 2026-11-23 (penugasan diubah atau dihapus)"
    ]


def test_checkpoint_is_a_keyed_line_outside_the_database(trail, capsys):
    case = case_at_step_4(trail)
    call_command("audit_checkpoint")
    assert "Checkpoint" in capsys.readouterr().out
    case_at_step_4(trail, subject="Warsini")
    call_command("audit_checkpoint")
    lines = [json.loads(text) for text in checkpoint_file().read_text().splitlines()]
    assert [line["chains"] for line in lines] == [1, 2]
    assert lines[0]["changed"] == {f"permohonan:{case.pk}": [4, case.events.get(seq=4).hash]}
    assert len(lines[1]["changed"]) == 1
    assert lines[1]["prev_mac"] == lines[0]["mac"]
    assert checkpoint_file().stat().st_mode & 0o777 == 0o600
    call_command("audit_verify", "--berkas")
    assert "Jejak audit utuh: 8 peristiwa, sesuai checkpoint" in capsys.readouterr().out


def test_checkpoint_file_changed_or_made_with_another_key_is_refused(trail, settings, capsys):
    case_at_step_4(trail)
    call_command("audit_checkpoint")
    path = checkpoint_file()
    original = path.read_text()
    line = json.loads(original)
    line["changed"] = {key: [3, value[1]] for key, value in line["changed"].items()}
    path.write_text(json.dumps(line) + "\n")
    with pytest.raises(CommandError, match="baris 1: MAC salah"):
        call_command("audit_verify")
    path.write_text(original)
    call_command("audit_verify")
    settings.AUDIT_KEY = "kunci-lain"
    with pytest.raises(CommandError, match="baris 1: MAC salah"):
        call_command("audit_checkpoint")


def test_checkpoint_needs_the_key_and_an_intact_trail(trail, settings, capsys):
    case = case_at_step_4(trail)
    settings.AUDIT_KEY = ""
    with pytest.raises(CommandError, match="TERTIB_AUDIT_KEY belum diatur"):
        call_command("audit_checkpoint")
    settings.AUDIT_KEY = "kunci-rahasia-uji"
    StepRecord.objects.filter(case=case, step_no=1).update(note="diubah")
    with pytest.raises(CommandError, match="Checkpoint tidak dibuat: jejak audit rusak"):
        call_command("audit_checkpoint")
    assert not checkpoint_file().exists()


def test_appending_takes_two_statements_and_no_global_row(trail, django_assert_num_queries):
    case = case_at_step_4(trail)
    # move the head on the case row, insert the event: one statement on PostgreSQL
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 2):
        record_event(case=case, actor=trail.staf, action="uji", payload={}, at=at(12))


def test_a_stale_case_object_still_appends_at_the_end(trail):
    case = case_at_step_4(trail)
    stale = Case.objects.get(pk=case.pk)
    record_event(case=case, actor=None, action="uji", payload={}, at=at(12))
    record_event(case=stale, actor=None, action="uji", payload={}, at=at(13))
    assert list(case.events.values_list("seq", flat=True)) == [1, 2, 3, 4, 5, 6]
    assert verify() == ([], 6)


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrency needs PostgreSQL row locks"
)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_case_held_locked_does_not_stop_another_case_from_being_audited(trail):
    """No global head: while one transaction holds case A's row (and its chain head), another
    appends to case B at once; parallel appends to one case serialise on its row."""
    import threading

    from django.db import close_old_connections, transaction

    first, second = case_at_step_4(trail), case_at_step_4(trail, subject="Warsini")
    holding, done = threading.Event(), threading.Event()

    def hold_first():
        with transaction.atomic():
            locked = Case.objects.select_for_update().get(pk=first.pk)
            record_event(case=locked, actor=None, action="uji", payload={}, at=at(12))
            holding.set()
            done.wait(timeout=30)
        connection.close()

    holder = threading.Thread(target=hold_first)
    holder.start()
    holding.wait(timeout=30)
    try:
        with transaction.atomic():
            connection.cursor().execute("SET LOCAL lock_timeout = '2s'")
            record_event(case=second, actor=None, action="uji", payload={}, at=at(12))
    finally:
        done.set()
        holder.join()
        close_old_connections()

    def append(index: int) -> None:
        stale = Case.objects.get(pk=first.pk)
        with transaction.atomic():
            record_event(case=stale, actor=None, action="uji", payload={"i": index}, at=at(13))
        connection.close()

    workers = [threading.Thread(target=append, args=(i,)) for i in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    first.refresh_from_db()
    assert first.audit_count == 4 + 1 + 8
    assert verify() == ([], 13 + 5)
