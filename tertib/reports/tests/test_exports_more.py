"""The XLSX exports opened as the inspectorate opens them, cell by cell."""

import datetime
import io

import pytest
from django.test import TestCase
from django.urls import reverse

from tertib.cases.models import Case
from tertib.org.testing import PASSWORD
from tertib.reports.figures import Period
from tertib.reports.monitoring import finalise_form, open_form, save_form
from tertib.reports.testing import WIB, walk

pytestmark = pytest.mark.django_db
UNDAAN = "kecamatan-undaan"
NOVEMBER = {"dari": "2026-11-01", "sampai": "2026-11-30"}
SKTM = "Legalisasi SKTM untuk permohonan pengalihan KIS"
HEADER = (
    "Kode lacak",
    "SOP",
    "Versi",
    "Langkah",
    "Pelaksana",
    "Tiba",
    "Diambil",
    "Selesai",
    "Diselesaikan oleh",
    "Sebagai",
    "Hasil",
    "Tunggu (menit kerja)",
    "Proses (menit kerja)",
    "Mutu baku (menit kerja)",
    "Dalam mutu baku",
)


def workbook(response):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(response.content))


def rows_of(response) -> list[tuple]:
    return list(workbook(response).active.iter_rows(values_only=True))


def steps_export(client, user, params=None):
    client.force_login(user)
    return client.get(reverse("reports:steps_xlsx", args=[UNDAAN]), params or NOVEMBER)


def monday(hour: int, minute: int = 0, day: int = 23) -> datetime.datetime:
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=WIB)


def test_step_export_is_an_attachment_named_after_office_and_period(client, undaan):
    response = steps_export(client, undaan.kasi)

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="catatan-langkah-kecamatan-undaan-2026-11-01.xlsx"'
    )
    book = workbook(response)
    assert book.sheetnames == ["Langkah 2026-11-01"]
    rows = rows_of(response)
    assert rows[0][0] == "Catatan langkah Kecamatan Undaan, 1 November 2026 s.d. 30 November 2026"
    assert rows[1] == HEADER
    assert len(rows) == 2  # no step in the period


def test_step_export_rows_in_words_and_office_time(client, undaan):
    case = walk(undaan, at=monday(8), plan=[(0, 1), (2, 3)])  # step 2 taken up 08:03

    rows = rows_of(steps_export(client, undaan.kasi))[2:]

    assert [row[3] for row in rows] == [1, 2]
    intake, check = rows
    assert check == (
        case.code,
        SKTM,
        1,
        2,
        "Staf",
        datetime.datetime(2026, 11, 23, 8, 1),
        datetime.datetime(2026, 11, 23, 8, 3),
        datetime.datetime(2026, 11, 23, 8, 6),
        "Siti Aminah",
        "Staf",  # the position she signed as
        "Ya",
        2,
        3,
        5,
        "ya",
    )
    assert intake[10] == "Selesai"  # the label of "lanjut", never the stored code
    assert intake[12:] == (1, 1, "ya")


def test_step_export_says_tidak_when_past_the_standard(client, undaan):
    walk(undaan, at=monday(8), plan=[(0, 1), (0, 1), (1, 2)])  # step 3: 3 minutes against 2

    rows = rows_of(steps_export(client, undaan.kasi))[2:]

    kasi = next(row for row in rows if row[3] == 3)
    assert (kasi[4], kasi[8], kasi[11:]) == ("Kasi Kesra", "Budi Santoso", (1, 2, 2, "tidak"))


def test_step_export_holds_only_the_office_and_the_period(client, undaan):
    walk(undaan, at=monday(8), plan=[(0, 1)])
    walk(undaan, at=datetime.datetime(2026, 10, 30, 8, tzinfo=WIB), plan=[(0, 1)])  # October
    walk(undaan, at=datetime.datetime(2026, 12, 1, 8, tzinfo=WIB), plan=[(0, 1)])  # December

    rows = rows_of(steps_export(client, undaan.kasi))[2:]
    october = rows_of(steps_export(client, undaan.kasi, {"semester": "2026-2"}))[2:]

    assert len(rows) == 1 and rows[0][7].date() == datetime.date(2026, 11, 23)
    assert len(october) == 3
    assert steps_export(client, undaan.outsider).status_code == 404


