"""Report pages: the period asked for, and who may see what (another office sees nothing)."""

import datetime

import pytest
from django.urls import reverse

from tertib.lib.durations import Waktu
from tertib.reports.evaluation import open_draft
from tertib.reports.figures import Period
from tertib.reports.models import MonitoringForm, SopDraft
from tertib.reports.monitoring import open_form
from tertib.reports.testing import WIB, walk
from tertib.sop.models import Sop

pytestmark = pytest.mark.django_db
UNDAAN = "kecamatan-undaan"
NOVEMBER = {"dari": "2026-11-01", "sampai": "2026-11-30"}


def one_case(u):
    walk(
        u,
        at=datetime.datetime(2026, 11, 23, 8, tzinfo=WIB),
        plan=[(0, 1), (0, 1), (0, 1), (0, 9), (0, 1), (0, 1)],
    )


def november_form(u) -> MonitoringForm:
    period = Period(datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
    return open_form(office=u.office, period=period, actor=u.camat)


def a_draft(u) -> SopDraft:
    sop = Sop.objects.get(kode="undaan-legalisasi-sktm")
    return open_draft(sop=sop, actor=u.camat, changes={4: Waktu(9, "menit")}, reason="uji")


def get(client, user, url, params=None):
    client.force_login(user)
    return client.get(url, params or {})


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"semester": "2026"}, "Semester: tulis seperti 2026-2."),
        ({"semester": "dua-2026"}, "Semester: tulis seperti 2026-2."),
        ({"semester": "2026-0"}, "Semester: tulis seperti 2026-2."),
        ({"dari": "2026-11-01"}, "Tanggal sampai: &#x27;&#x27; bukan tanggal (tttt-bb-hh)."),
        ({"sampai": "2026-11-30"}, "Tanggal dari: &#x27;&#x27; bukan tanggal (tttt-bb-hh)."),
        (
            {"dari": "2026-11-01", "sampai": "30-11-2026"},
            "Tanggal sampai: &#x27;30-11-2026&#x27; bukan tanggal",
        ),
        ({"dari": "2026-02-30", "sampai": "2026-03-01"}, "Tanggal dari: &#x27;2026-02-30&#x27;"),
    ],
)
def test_a_bad_period_is_refused_naming_the_field(client, undaan, params, message):
    response = get(client, undaan.camat, reverse("reports:dashboard", args=[UNDAAN]), params)

    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_semester_asked_for_is_shown_by_its_name(client, undaan):
    response = get(
        client, undaan.camat, reverse("reports:dashboard", args=[UNDAAN]), {"semester": "2026-1"}
    )

    assert response.status_code == 200
    assert response.context["period"] == Period(
        datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)
    )
    assert "Semester I 2026" in response.content.decode()


def test_three_years_is_the_longest_period(client, undaan):
    url = reverse("reports:dashboard", args=[UNDAAN])
    start = datetime.date(2024, 1, 1)
    longest = start + datetime.timedelta(days=3 * 366)

    fits = get(client, undaan.camat, url, {"dari": start, "sampai": longest})
    too_long = get(
        client, undaan.camat, url, {"dari": start, "sampai": longest + datetime.timedelta(days=1)}
    )

    assert fits.status_code == 200
    assert too_long.status_code == 400
    assert "Periode: paling lama tiga tahun." in too_long.content.decode()


