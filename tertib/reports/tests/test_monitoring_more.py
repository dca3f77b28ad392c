"""More of the monitoring form's life: open, save, refresh, finalise, and never change again."""

import datetime

import pytest
from django.test import TestCase
from django.urls import reverse

from tertib.cases.models import AuditEvent
from tertib.org.testing import PASSWORD
from tertib.reports.figures import Period
from tertib.reports.models import MonitoringForm
from tertib.reports.monitoring import (
    MonitoringError,
    finalise_form,
    open_form,
    refresh_form,
    save_form,
)
from tertib.reports.testing import WIB, walk

pytestmark = pytest.mark.django_db
ENDED = Period(datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))  # over: no reason needed
THREE = ["Berjalan dengan baik", "Berjalan kurang baik", "Tidak berjalan"]
SKTM = "Legalisasi SKTM untuk permohonan pengalihan KIS"


def cases(u, *, camat_minutes: int, count: int = 1, day: int = 14):
    for index in range(count):
        walk(
            u,
            at=datetime.datetime(2026, 9, day, 8, index, tzinfo=WIB),  # 14 September: a Monday
            plan=[(0, 1), (0, 1), (0, 1), (0, camat_minutes), (0, 1), (0, 1)],
        )


@pytest.fixture
def private(settings, tmp_path):
    settings.PRIVATE_DIR = tmp_path
    return tmp_path


def events(action: str) -> list[dict]:
    return [e.payload for e in AuditEvent.objects.filter(action=action).order_by("pk")]


def test_open_form_writes_its_audit_event_with_office_and_period(undaan):
    form = open_form(office=undaan.office, period=ENDED, actor=undaan.camat)

    event = AuditEvent.objects.get(action="buka_monitoring")
    assert event.case is None and event.actor == undaan.camat
    assert event.payload == {
        "kantor": "kecamatan-undaan",
        "dari": "2026-07-01",
        "sampai": "2026-09-30",
    }
    assert (form.status, form.opened_by, form.grades) == (
        MonitoringForm.Status.DRAFT,
        undaan.camat,
        ["Berjalan dengan baik", "Tidak berjalan dengan baik"],
    )


def test_a_form_without_any_finished_step_proposes_no_grade(undaan):
    form = open_form(office=undaan.office, period=ENDED, actor=undaan.camat)

    row = form.rows.get()
    assert (row.order, row.procedure, row.proposed_grade, row.grade) == (1, SKTM, "", "")
    assert row.facts["alasan"] == ["Belum ada langkah yang selesai pada periode ini."]
    assert row.facts["masuk"] == 0


def test_facts_are_kept_on_the_row(undaan):
    cases(undaan, camat_minutes=3, count=2)

    row = open_form(office=undaan.office, period=ENDED, actor=undaan.camat).rows.get()

    assert row.facts == {
        "masuk": 2,
        "selesai": 2,
        "ditolak": 0,
        "dibatalkan": 0,
        "dikembalikan": 0,
        "berjalan": 0,
        "dalam_mutu_baku": 1.0,
        "mutu_baku_total": 15,
        "langkah_terlambat": "",
        "alasan": [],
    }
    assert row.grade == "Berjalan dengan baik"


def test_save_keeps_grade_notes_and_action_stripped_and_writes_an_event(undaan):
    cases(undaan, camat_minutes=3)
    form = open_form(office=undaan.office, period=ENDED, actor=undaan.camat)
    row = form.rows.get()

    save_form(
        form=form,
        actor=undaan.camat,
        entries={
            row.pk: {
                "grade": "Tidak berjalan dengan baik",
                "notes": "  Antrean panjang\u202e  ",
                "action": " Tambah loket ",
            }
        },
    )

    row.refresh_from_db()
    assert (row.grade, row.notes, row.action) == (
        "Tidak berjalan dengan baik",
        "Antrean panjang",
        "Tambah loket",
    )
    assert row.proposed_grade == "Berjalan dengan baik"  # the proposal stays on record
    assert len(events("simpan_monitoring")) == 1


def test_save_of_a_row_of_another_form_writes_nothing(undaan):
    cases(undaan, camat_minutes=3)
    form = open_form(office=undaan.office, period=ENDED, actor=undaan.camat)
    other = open_form(
        office=undaan.office,
        period=Period(datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)),
        actor=undaan.camat,
    )
    row, stranger = form.rows.get(), other.rows.get()

    with pytest.raises(MonitoringError, match="^baris: tidak ada pada formulir ini.$"):
        save_form(
            form=form,
            actor=undaan.camat,
            entries={row.pk: {"grade": "", "action": "Berubah"}, stranger.pk: {"action": "x"}},
        )

    row.refresh_from_db()
    stranger.refresh_from_db()
    assert (row.grade, row.action, stranger.action) == ("Berjalan dengan baik", "", "")
    assert events("simpan_monitoring") == []


