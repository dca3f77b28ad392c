"""The report pages as their users meet them: the office, an outsider, the Bagian Organisasi."""

import datetime
import io

import pytest
from django.test import TestCase
from django.urls import reverse

from tertib.cases.models import RegisterEntry
from tertib.org.testing import make_office
from tertib.reports.models import MonitoringForm, SopDraft
from tertib.reports.testing import WIB, walk

pytestmark = pytest.mark.django_db
NOVEMBER = {"dari": "2026-11-01", "sampai": "2026-11-30"}


def history(u):
    for minutes in (3, 9, 12):
        walk(
            u,
            at=datetime.datetime(2026, 11, 23, 8, minutes, tzinfo=WIB),
            plan=[(0, 1), (0, 1), (0, 1), (0, minutes), (0, 1), (0, 1)],
        )


def dashboard(client, user, office="kecamatan-undaan", **params):
    client.force_login(user)
    return client.get(reverse("reports:dashboard", args=[office]), params or NOVEMBER)


def open_november_form(client, *, follow: bool = False):
    """Ask, as the logged-in user, to open Undaan's monitoring form for November."""
    url = reverse("reports:monitoring_open", args=["kecamatan-undaan"])
    return client.post(url + "?dari=2026-11-01&sampai=2026-11-30", follow=follow)


def test_camat_sees_which_step_runs_late_and_by_how_much(client, undaan):
    history(undaan)

    page = dashboard(client, undaan.camat).content.decode()

    assert "Langkah paling lambat: langkah 4 — Legalisasi SKTM (Camat)." in page
    assert "p90 12 menit terhadap mutu baku 4 menit (3,0×); 33 % dalam mutu baku." in page
    assert "Arif Budiyanto" in page and "<svg" in page


def test_outsider_does_not_see_another_office(client, undaan):
    assert dashboard(client, undaan.outsider).status_code == 404


def test_bad_period_names_the_field(client, undaan):
    response = dashboard(client, undaan.camat, dari="2026-13-01", sampai="2026-11-30")

    assert response.status_code == 400
    assert "Tanggal dari: &#x27;2026-13-01&#x27; bukan tanggal" in response.content.decode()
    response = dashboard(client, undaan.camat, dari="2026-11-30", sampai="2026-11-01")
    assert "Tanggal sampai: tidak boleh sebelum tanggal dari." in response.content.decode()
    response = dashboard(client, undaan.camat, dari="2020-01-01", sampai="2026-11-30")
    assert "Periode: paling lama tiga tahun." in response.content.decode()
    response = dashboard(client, undaan.camat, semester="2026-3")
    assert "Semester: tulis seperti 2026-2." in response.content.decode()