def test_step_export_carries_no_applicant_data(client, undaan):
    walk(undaan, at=monday(8), plan=[(0, 1)] * 6)
    Case.objects.update(subject="Sumarni binti Karto")

    rows = rows_of(steps_export(client, undaan.kasi))

    cells = [str(cell) for row in rows for cell in row if cell is not None]
    assert len(rows) == 2 + 6
    assert not [cell for cell in cells if "Sumarni" in cell or "Karto" in cell]


def test_step_export_for_the_bagian_organisasi_too(client, undaan, organisasi):
    walk(undaan, at=monday(8), plan=[(0, 1)])

    response = steps_export(client, organisasi)

    assert response.status_code == 200
    assert len(rows_of(response)) == 3


def november_form(u):
    period = Period(datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
    return open_form(office=u.office, period=period, actor=u.camat)


def test_monitoring_export_heads_the_permenpan_table(client, undaan):
    walk(undaan, at=monday(8), plan=[(0, 1)] * 6)
    form = november_form(undaan)
    client.force_login(undaan.kasi)  # a colleague may read and download it

    response = client.get(reverse("reports:monitoring_xlsx", args=[form.pk]))

    assert response["Content-Disposition"] == (
        'attachment; filename="monitoring-kecamatan-undaan-2026-11-01.xlsx"'
    )
    book = workbook(response)
    assert book.sheetnames == ["Monitoring"]
    rows = rows_of(response)
    assert rows[0][0] == "MONITORING PELAKSANAAN SOP ADMINISTRASI PEMERINTAHAN"
    assert rows[1][0] == "Kecamatan Undaan"
    assert rows[2][0] == "Periode 1 November 2026 s.d. 30 November 2026"
    assert rows[5][:3] == (1, SKTM, "Berjalan dengan baik")
    assert rows[5][3] == form.rows.get().notes
    assert len(rows) == 6


def test_monitoring_export_makes_a_typed_formula_plain_text(client, undaan):
    walk(undaan, at=monday(8), plan=[(0, 1)] * 6)
    form = november_form(undaan)
    row = form.rows.get()
    save_form(
        form=form,
        actor=undaan.camat,
        entries={row.pk: {"grade": "Berjalan dengan baik", "action": '=HYPERLINK("http://x")'}},
    )
    client.force_login(undaan.camat)

    response = client.get(reverse("reports:monitoring_xlsx", args=[form.pk]))

    cell = workbook(response).active["E6"]
    assert cell.data_type == "s"
    assert cell.value == '\'=HYPERLINK("http://x")'


def test_monitoring_export_of_a_final_form_shows_the_paraf(client, undaan, settings, tmp_path):
    settings.PRIVATE_DIR = tmp_path
    walk(undaan, at=monday(8), plan=[(0, 1)] * 6)
    form = november_form(undaan)
    with TestCase.captureOnCommitCallbacks(execute=True):
        form = finalise_form(form=form, actor=undaan.camat, password=PASSWORD, reason="Cuti")
    client.force_login(undaan.camat)

    rows = rows_of(client.get(reverse("reports:monitoring_xlsx", args=[form.pk])))

    assert rows[5][5] == form.paraf
    assert rows[5][5].startswith("Arif Budiyanto, ") and rows[5][5].endswith(" (elektronik)")


def test_monitoring_export_of_another_office_is_not_found(client, undaan):
    form = november_form(undaan)
    client.force_login(undaan.outsider)

    assert client.get(reverse("reports:monitoring_xlsx", args=[form.pk])).status_code == 404