@pytest.mark.parametrize("field", ["notes", "action"])
def test_a_text_over_two_thousand_characters_is_refused_by_name(undaan, field):
    cases(undaan, camat_minutes=3)
    form = open_form(office=undaan.office, period=ENDED, actor=undaan.camat)
    row = form.rows.get()
    name = {"notes": "catatan", "action": "tindakan"}[field]

    with pytest.raises(MonitoringError, match=f"^{name} {SKTM}: paling banyak 2000 karakter"):
        save_form(form=form, actor=undaan.camat, entries={row.pk: {field: "x" * 2001}})
    save_form(form=form, actor=undaan.camat, entries={row.pk: {field: "x" * 2000}})

    row.refresh_from_db()
    assert len(getattr(row, field)) == 2000


def test_only_the_assessor_saves_or_refreshes(undaan):
    cases(undaan, camat_minutes=3)
    form = open_form(office=undaan.office, period=ENDED, actor=undaan.camat)
    row = form.rows.get()

    for person in (undaan.staf, undaan.kasi, undaan.outsider):
        with pytest.raises(MonitoringError, match="^Hanya penilai kantor ini"):
            save_form(form=form, actor=person, entries={row.pk: {"action": "x"}})
        with pytest.raises(MonitoringError, match="^Hanya penilai kantor ini"):
            refresh_form(form=form, actor=person)
    row.refresh_from_db()
    assert row.action == ""
    assert events("simpan_monitoring") == events("perbarui_monitoring") == []


def test_refresh_proposes_again_from_new_facts_and_keeps_the_action(undaan):
    cases(undaan, camat_minutes=3)
    form = open_form(office=undaan.office, period=ENDED, actor=undaan.camat)
    row = form.rows.get()
    save_form(
        form=form,
        actor=undaan.camat,
        entries={row.pk: {"grade": "Berjalan dengan baik", "notes": "ditulis", "action": "Rapat"}},
    )
    cases(undaan, camat_minutes=12, count=3, day=15)  # later records: now late

    refresh_form(form=form, actor=undaan.camat)

    row.refresh_from_db()
    assert (row.proposed_grade, row.grade, row.action) == (
        "Tidak berjalan dengan baik",
        "Tidak berjalan dengan baik",
        "Rapat",
    )
    assert "Langkah 4 (Camat) terlambat" in row.notes
    assert row.facts["masuk"] == 4
    assert len(events("perbarui_monitoring")) == 1


def test_three_grades_are_offered_and_the_form_keeps_its_own_list(undaan, settings):
    settings.MONITORING_GRADES = THREE
    settings.MONITORING_MAX_P90_RATIO = 10
    cases(undaan, camat_minutes=20, count=2)  # 35 of 15 minutes a case; 5× only at step 4
    form = open_form(office=undaan.office, period=ENDED, actor=undaan.camat)
    row = form.rows.get()
    settings.MONITORING_GRADES = ["Baik", "Buruk"]  # later settings do not change this form

    assert (form.grades, row.grade) == (THREE, "Berjalan kurang baik")
    with pytest.raises(MonitoringError, match="harus salah satu dari Berjalan dengan baik, "):
        save_form(form=form, actor=undaan.camat, entries={row.pk: {"grade": "Baik"}})
    save_form(form=form, actor=undaan.camat, entries={row.pk: {"grade": "Tidak berjalan"}})
    row.refresh_from_db()
    assert row.grade == "Tidak berjalan"


