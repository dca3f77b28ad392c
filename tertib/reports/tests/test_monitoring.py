"""The monitoring form: the rule proposes, the assessor decides, finalising fixes it for good."""

import datetime
import hashlib

import pytest
from django.test import TestCase

from tertib.cases.models import AuditEvent
from tertib.cases.testing import pdf_text, qr_texts
from tertib.org.testing import PASSWORD
from tertib.reports.figures import Period, office_figures
from tertib.reports.models import MonitoringForm
from tertib.reports.monitoring import (
    MonitoringError,
    finalise_form,
    notes_for,
    open_form,
    propose,
    save_form,
    stored_pdf,
)
from tertib.reports.testing import WIB, walk

pytestmark = pytest.mark.django_db
NOVEMBER = Period(datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
# November 2026 may not have ended when the tests run: finalising then takes a reason.
EARLY = "Camat cuti mulai 27 November"
TWO = ["Berjalan dengan baik", "Tidak berjalan dengan baik"]
THREE = ["Berjalan dengan baik", "Berjalan kurang baik", "Tidak berjalan"]


def monday(hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 11, 23, hour, minute, tzinfo=WIB)


def finished(u, *, camat_minutes: int, count: int):
    for index in range(count):
        walk(
            u,
            at=monday(8, index),
            plan=[(0, 1), (0, 1), (0, 1), (0, camat_minutes), (0, 1), (0, 1)],
        )


def sktm(u):
    return office_figures(u.office, NOVEMBER, now=monday(15)).sops[0]


def test_all_within_the_standard_is_graded_good(undaan):
    finished(undaan, camat_minutes=3, count=2)

    proposal = propose(sktm(undaan), TWO)

    assert (proposal.grade, proposal.reasons) == ("Berjalan dengan baik", [])


def test_a_step_past_twice_its_standard_is_graded_not_good(undaan, settings):
    settings.MONITORING_MIN_SHARE = 0
    finished(undaan, camat_minutes=9, count=2)  # 9 minutes against 4: 2.25 times

    proposal = propose(sktm(undaan), TWO)

    assert proposal.grade == "Tidak berjalan dengan baik"
    assert proposal.reasons == ["p90 langkah 4 (Camat) lebih dari 2,0× mutu bakunya"]


def test_three_grades_step_down_once_per_condition_missed(undaan, settings):
    finished(undaan, camat_minutes=20, count=2)  # 35 minutes a case against 15; 5 times at step 4
    figure = sktm(undaan)

    assert propose(figure, THREE).grade == "Tidak berjalan"
    settings.MONITORING_MAX_P90_RATIO = 10
    assert propose(figure, THREE).grade == "Berjalan kurang baik"
    settings.MONITORING_MIN_SHARE = 0
    assert propose(figure, THREE).grade == "Berjalan dengan baik"


def test_no_finished_step_proposes_nothing(undaan):
    assert propose(sktm(undaan), TWO).grade == ""


def test_notes_name_the_late_step_and_by_how_much(undaan):
    finished(undaan, camat_minutes=9, count=2)
    walk(undaan, at=monday(10), plan=[(0, 1), (0, 2)], decisions={2: "tidak"})

    notes = notes_for(sktm(undaan))

    assert "3 permohonan masuk, 2 selesai, 0 ditolak, 0 dibatalkan; 1 masih berjalan." in notes
    assert "0 % permohonan selesai dalam mutu baku total (15 menit)." in notes
    assert (
        "Langkah 4 (Camat) terlambat: p90 9 menit terhadap mutu baku 4 menit (2,2×, lebih 5 menit)"
        in notes
    )
    assert "Dikembalikan 1 kali (33 % dari permohonan masuk); ditolak 0 (0 %)." in notes


def test_only_the_assessor_opens_the_form(undaan):
    for person in (undaan.staf, undaan.kasi, undaan.outsider):
        with pytest.raises(MonitoringError, match="Hanya penilai"):
            open_form(office=undaan.office, period=NOVEMBER, actor=person)
    assert not MonitoringForm.objects.exists()


def test_open_form_proposes_from_facts_once_per_period(undaan):
    finished(undaan, camat_minutes=9, count=2)

    form = open_form(office=undaan.office, period=NOVEMBER, actor=undaan.camat)
    again = open_form(office=undaan.office, period=NOVEMBER, actor=undaan.camat)

    row = form.rows.get()
    assert again.pk == form.pk
    assert (row.procedure, row.proposed_grade, row.grade) == (
        "Legalisasi SKTM untuk permohonan pengalihan KIS",
        "Tidak berjalan dengan baik",
        "Tidak berjalan dengan baik",
    )
    assert "Langkah 4 (Camat) terlambat" in row.notes
    assert row.facts["langkah_terlambat"] == "Langkah 4 · Camat"
    assert AuditEvent.objects.filter(action="buka_monitoring").count() == 1


def test_save_refuses_a_grade_not_on_the_list(undaan):
    finished(undaan, camat_minutes=3, count=1)
    form = open_form(office=undaan.office, period=NOVEMBER, actor=undaan.camat)
    row = form.rows.get()

    with pytest.raises(MonitoringError, match="penilaian Legalisasi SKTM .*: harus salah satu"):
        save_form(form=form, actor=undaan.camat, entries={row.pk: {"grade": "Lumayan"}})
    row.refresh_from_db()
    assert row.grade == "Berjalan dengan baik"


def test_finalise_needs_password_and_an_action_when_not_good(undaan):
    finished(undaan, camat_minutes=9, count=2)
    form = open_form(office=undaan.office, period=NOVEMBER, actor=undaan.camat)

    with pytest.raises(MonitoringError, match="kata sandi: salah"):
        finalise_form(form=form, actor=undaan.camat, password="keliru")
    with pytest.raises(MonitoringError, match="tindakan Legalisasi SKTM .*: wajib diisi"):
        finalise_form(form=form, actor=undaan.camat, password=PASSWORD, reason=EARLY)
    form.refresh_from_db()
    assert (form.status, form.code, form.path) == ("draf", None, "")


def test_finalised_form_is_a_stored_pdf_with_qr_and_cannot_change(undaan, settings, tmp_path):
    settings.PRIVATE_DIR = tmp_path
    finished(undaan, camat_minutes=9, count=2)
    form = open_form(office=undaan.office, period=NOVEMBER, actor=undaan.camat)
    row = form.rows.get()
    save_form(
        form=form,
        actor=undaan.camat,
        entries={row.pk: {"grade": row.grade, "notes": row.notes, "action": "Tambah Plh Camat"}},
    )

    with TestCase.captureOnCommitCallbacks(execute=True):  # the PDF is written on commit
        form = finalise_form(form=form, actor=undaan.camat, password=PASSWORD, reason=EARLY)

    pdf = stored_pdf(form)
    assert (form.status, form.assessor_title) == ("final", "Camat Undaan")
    assert hashlib.sha256(pdf).hexdigest() == form.sha256
    assert qr_texts(pdf) == [f"http://127.0.0.1:8000/laporan/verifikasi/{form.code}/"]
    text = " ".join(pdf_text(pdf).split())
    assert "MONITORING PELAKSANAAN SOP ADMINISTRASI PEMERINTAHAN" in text
    assert "Tambah Plh Camat" in text and "Langkah 4 (Camat) terlambat" in text
    with pytest.raises(MonitoringError, match="sudah final"):
        save_form(form=form, actor=undaan.camat, entries={row.pk: {"action": "ubah"}})
    with pytest.raises(MonitoringError, match="sudah final"):
        finalise_form(form=form, actor=undaan.camat, password=PASSWORD, reason=EARLY)
    row.refresh_from_db()
    assert row.action == "Tambah Plh Camat"
    assert AuditEvent.objects.filter(action="finalkan_monitoring").count() == 1