def test_organisasi_reads_every_office_and_the_recap(client, undaan, organisasi):
    make_office(slug="dinas-pmd", name="Dinas PMD Kabupaten Kudus")
    history(undaan)
    client.force_login(organisasi)

    index = client.get(reverse("reports:index")).content.decode()
    recap = client.get(reverse("reports:kabupaten"), NOVEMBER).content.decode()

    assert "Kecamatan Undaan" in index and "Dinas PMD Kabupaten Kudus" in index
    assert dashboard(client, organisasi, "dinas-pmd").status_code == 200
    assert dashboard(client, organisasi).status_code == 200
    assert "Langkah 4 (Camat) terlambat" in recap
    pdf = client.get(reverse("reports:kabupaten"), {**NOVEMBER, "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"


def test_organisasi_changes_nothing(client, undaan, organisasi):
    history(undaan)
    client.force_login(organisasi)
    opened = open_november_form(client, follow=True)
    drafted = client.post(
        reverse("reports:draft_open", args=["kecamatan-undaan", 2026]),
        {"sop": "undaan-legalisasi-sktm"},
        follow=True,
    )

    assert "Hanya penilai kantor ini" in opened.content.decode()
    assert "hanya penilai kantor pemilik SOP" in drafted.content.decode()
    assert (MonitoringForm.objects.count(), SopDraft.objects.count()) == (0, 0)


def test_organisasi_may_not_edit_an_office_form(client, undaan, organisasi):
    history(undaan)
    client.force_login(undaan.camat)
    open_november_form(client)
    form = MonitoringForm.objects.get()
    row = form.rows.get()
    client.force_login(organisasi)

    response = client.post(
        reverse("reports:monitoring", args=[form.pk]),
        {f"grade-{row.pk}": "Berjalan dengan baik", f"action-{row.pk}": "ubah", "aksi": "simpan"},
    )

    assert response.status_code == 400
    row.refresh_from_db()
    assert (row.grade, row.action) == ("Tidak berjalan dengan baik", "")


def test_camat_fills_and_finalises_the_form_in_pages(client, undaan, settings, tmp_path):
    settings.PRIVATE_DIR = tmp_path
    history(undaan)
    client.force_login(undaan.camat)
    open_november_form(client)
    form = MonitoringForm.objects.get()
    row = form.rows.get()
    fields = {
        f"grade-{row.pk}": row.grade,
        f"notes-{row.pk}": row.notes,
        f"action-{row.pk}": "Jadwal Plh Camat",
    }

    refused = client.post(
        reverse("reports:monitoring", args=[form.pk]),
        {**fields, "aksi": "finalkan", "password": "x"},
    )
    with TestCase.captureOnCommitCallbacks(execute=True):  # the PDF is written on commit
        done = client.post(
            reverse("reports:monitoring", args=[form.pk]),
            {**fields, "aksi": "finalkan", "password": "sandi-uji-123", "alasan": "Cuti"},
            follow=True,
        )

    assert "kata sandi: salah" in refused.content.decode()
    assert "Formulir monitoring final" in done.content.decode()
    form.refresh_from_db()
    assert form.is_final
    pdf = client.get(reverse("reports:monitoring_pdf", args=[form.pk]))
    assert pdf.content == (tmp_path / form.path).read_bytes()
    client.logout()  # the QR is for anyone holding the paper
    verify = client.get(reverse("reports:verify", args=[form.code])).content.decode()
    assert "Sah: formulir ini difinalkan" in verify and "Camat Undaan" in verify
    assert client.get(reverse("reports:verify", args=["TIDAKADA"])).status_code == 404


def test_step_records_export_has_no_personal_data(client, undaan):
    from openpyxl import load_workbook

    history(undaan)
    client.force_login(undaan.kasi)

    response = client.get(reverse("reports:steps_xlsx", args=["kecamatan-undaan"]), NOVEMBER)

    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][:5] == ("Kode lacak", "SOP", "Versi", "Langkah", "Pelaksana")
    assert len(rows) == 2 + 18
    camat = [row for row in rows[2:] if row[3] == 4]
    # Words, not codes: the SOP's name, the pelaksana's column name, the outcome's label.
    assert {(row[1], row[4], row[10]) for row in camat} == {
        ("Legalisasi SKTM untuk permohonan pengalihan KIS", "Camat", "Selesai")
    }
    assert {row[10] for row in rows[2:] if row[3] == 2} == {"Ya"}
    assert sorted(row[12] for row in camat) == [3, 9, 12]
    assert [row[14] for row in sorted(camat, key=lambda r: r[12])] == ["ya", "tidak", "tidak"]
    assert "Sumarni" not in str(rows)


def test_monitoring_form_export(client, undaan):
    from openpyxl import load_workbook

    history(undaan)
    client.force_login(undaan.camat)
    open_november_form(client)
    form = MonitoringForm.objects.get()

    response = client.get(reverse("reports:monitoring_xlsx", args=[form.pk]))

    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[4] == (
        "No",
        "Prosedur",
        "Penilaian",
        "Catatan hasil penilaian",
        "Tindakan yang harus diambil",
        "Paraf penilai",
    )
    assert rows[5][:3] == (
        1,
        "Legalisasi SKTM untuk permohonan pengalihan KIS",
        "Tidak berjalan dengan baik",
    )
    assert rows[5][5] == "(draf, belum diparaf)"


def test_organisasi_reads_registers_with_names_masked(client, undaan, organisasi):
    history(undaan)
    entry = RegisterEntry.objects.first()
    client.force_login(organisasi)

    page = client.get(
        reverse("registers:book", args=["kecamatan-undaan", "legalisasi-sktm"]), {"tahun": 2026}
    )

    assert page.status_code == 200
    assert entry.subject not in page.content.decode()
    assert entry.formatted in page.content.decode()


def test_wrong_password_on_finalising_keeps_the_typed_notes(client, undaan, settings, tmp_path):
    settings.PRIVATE_DIR = tmp_path
    history(undaan)
    client.force_login(undaan.camat)
    open_november_form(client)
    form = MonitoringForm.objects.get()
    row = form.rows.get()

    refused = client.post(
        reverse("reports:monitoring", args=[form.pk]),
        {
            f"grade-{row.pk}": "Berjalan dengan baik",
            f"notes-{row.pk}": "Catatan Camat " + "x" * 3000,  # too long: nothing is saved
            f"action-{row.pk}": "Jadwal Plh Camat",
            "aksi": "finalkan",
            "password": "x",
        },
    )

    html = refused.content.decode()
    assert refused.status_code == 400
    assert "Catatan Camat xxx" in html and ">Jadwal Plh Camat</textarea>" in html
    assert "<option selected>Berjalan dengan baik</option>" in html
    assert 'name="password" autocomplete="current-password">' in html  # emptied
    row.refresh_from_db()
    assert row.action == ""