def test_a_middle_grade_needs_an_action_to_finalise(undaan, settings, private):
    settings.MONITORING_GRADES = THREE
    cases(undaan, camat_minutes=3)
    form = open_form(office=undaan.office, period=ENDED, actor=undaan.camat)
    row = form.rows.get()
    save_form(form=form, actor=undaan.camat, entries={row.pk: {"grade": THREE[1]}})

    with pytest.raises(MonitoringError, match=f"^tindakan {SKTM}: wajib diisi"):
        finalise_form(form=form, actor=undaan.camat, password=PASSWORD)
    save_form(
        form=form, actor=undaan.camat, entries={row.pk: {"grade": THREE[1], "action": "Rapat"}}
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        form = finalise_form(form=form, actor=undaan.camat, password=PASSWORD)

    assert form.status == MonitoringForm.Status.FINAL


def test_an_ungraded_row_cannot_be_finalised(undaan, private):
    form = open_form(office=undaan.office, period=ENDED, actor=undaan.camat)  # nothing proposed

    with pytest.raises(MonitoringError, match=f"^penilaian {SKTM}: belum diisi.$"):
        finalise_form(form=form, actor=undaan.camat, password=PASSWORD)

    form.refresh_from_db()
    assert (form.status, form.code, form.sha256, form.path) == ("draf", None, "", "")
    assert events("finalkan_monitoring") == []


def test_a_wrong_password_writes_nothing_and_names_the_field(undaan, private):
    cases(undaan, camat_minutes=3)
    form = open_form(office=undaan.office, period=ENDED, actor=undaan.camat)

    with pytest.raises(MonitoringError, match="^kata sandi: salah"):
        finalise_form(form=form, actor=undaan.camat, password="")

    form.refresh_from_db()
    assert (form.status, form.finalised_by, form.finalised_at) == ("draf", None, None)
    assert events("finalkan_monitoring") == []
    assert list(private.rglob("*.pdf")) == []


def test_many_wrong_passwords_are_throttled_and_then_the_right_one_too(undaan, private):
    cases(undaan, camat_minutes=3)
    form = open_form(office=undaan.office, period=ENDED, actor=undaan.camat)
    refusals = []
    for _ in range(12):
        with pytest.raises(MonitoringError) as refused:
            finalise_form(form=form, actor=undaan.camat, password="tebak", address="10.0.0.9")
        refusals.append(str(refused.value))

    with pytest.raises(MonitoringError, match="^kata sandi: "):
        finalise_form(form=form, actor=undaan.camat, password=PASSWORD, address="10.0.0.9")

    assert refusals[0].startswith("kata sandi: salah")
    assert not refusals[-1].startswith("kata sandi: salah")  # throttled, not checked
    form.refresh_from_db()
    assert form.status == "draf"


def test_finalising_writes_one_event_with_code_and_hash_of_the_stored_pdf(undaan, private):
    cases(undaan, camat_minutes=3)
    form = open_form(office=undaan.office, period=ENDED, actor=undaan.camat)

    with TestCase.captureOnCommitCallbacks(execute=True):
        form = finalise_form(form=form, actor=undaan.camat, password=PASSWORD)

    event = AuditEvent.objects.get(action="finalkan_monitoring")
    assert event.actor == undaan.camat
    assert event.payload == {
        "kantor": "kecamatan-undaan",
        "dari": "2026-07-01",
        "sampai": "2026-09-30",
        "kode": form.code,
        "sha256": form.sha256,
    }
    assert (private / form.path).is_file()
    assert form.paraf.startswith("Arif Budiyanto, ") and form.paraf.endswith("(elektronik)")


def test_a_final_form_refuses_every_change(client, undaan, private):
    cases(undaan, camat_minutes=3)
    form = open_form(office=undaan.office, period=ENDED, actor=undaan.camat)
    row = form.rows.get()
    with TestCase.captureOnCommitCallbacks(execute=True):
        form = finalise_form(form=form, actor=undaan.camat, password=PASSWORD)
    code, sha256 = form.code, form.sha256
    client.force_login(undaan.camat)

    with pytest.raises(MonitoringError, match="sudah final"):
        refresh_form(form=form, actor=undaan.camat)
    page = client.post(
        reverse("reports:monitoring", args=[form.pk]),
        {
            f"grade-{row.pk}": "Tidak berjalan dengan baik",
            f"action-{row.pk}": "x",
            "aksi": "simpan",
        },
    )
    again = open_form(office=undaan.office, period=ENDED, actor=undaan.camat)

    assert page.status_code == 400
    assert "sudah final dan tidak dapat diubah lagi" in page.content.decode()
    assert again.pk == form.pk
    form.refresh_from_db()
    row.refresh_from_db()
    assert (form.code, form.sha256, row.grade, row.action) == (
        code,
        sha256,
        "Berjalan dengan baik",
        "",
    )
    assert len(events("finalkan_monitoring")) == 1


def test_the_refresh_button_proposes_again_in_pages(client, undaan):
    cases(undaan, camat_minutes=3)
    form = open_form(office=undaan.office, period=ENDED, actor=undaan.camat)
    cases(undaan, camat_minutes=12, count=3, day=15)
    client.force_login(undaan.camat)

    response = client.post(
        reverse("reports:monitoring", args=[form.pk]), {"aksi": "perbarui"}, follow=True
    )

    assert "Usulan penilaian dan catatan diperbarui dari data terbaru." in response.content.decode()
    assert form.rows.get().grade == "Tidak berjalan dengan baik"


def test_the_public_check_knows_no_draft(client, undaan):
    cases(undaan, camat_minutes=3)
    form = open_form(office=undaan.office, period=ENDED, actor=undaan.camat)

    assert form.code is None
    assert client.get(reverse("reports:verify", args=["DRAF"])).status_code == 404
