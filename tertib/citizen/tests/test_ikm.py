"""IKM figures of an office: the worked example through the database, the staff page, the
semester report, the raw answers, and the IKM beside the step times on the report pages."""

import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tertib.cases.testing import pdf_text
from tertib.citizen.figures import office_ikm
from tertib.citizen.testing import answered, served
from tertib.citizen.tests.test_skm import WORKED
from tertib.org.testing import make_user
from tertib.reports.figures import Period, semester
from tertib.reports.testing import WIB

pytestmark = pytest.mark.django_db
MONDAY = datetime.date(2026, 11, 23)
NOVEMBER = {"dari": "2026-11-01", "sampai": "2026-11-30"}
SEMESTER = {"semester": "2026-2"}
BESIDE = (
    "<strong>Survei kepuasan (IKM):</strong> 78,47, mutu B (Baik) — 4 responden (sampel minimum"
    " 5). Waktu penyelesaian menurut warga 62,50, terukur 100 % selesai dalam mutu baku. Unsur "
    "terlemah: U3 Waktu penyelesaian (2,50); U8 Penanganan pengaduan, saran dan masukan (2,50); "
    "U9 Sarana dan prasarana (2,75)."
)


@pytest.fixture
def surveyed(undaan, settings, tmp_path):
    """Five SKTM requests served in November; four answered the worked example's answers."""
    settings.PRIVATE_DIR = tmp_path
    cases = [served(undaan, day=MONDAY) for _ in range(5)]
    at = datetime.datetime(2026, 11, 24, 10, tzinfo=WIB)
    facts = [
        {"sex": "P", "education": "sma", "occupation": "petani", "age": 40},
        {"sex": "L", "education": "sd"},
        {"sex": "P", "saran": "Antrean di loket perlu nomor"},
        {},
    ]
    for case, answers, fact in zip(cases, WORKED, facts, strict=False):
        answered(case, answers, at=at, **fact)
    return undaan


@pytest.fixture
def organisasi(db):
    user = make_user("organisasi", full_name="Rahmat Hidayat")
    user.user_permissions.add(Permission.objects.get(codename="view_every_office"))
    return user


def test_office_figures_follow_the_worked_example(surveyed):
    figures = office_ikm(surveyed.office, semester(2026, 2))

    sktm = figures.of(surveyed.version.sop)
    assert sktm.respondents == 4
    assert sktm.population == 5
    assert (sktm.minimum_sample, sktm.enough) == (5, False)
    assert sktm.ikm == Decimal("78.47")
    assert str(sktm.grade) == "B (Baik)"
    assert [e.element.no for e in sktm.weakest[:3]] == [3, 8, 9]
    assert sktm.waktu.score_text == "62,50"
    assert figures.total.ikm == Decimal("78.47")


def test_answers_outside_the_period_do_not_count(surveyed):
    figures = office_ikm(surveyed.office, semester(2026, 1))

    assert figures.total.respondents == 0
    assert figures.total.ikm is None
    assert figures.total.grade is None


def test_camat_dashboard_shows_the_ikm_beside_the_step_times(client, surveyed):
    client.force_login(surveyed.camat)

    text = client.get(reverse("reports:dashboard", args=["kecamatan-undaan"]), NOVEMBER)

    assert BESIDE in text.content.decode()


def test_monitoring_form_and_evaluation_show_the_ikm(client, surveyed):
    client.force_login(surveyed.camat)
    url = reverse("reports:monitoring_open", args=["kecamatan-undaan"])
    form = client.post(url + "?dari=2026-11-01&sampai=2026-11-30", follow=True)
    evaluation = client.get(reverse("reports:evaluation", args=["kecamatan-undaan", 2026]))

    assert BESIDE in form.content.decode()
    assert "78,47, mutu B (Baik)" in evaluation.content.decode()


