"""The kabupaten recap, acting assessors, and the public check of a final form."""

import datetime

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from tertib.org.models import Office
from tertib.org.testing import PASSWORD, assign, make_office, make_user
from tertib.reports.figures import Period
from tertib.reports.monitoring import (
    MonitoringError,
    assessor_title,
    finalise_form,
    open_form,
    recap,
    save_form,
)
from tertib.reports.testing import WIB, walk

pytestmark = pytest.mark.django_db
ENDED = Period(datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))
SKTM = "Legalisasi SKTM untuk permohonan pengalihan KIS"


def one_case(u, camat_minutes: int = 3):
    walk(
        u,
        at=datetime.datetime(2026, 9, 14, 8, tzinfo=WIB),
        plan=[(0, 1), (0, 1), (0, 1), (0, camat_minutes), (0, 1), (0, 1)],
    )


def test_recap_proposes_for_an_office_without_a_form(undaan):
    one_case(undaan, camat_minutes=9)
    make_office(slug="dinas-pmd", name="Dinas PMD Kabupaten Kudus")

    [(office, form, rows)] = recap(ENDED)

    assert (office, form) == (undaan.office, None)
    [row] = rows
    assert (row["procedure"], row["proposed_grade"]) == (SKTM, "Tidak berjalan dengan baik")


def test_recap_takes_the_rows_of_the_saved_form(undaan):
    one_case(undaan, camat_minutes=9)
    form = open_form(office=undaan.office, period=ENDED, actor=undaan.camat)
    row = form.rows.get()
    save_form(
        form=form,
        actor=undaan.camat,
        entries={row.pk: {"grade": "Berjalan dengan baik", "notes": "Cukup"}},
    )

    [(office, found, rows)] = recap(ENDED)

    assert found == form
    assert [(r.grade, r.notes) for r in rows] == [("Berjalan dengan baik", "Cukup")]


def test_recap_of_another_period_does_not_use_the_form(undaan):
    one_case(undaan)
    open_form(office=undaan.office, period=ENDED, actor=undaan.camat)

    [(office, form, rows)] = recap(Period(datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)))

    assert form is None
    assert rows[0]["proposed_grade"] == ""  # nothing finished in that half-year


def test_a_plh_camat_assesses_and_signs_as_plh(undaan, settings, tmp_path):
    settings.PRIVATE_DIR = tmp_path
    plh = make_user("plh", full_name="Dewi Lestari")
    today = timezone.localdate()
    assign(plh, undaan.office, "camat", kind="plh", starts_on=today - datetime.timedelta(days=1))
    one_case(undaan)

    form = open_form(office=undaan.office, period=ENDED, actor=plh)
    with TestCase.captureOnCommitCallbacks(execute=True):
        form = finalise_form(form=form, actor=plh, password=PASSWORD)

    assert assessor_title(plh, undaan.office) == "Plh. Camat Undaan"
    assert (form.assessor_title, form.finalised_by) == ("Plh. Camat Undaan", plh)
    assert form.paraf.startswith("Dewi Lestari, ")


def test_an_assignment_that_has_ended_no_longer_assesses(undaan):
    former = make_user("mantan", full_name="Mantan Camat")
    assign(
        former,
        undaan.office,
        "camat",
        starts_on=datetime.date(2020, 1, 1),
        ends_on=timezone.localdate() - datetime.timedelta(days=1),
    )

    assert assessor_title(former, undaan.office) is None
    with pytest.raises(MonitoringError, match="^Hanya penilai kantor ini"):
        open_form(office=undaan.office, period=ENDED, actor=former)


def test_the_camat_of_another_office_does_not_assess_this_one(undaan):
    jati_camat = make_user("camat-jati", full_name="Camat Jati")
    assign(jati_camat, Office.objects.get(slug="kecamatan-jati"), "camat")

    assert assessor_title(jati_camat, undaan.office) is None
    with pytest.raises(MonitoringError, match="^Hanya penilai kantor ini"):
        open_form(office=undaan.office, period=ENDED, actor=jati_camat)


def test_the_public_check_reads_a_typed_code_in_any_case(client, undaan, settings, tmp_path):
    settings.PRIVATE_DIR = tmp_path
    one_case(undaan)
    form = open_form(office=undaan.office, period=ENDED, actor=undaan.camat)
    with TestCase.captureOnCommitCallbacks(execute=True):
        form = finalise_form(form=form, actor=undaan.camat, password=PASSWORD)

    page = client.get(reverse("reports:verify", args=[f" {form.code.lower()} "]))

    assert page.status_code == 200
    assert page.context["form"] == form
    assert SKTM in page.content.decode()


def test_a_draft_pdf_is_named_as_a_draft(client, undaan):
    one_case(undaan)
    form = open_form(office=undaan.office, period=ENDED, actor=undaan.camat)
    client.force_login(undaan.camat)

    response = client.get(reverse("reports:monitoring_pdf", args=[form.pk]))

    assert response["Content-Type"] == "application/pdf"
    assert (
        'filename="draf-monitoring-kecamatan-undaan-2026-07-01.pdf"'
        in (response["Content-Disposition"])
    )
    assert response.content.startswith(b"%PDF")