def test_step_export_refuses_a_bad_period_as_plain_text(client, undaan):
    response = get(
        client,
        undaan.camat,
        reverse("reports:steps_xlsx", args=[UNDAAN]),
        {"dari": "2026-11-30", "sampai": "2026-11-01"},
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == "Tanggal sampai: tidak boleh sebelum tanggal dari."


def test_one_office_user_goes_straight_to_its_dashboard(client, undaan):
    response = get(client, undaan.staf, reverse("reports:index"))

    assert response.status_code == 302
    assert response["Location"] == reverse("reports:dashboard", args=[UNDAAN])


def test_reports_need_a_login(client, undaan):
    response = client.get(reverse("reports:dashboard", args=[UNDAAN]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


def test_an_unknown_office_is_not_found(client, undaan):
    response = get(client, undaan.camat, reverse("reports:dashboard", args=["kecamatan-entah"]))

    assert response.status_code == 404


def test_outsider_gets_404_on_every_page_of_another_office(client, undaan):
    one_case(undaan)
    form, draft = november_form(undaan), a_draft(undaan)
    client.force_login(undaan.outsider)
    urls = [
        reverse("reports:dashboard", args=[UNDAAN]),
        reverse("reports:steps_xlsx", args=[UNDAAN]),
        reverse("reports:monitoring_list", args=[UNDAAN]),
        reverse("reports:monitoring", args=[form.pk]),
        reverse("reports:monitoring_pdf", args=[form.pk]),
        reverse("reports:monitoring_xlsx", args=[form.pk]),
        reverse("reports:evaluation", args=[UNDAAN, 2026]),
        reverse("reports:draft", args=[draft.pk]),
        reverse("reports:draft_yaml", args=[draft.pk]),
        reverse("reports:kabupaten"),
    ]

    assert {url: client.get(url, NOVEMBER).status_code for url in urls} == {
        url: 404 for url in urls
    }


def test_outsider_changes_nothing_of_another_office(client, undaan):
    one_case(undaan)
    form, draft = november_form(undaan), a_draft(undaan)
    row = form.rows.get()
    text = draft.text
    client.force_login(undaan.outsider)

    posts = [
        client.post(reverse("reports:monitoring_open", args=[UNDAAN]) + "?semester=2026-1"),
        client.post(
            reverse("reports:monitoring", args=[form.pk]),
            {f"grade-{row.pk}": "Berjalan dengan baik", f"action-{row.pk}": "x", "aksi": "simpan"},
        ),
        client.post(reverse("reports:draft_open", args=[UNDAAN, 2026]), {"sop": draft.sop.kode}),
        client.post(reverse("reports:draft", args=[draft.pk]), {"text": "rusak"}),
        client.post(reverse("reports:draft_to_studio", args=[draft.pk])),
    ]

    assert [p.status_code for p in posts] == [404] * 5
    assert (MonitoringForm.objects.count(), SopDraft.objects.count()) == (1, 1)
    row.refresh_from_db()
    draft.refresh_from_db()
    assert (row.grade, row.action, draft.text) == ("Tidak berjalan dengan baik", "", text)


def test_a_colleague_reads_the_form_but_may_not_save_it(client, undaan):
    one_case(undaan)
    form = november_form(undaan)
    row = form.rows.get()
    client.force_login(undaan.kasi)

    page = client.get(reverse("reports:monitoring", args=[form.pk]))
    saved = client.post(
        reverse("reports:monitoring", args=[form.pk]),
        {f"grade-{row.pk}": "Berjalan dengan baik", "aksi": "simpan"},
    )

    assert page.status_code == 200
    assert "Legalisasi SKTM untuk permohonan pengalihan KIS" in page.content.decode()
    assert saved.status_code == 400
    assert "Hanya penilai kantor ini" in saved.content.decode()
    row.refresh_from_db()
    assert row.grade == "Tidak berjalan dengan baik"


def test_the_kabupaten_recap_is_for_the_bagian_organisasi_only(client, undaan, organisasi):
    one_case(undaan)

    camat = get(client, undaan.camat, reverse("reports:kabupaten"), NOVEMBER)
    recap = get(client, organisasi, reverse("reports:kabupaten"), NOVEMBER)

    assert camat.status_code == 404
    assert recap.status_code == 200
    assert "Kecamatan Undaan" in recap.content.decode()
    assert "Kecamatan Jati" not in recap.content.decode()  # no SOP, no row


def test_recap_shows_the_saved_form_not_a_fresh_proposal(client, undaan, organisasi):
    from tertib.reports.monitoring import save_form

    one_case(undaan)
    form = november_form(undaan)
    row = form.rows.get()
    save_form(
        form=form,
        actor=undaan.camat,
        entries={row.pk: {"grade": "Berjalan dengan baik", "notes": "Dinilai baik oleh Camat"}},
    )

    recap = get(client, organisasi, reverse("reports:kabupaten"), NOVEMBER).content.decode()

    assert "Dinilai baik oleh Camat" in recap
    assert "Langkah 4 (Camat) terlambat" not in recap


def test_organisasi_dashboard_shows_figures_but_no_applicant(client, undaan, organisasi):
    one_case(undaan)

    page = get(client, organisasi, reverse("reports:dashboard", args=[UNDAAN]), NOVEMBER)

    assert page.status_code == 200
    assert "Sumarni" not in page.content.decode()
    assert page.context["figures"].sops[0].finished == 1


def test_organisasi_sees_the_monitoring_form_without_editing_it(client, undaan, organisasi):
    one_case(undaan)
    form = november_form(undaan)

    page = get(client, organisasi, reverse("reports:monitoring", args=[form.pk]))

    assert page.status_code == 200
    assert page.context["assessor"] is None
    assert 'name="password"' not in page.content.decode()


def test_monitoring_list_proposes_rows_from_the_facts(client, undaan):
    one_case(undaan)

    page = get(client, undaan.camat, reverse("reports:monitoring_list", args=[UNDAAN]), NOVEMBER)

    [row] = page.context["rows"]
    assert (row["procedure"], row["proposed_grade"]) == (
        "Legalisasi SKTM untuk permohonan pengalihan KIS",
        "Tidak berjalan dengan baik",
    )
    assert page.context["assessor"] == "Camat Undaan"
    assert page.context["existing"] is None


def test_opening_the_form_with_a_bad_period_opens_nothing(client, undaan):
    client.force_login(undaan.camat)

    response = client.post(
        reverse("reports:monitoring_open", args=[UNDAAN]) + "?semester=2026-7", follow=True
    )

    assert "Semester: tulis seperti 2026-2." in response.content.decode()
    assert not MonitoringForm.objects.exists()


def test_opening_the_form_twice_in_pages_gives_the_same_form(client, undaan):
    client.force_login(undaan.camat)
    url = reverse("reports:monitoring_open", args=[UNDAAN]) + "?semester=2026-1"

    first, second = client.post(url), client.post(url)

    form = MonitoringForm.objects.get()
    assert first["Location"] == second["Location"] == reverse("reports:monitoring", args=[form.pk])
    assert (form.period_start, form.period_end) == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 6, 30),
    )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"dari": "9999-12-31", "sampai": "9999-12-31"}, "Tanggal dari: tahun 9999 di luar"),
        ({"semester": "9999-2"}, "Semester: tahun 9999 di luar 2000–2100."),
        ({"dari": "0001-01-01", "sampai": "0001-01-02"}, "Tanggal dari: tahun 1 di luar"),
        ({"dari": "2026-01-01", "sampai": "2101-01-01"}, "Tanggal sampai: tahun 2101 di luar"),
        ({"semester": "dua-ribu"}, "Semester: tulis seperti 2026-2."),
    ],
)
def test_a_period_at_the_calendars_edge_is_refused_not_a_server_error(
    client, undaan, params, message
):
    response = get(client, undaan.camat, reverse("reports:dashboard", args=[UNDAAN]), params)

    assert response.status_code == 400
    assert message in response.content.decode()
    export = get(client, undaan.camat, reverse("reports:steps_xlsx", args=[UNDAAN]), params)
    assert export.status_code == 400


@pytest.mark.parametrize("year", [0, 1999, 2101, 9999])
def test_an_impossible_evaluation_year_is_not_found(client, undaan, year):
    response = get(client, undaan.camat, reverse("reports:evaluation", args=[UNDAAN, year]))

    assert response.status_code == 404