def test_ikm_page_for_the_office_and_the_kabupaten_only(client, surveyed, organisasi):
    client.force_login(surveyed.camat)
    page = client.get(reverse("ikm:office", args=["kecamatan-undaan"]), SEMESTER)
    client.force_login(surveyed.outsider)
    outsider = client.get(reverse("ikm:office", args=["kecamatan-undaan"]), SEMESTER)
    client.force_login(organisasi)
    kabupaten = client.get(reverse("ikm:office", args=["kecamatan-undaan"]), SEMESTER)
    client.logout()
    anonymous = client.get(reverse("ikm:office", args=["kecamatan-undaan"]))

    text = page.content.decode()
    assert '<span id="ikm-total">78,47</span> — mutu B (Baik)' in text
    assert "4 responden dari 5 permohonan yang dilayani; sampel minimum (Krejcie–Morgan) 5" in text
    assert "Jenis kelamin:</strong> Laki-laki 1; Perempuan 2; Tidak diisi 1" in text
    assert "<li>Antrean di loket perlu nomor</li>" in text
    assert "Masukkan kuesioner kertas" in text
    assert outsider.status_code == 404
    assert kabupaten.status_code == 200
    assert "Masukkan kuesioner kertas" not in kabupaten.content.decode()
    assert anonymous.status_code == 302


def test_bad_semester_names_the_field(client, surveyed):
    client.force_login(surveyed.camat)

    response = client.get(reverse("ikm:office", args=["kecamatan-undaan"]), {"semester": "2026-3"})

    assert response.status_code == 400
    assert "Semester: tulis seperti 2026-2." in response.content.decode()


def test_semester_report_pdf(client, surveyed):
    client.force_login(surveyed.camat)

    response = client.get(reverse("ikm:pdf", args=["kecamatan-undaan"]), SEMESTER)

    text = " ".join(pdf_text(response.content).split())
    assert response["Content-Type"] == "application/pdf"
    assert "LAPORAN HASIL SURVEI KEPUASAN MASYARAKAT" in text
    assert "Semester II 2026 (1 Juli 2026 s.d. 31 Desember 2026)" in text
    assert "4 responden dari 5 permohonan yang dilayani" in text
    assert "(jumlah NRR sembilan unsur ÷ 9) × 25 = 78,47; mutu pelayanan B (Baik)" in text
    assert "88,31 – 100,00" in text
    assert "U3 Waktu penyelesaian 2,50" in text


def test_raw_answers_xlsx_has_no_personal_data(client, surveyed):
    from openpyxl import load_workbook

    client.force_login(surveyed.camat)

    response = client.get(reverse("ikm:xlsx", args=["kecamatan-undaan"]), SEMESTER)

    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:5] == ("No", "Layanan (SOP)", "Tanggal diisi", "Cara", "U1 Persyaratan")
    assert len(rows) == 5
    assert rows[1][1:] == (
        "undaan-legalisasi-sktm",
        datetime.datetime(2026, 11, 24),
        "Daring (tautan pada tanda terima)",
        *WORKED[0],
        40,
        "Perempuan",
        "SMA/SMK",
        "Petani/nelayan",
        None,
    )
    codes = {case.code for case in surveyed.office.cases.all()}
    cells = {str(cell) for row in rows for cell in row}
    assert not codes & cells
    assert "Sumarni" not in " ".join(cells)


def test_period_grade_table_is_the_one_in_force(surveyed, settings):
    settings.SKM_GRADE_TABLES = [
        {"berlaku": "2017-01-01", "A": "88.31", "B": "76.61", "C": "65.00"},
        {"berlaku": "2026-07-01", "A": "90.00", "B": "80.00", "C": "70.00"},
    ]

    november = office_ikm(
        surveyed.office, Period(datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
    )

    assert str(november.total.grade) == "C (Kurang Baik)"


def test_figures_take_three_queries_however_many_answers(surveyed, django_assert_num_queries):
    # the office's SOPs, the answers grouped by SOP, the served requests grouped by SOP
    with django_assert_num_queries(3):
        figures = office_ikm(surveyed.office, semester(2026, 2))

    assert figures.total.respondents == 4
