"""The engine walks any SOP: steps, branches, return and resume, reject, cancel, timing, rights."""

import datetime as dt
import zoneinfo

import pytest

from conftest import IURAN
from tertib.cases.actions import StepInput
from tertib.cases.auditcheck import verify
from tertib.cases.engine import (
    EngineError,
    NotPermitted,
    Stale,
    cancel_case,
    claim_step,
    complete_step,
    open_record,
    reject_case,
    resume_case,
    start_case,
)
from tertib.cases.models import AuditEvent, Case, StepRecord
from tertib.org.testing import PASSWORD, assign, make_office, make_user
from tertib.sop.loading import load_file

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
pytestmark = pytest.mark.django_db


def at(hour: int, minute: int = 0, day: int = 23) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=WIB)  # 23 November 2026 is a Monday


def start(u, when=None):
    return start_case(
        sop_version=u.version,
        office=u.office,
        actor=u.staf,
        subject="Sumarni",
        intake={"nama": "Sumarni"},
        at=when or at(8),
    )


EVERYTHING = StepInput(
    checklist=["sktm_asli", "fotokopi_ktp", "fotokopi_kk", "kartu_jkn", "surat_pernyataan"],
    password=PASSWORD,
    recipient="Pemohon",
)


def step(case, actor, decision="lanjut", note="", when=None, claim_first=None, given=EVERYTHING):
    record = open_record(case)
    if claim_first:
        claim_step(case=case, record_id=record.pk, actor=actor, at=claim_first)
    return complete_step(
        case=case,
        record_id=record.pk,
        actor=actor,
        decision=decision,
        note=note,
        given=given,
        at=when or at(9),
    )


def test_sktm_case_walks_all_six_steps(undaan):
    u = undaan
    case = start(u)
    for actor, decision in [
        (u.staf, "lanjut"),
        (u.staf, "ya"),
        (u.kasi, "lanjut"),
        (u.camat, "lanjut"),
        (u.staf, "lanjut"),
        (u.staf, "lanjut"),
    ]:
        case = step(case, actor, decision)
    case.refresh_from_db()
    assert case.state == Case.State.SELESAI
    assert list(case.records.values_list("step_no", "outcome")) == [
        (1, "lanjut"),
        (2, "ya"),
        (3, "lanjut"),
        (4, "lanjut"),
        (5, "lanjut"),
        (6, "lanjut"),
    ]
    assert case.records.get(step_no=4).signed_as == "Camat Undaan"
    assert verify()[0] == []


def test_incomplete_file_returns_to_applicant_and_resumes_at_that_step(undaan):
    u = undaan
    case = step(start(u), u.staf)
    case = step(case, u.staf, "tidak", note="Fotokopi KK belum ada")
    assert (case.state, case.current_step, case.note) == (
        Case.State.MENUNGGU_PEMOHON,
        2,
        "Fotokopi KK belum ada",
    )
    assert open_record(case) is None
    case = resume_case(case=case, actor=u.staf, note="KK sudah dibawa", at=at(10))
    assert (case.state, open_record(case).step_no) == (Case.State.BERJALAN, 2)
    case = step(case, u.staf, "ya", when=at(10, 5))
    assert open_record(case).step_no == 3


def test_return_needs_a_note_and_changes_nothing_without_it(undaan):
    u = undaan
    case = step(start(u), u.staf)
    with pytest.raises(EngineError, match="Catatan wajib diisi"):
        step(case, u.staf, "tidak", note=" ")
    case.refresh_from_db()
    assert (case.state, open_record(case).step_no, open_record(case).completed_at) == (
        Case.State.BERJALAN,
        2,
        None,
    )


def test_double_click_changes_nothing(undaan):
    u = undaan
    case = start(u)
    record = open_record(case)
    complete_step(case=case, record_id=record.pk, actor=u.staf, at=at(9))
    events = AuditEvent.objects.count()
    with pytest.raises(Stale):
        complete_step(case=case, record_id=record.pk, actor=u.staf, at=at(9, 1))
    assert (AuditEvent.objects.count(), StepRecord.objects.filter(case=case).count()) == (events, 2)


def test_unknown_decision_is_refused(undaan):
    u = undaan
    case = step(start(u), u.staf)
    with pytest.raises(EngineError, match="ya, tidak"):
        step(case, u.staf, "mungkin")


def test_colleague_and_outsider_may_not_act(undaan):
    u = undaan
    case = step(step(start(u), u.staf), u.staf, "ya")  # now at step 3, Kasi Kesra
    for actor in (u.staf, u.camat, u.outsider):
        with pytest.raises(NotPermitted):
            step(case, actor)
    assert step(case, u.kasi).current_step == 4


def test_acting_official_in_date_signs_as_plh(undaan):
    u = undaan
    sekcam = make_user("sekcam", full_name="Sri Wahyuni")
    assign(
        sekcam,
        u.office,
        "camat",
        kind="plh",
        starts_on=dt.date(2026, 11, 23),
        ends_on=dt.date(2026, 11, 24),
    )
    case = start(u)
    for actor, decision in [(u.staf, "lanjut"), (u.staf, "ya"), (u.kasi, "lanjut")]:
        case = step(case, actor, decision)
    case = step(case, sekcam)
    assert case.records.get(step_no=4).signed_as == "Plh. Camat Undaan"


def test_acting_official_out_of_date_may_not_sign(undaan):
    u = undaan
    sekcam = make_user("sekcam")
    assign(
        sekcam,
        u.office,
        "camat",
        kind="plh",
        starts_on=dt.date(2026, 11, 1),
        ends_on=dt.date(2026, 11, 20),
    )
    case = start(u)
    for actor, decision in [(u.staf, "lanjut"), (u.staf, "ya"), (u.kasi, "lanjut")]:
        case = step(case, actor, decision)
    with pytest.raises(NotPermitted):
        step(case, sekcam)


