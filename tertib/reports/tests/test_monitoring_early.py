"""A monitoring form is finalised after its period ends, or before it with a written reason."""

import datetime

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from tertib.cases.models import AuditEvent
from tertib.org.testing import PASSWORD
from tertib.reports.figures import Period
from tertib.reports.models import MonitoringForm
from tertib.reports.monitoring import MonitoringError, finalise_form, is_early, open_form, save_form

pytestmark = pytest.mark.django_db


def period(*, ends_in_days: int) -> Period:
    end = timezone.localdate() + datetime.timedelta(days=ends_in_days)
    return Period(end - datetime.timedelta(days=60), end)


@pytest.fixture
def graded(undaan, settings, tmp_path):
    """A graded draft form of Kecamatan Undaan for a period; the Camat assesses it."""
    settings.PRIVATE_DIR = tmp_path

    def make(*, ends_in_days: int) -> MonitoringForm:
        form = open_form(
            office=undaan.office, period=period(ends_in_days=ends_in_days), actor=undaan.camat
        )
        row = form.rows.get()
        save_form(form=form, actor=undaan.camat, entries={row.pk: {"grade": form.grades[0]}})
        return form

    return make


def finalised_events() -> list[dict]:
    return [e.payload for e in AuditEvent.objects.filter(action="finalkan_monitoring")]


def test_a_running_period_is_early_and_its_last_day_too(graded):
    assert is_early(graded(ends_in_days=5)) is True
    assert is_early(graded(ends_in_days=0)) is True
    assert is_early(graded(ends_in_days=-1)) is False


def test_finalising_before_the_period_ends_without_a_reason_is_refused(undaan, graded):
    form = graded(ends_in_days=35)

    with pytest.raises(MonitoringError, match=r"^alasan: periode ini baru berakhir \d+ \w+ \d{4}"):
        finalise_form(form=form, actor=undaan.camat, password=PASSWORD, reason="   ")

    form.refresh_from_db()
    assert (form.status, form.code) == (MonitoringForm.Status.DRAFT, None)
    assert finalised_events() == []


def test_finalising_early_with_a_reason_keeps_it_in_the_audit_event(undaan, graded):
    form = graded(ends_in_days=35)

    with TestCase.captureOnCommitCallbacks(execute=True):
        form = finalise_form(
            form=form, actor=undaan.camat, password=PASSWORD, reason=" Camat pindah tugas "
        )

    assert form.status == MonitoringForm.Status.FINAL
    [payload] = finalised_events()
    assert payload["alasan_sebelum_periode_berakhir"] == "Camat pindah tugas"
    assert payload["kode"] == form.code


def test_finalising_after_the_period_ended_needs_no_reason(undaan, graded):
    form = graded(ends_in_days=-1)

    with TestCase.captureOnCommitCallbacks(execute=True):
        form = finalise_form(form=form, actor=undaan.camat, password=PASSWORD)

    assert form.status == MonitoringForm.Status.FINAL
    [payload] = finalised_events()
    assert "alasan_sebelum_periode_berakhir" not in payload


def test_a_too_long_reason_is_refused_by_name(undaan, graded):
    form = graded(ends_in_days=35)

    with pytest.raises(MonitoringError, match="^alasan: paling banyak 2000 karakter"):
        finalise_form(form=form, actor=undaan.camat, password=PASSWORD, reason="x" * 2001)


def test_the_page_asks_for_a_reason_only_while_the_period_runs(client, undaan, graded):
    running, ended = graded(ends_in_days=35), graded(ends_in_days=-1)
    client.force_login(undaan.camat)

    asks = client.get(reverse("reports:monitoring", args=[running.pk])).content.decode()
    calm = client.get(reverse("reports:monitoring", args=[ended.pk])).content.decode()

    assert 'name="alasan"' in asks and "Periode ini baru berakhir" in asks
    assert 'name="alasan"' not in calm


def test_the_page_refuses_an_early_finalisation_and_keeps_what_was_typed(client, undaan, graded):
    form = graded(ends_in_days=35)
    row = form.rows.get()
    client.force_login(undaan.camat)
    fields = {f"grade-{row.pk}": form.grades[0], "aksi": "finalkan", "password": PASSWORD}

    refused = client.post(reverse("reports:monitoring", args=[form.pk]), fields)
    with TestCase.captureOnCommitCallbacks(execute=True):
        done = client.post(
            reverse("reports:monitoring", args=[form.pk]),
            {**fields, "alasan": "Camat pindah tugas"},
            follow=True,
        )

    assert refused.status_code == 400
    assert "alasan: periode ini baru berakhir" in refused.content.decode()
    assert "Formulir monitoring final" in done.content.decode()
    assert finalised_events()[0]["alasan_sebelum_periode_berakhir"] == "Camat pindah tugas"