def test_reject_is_final_and_needs_a_reason(undaan):
    u = undaan
    case = step(step(step(start(u), u.staf), u.staf, "ya"), u.kasi)
    record = open_record(case)
    with pytest.raises(EngineError, match="Alasan penolakan"):
        reject_case(case=case, record_id=record.pk, actor=u.camat, reason="")
    case = reject_case(case=case, record_id=record.pk, actor=u.camat, reason="SKTM palsu", at=at(9))
    assert (case.state, case.note, case.closed_at) == (Case.State.DITOLAK, "SKTM palsu", at(9))
    with pytest.raises(Stale):
        resume_case(case=case, actor=u.staf)


def test_cancel_closes_the_open_step(undaan):
    u = undaan
    case = cancel_case(case=start(u), actor=u.staf, reason="Pemohon menarik berkas", at=at(8, 30))
    assert case.state == Case.State.DIBATALKAN
    assert case.records.get().outcome == "dibatalkan"


def test_times_are_office_minutes_against_mutu_baku(undaan):
    u = undaan
    case = start(u, when=at(8, 0))
    case = step(case, u.staf, when=at(8, 1))  # step 1 in 1 minute: within 1 menit
    # Step 2 arrives 08:01, is claimed 11:55, done 13:10 (lunch 12:00-13:00 does not count).
    case = step(case, u.staf, "ya", when=at(13, 10), claim_first=at(11, 55))
    first, second = case.records.order_by("pk")[:2]
    assert (first.waiting_minutes, first.handling_minutes, first.is_late) == (0, 1, False)
    assert (second.waiting_minutes, second.handling_minutes) == (234, 15)
    assert (second.mutu_baku_minutes, second.is_late) == (5, True)


def test_due_time_is_arrival_plus_mutu_baku_in_office_time(undaan):
    u = undaan
    case = step(start(u, when=at(8, 0)), u.staf, when=at(11, 58))
    # Step 2 (5 menit) arrives 11:58: two minutes before lunch, three after it.
    assert open_record(case).due_at == at(13, 3)
    case = step(case, u.staf, "tidak", note="KK kurang", when=at(15, 58))
    case = resume_case(case=case, actor=u.staf, at=at(16, 28, day=27))  # a Friday
    # Resumed 16:28 on Friday: two minutes that day, three on Monday from 07:30.
    assert open_record(case).due_at == at(7, 33, day=30)


def test_intake_step_is_claimed_and_due_when_it_arrives(undaan):
    u = undaan
    record = open_record(start(u, when=at(8, 0)))
    assert (record.claimed_at, record.claimed_by, record.signed_as) == (at(8), u.staf, "Staf")
    assert record.due_at == at(8, 1)


def test_claim_and_complete_keep_to_their_statements(undaan, django_assert_max_num_queries):
    u = undaan
    case = step(start(u), u.staf)
    record = open_record(case)
    with django_assert_max_num_queries(9):  # 7 statements and the savepoint around them
        claim_step(case=case, record_id=record.pk, actor=u.staf, at=at(9, 1))
    with django_assert_max_num_queries(11):  # case, record, right, 3 writes, 2 for audit
        complete_step(case=case, record_id=record.pk, actor=u.staf, decision="ya", given=EVERYTHING)
    assert verify()[0] == []


def test_step_with_two_officials_passes_through_both_in_order(write_sop):
    office = make_office(
        slug="dinas-pmd",
        name="Dinas PMD",
        positions={
            "ka_dinas": "Kepala Dinas",
            "sekdin_kabid": "Sekretaris Dinas",
            "ka_subbag_kasi": "Kasubbag Keuangan",
            "pelaksana": "Pelaksana",
        },
    )
    people = {
        kode: make_user(kode)
        for kode in ["ka_dinas", "sekdin_kabid", "ka_subbag_kasi", "pelaksana"]
    }
    for kode, user in people.items():
        assign(user, office, kode)
    # The flow alone, without the bill checks the iuran service adds (tertib/iuran tests those).
    flow_only = IURAN.read_text(encoding="utf-8").split("\nlayanan:")[0]
    version = load_file(write_sop(flow_only)).version
    case = start_case(
        sop_version=version,
        office=office,
        actor=people["pelaksana"],
        subject="Tagihan November 2026",
        intake={},
        at=at(8),
    )
    case = step(case, people["pelaksana"])
    assert open_record(case).pelaksana == "ka_subbag_kasi"
    with pytest.raises(EngineError, match="pelaksana terakhir"):
        step(case, people["ka_subbag_kasi"], "ya")
    case = step(case, people["ka_subbag_kasi"])
    assert (open_record(case).step_no, open_record(case).pelaksana) == (2, "sekdin_kabid")
    case = step(case, people["sekdin_kabid"])
    # Ka. Dinas: data incomplete -> back to step 1, with the reason.
    case = step(case, people["ka_dinas"], "tidak", note="Data dukung desa Wates kurang")
    assert (case.current_step, case.note, open_record(case).pelaksana) == (
        1,
        "Data dukung desa Wates kurang",
        "pelaksana",
    )
    assert open_record(case).mutu_baku_minutes == 10
    # Step 2's 15 menit shared by its paraf chain as 8 + 7, adding up to the SOP's time.
    assert case.records.get(step_no=2, pelaksana="ka_subbag_kasi").mutu_baku_minutes == 8
    assert case.records.get(step_no=2, pelaksana="sekdin_kabid").mutu_baku_minutes == 7
