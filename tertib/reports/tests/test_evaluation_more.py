"""More of the yearly evaluation: which times are proposed, how they round, and the drafts."""

import datetime
import shutil

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from tertib.cases.models import AuditEvent
from tertib.lib.durations import Waktu
from tertib.reports.evaluation import (
    DRAFT_MAX,
    DraftError,
    load_draft,
    open_draft,
    open_proposed_draft,
    proposed_times,
    save_draft,
)
from tertib.reports.figures import Period, office_figures
from tertib.reports.models import SopDraft
from tertib.reports.testing import WIB, walk
from tertib.sop.models import Sop

pytestmark = pytest.mark.django_db
YEAR = Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
UNDAAN = "kecamatan-undaan"


def cases(u, camat_minutes: list[int], *, step2: int = 1, step3: int = 1, year: int = 2026):
    for index, minutes in enumerate(camat_minutes):
        at = datetime.datetime(year, 11, 23, 8, index % 60, tzinfo=WIB)
        walk(u, at=at, plan=[(0, 1), (0, step2), (0, step3), (0, minutes)])


def times(u, period=YEAR) -> dict:
    figure = office_figures(u.office, period).sops[0]
    return {t.step_no: t for t in proposed_times(figure)}


def sktm() -> Sop:
    return Sop.objects.get(kode="undaan-legalisasi-sktm")


@pytest.mark.parametrize(
    ("minutes", "proposed"),
    [
        (12, Waktu(15, "menit")),  # above ten minutes: up to a multiple of five
        (11, Waktu(15, "menit")),
        (10, Waktu(10, "menit")),
        (7, Waktu(7, "menit")),
        (4, None),  # exactly its mutu baku
        (2, None),  # half of it is not below half
        (1, Waktu(1, "menit")),  # below half: tightened
    ],
)
def test_proposed_camat_time_from_ten_observations(undaan, minutes, proposed):
    cases(undaan, [minutes] * 10)

    camat = times(undaan)[4]

    assert (camat.count, camat.observed_p90, camat.current) == (10, minutes, Waktu(4, "menit"))
    assert camat.proposed == proposed


def test_the_p90_ignores_one_slow_case_in_ten(undaan):
    cases(undaan, [2] * 9 + [30])

    camat = times(undaan)[4]

    assert camat.observed_p90 == 2
    assert camat.proposed is None


def test_two_slow_cases_in_ten_set_the_p90(undaan):
    cases(undaan, [2] * 8 + [30, 30])

    camat = times(undaan)[4]

    assert (camat.observed_p90, camat.proposed) == (30, Waktu(30, "menit"))


def test_each_step_against_its_own_mutu_baku(undaan):
    # Step 2 (5 minutes): 3 observed is not below half; step 3 (2 minutes): 3 is above it.
    cases(undaan, [4] * 10, step2=3, step3=3)

    proposals = times(undaan)

    assert proposals[2].proposed is None
    assert proposals[3].proposed == Waktu(3, "menit")
    assert proposals[1].proposed is None  # 1 of 1 minute
    assert sorted(proposals) == [1, 2, 3, 4]


def test_the_minimum_of_observations_comes_from_the_settings(undaan, settings):
    settings.EVALUATION_MIN_OBSERVATIONS = 3
    cases(undaan, [9] * 3)

    assert times(undaan)[4].proposed == Waktu(9, "menit")
    settings.EVALUATION_MIN_OBSERVATIONS = 4
    assert times(undaan)[4].proposed is None


def test_only_the_year_evaluated_is_observed(undaan):
    cases(undaan, [9] * 10, year=2025)
    cases(undaan, [9] * 5)

    camat = times(undaan)[4]

    assert (camat.count, camat.proposed) == (5, None)


def test_proposed_draft_carries_the_new_time_the_reason_and_an_event(undaan):
    cases(undaan, [12] * 10, step2=3)  # step 2 in 3 of its 5 minutes: left as it is

    draft = open_proposed_draft(sop=sktm(), office=undaan.office, year=2026, actor=undaan.camat)

    assert draft.reason == (
        "Evaluasi tahun 2026: mutu baku waktu diusulkan langkah 4 menjadi 15 menit, "
        "dari waktu yang teramati."
    )
    assert "      waktu: 15 menit\n" in draft.text
    assert draft.text.count("waktu: 4 menit") == 0
    assert (draft.base_version, draft.created_by, draft.loaded_version) == (
        undaan.version,
        undaan.camat,
        None,
    )
    event = AuditEvent.objects.get(action="buka_draf_sop")
    assert event.payload == {
        "sop": "undaan-legalisasi-sktm",
        "dari_versi": 1,
        "waktu": {"4": "15 menit"},
    }


def test_proposed_draft_without_changes_keeps_the_text(undaan):
    cases(undaan, [4] * 10, step2=3)

    draft = open_proposed_draft(sop=sktm(), office=undaan.office, year=2026, actor=undaan.camat)

    assert draft.reason == "Evaluasi tahun 2026: mutu baku waktu tidak perlu diubah."
    assert draft.text == undaan.version.source_text


def test_a_draft_for_an_sop_of_another_office_is_refused(undaan):
    from tertib.org.models import Office

    jati = Office.objects.get(slug="kecamatan-jati")

    with pytest.raises(DraftError, match="bukan SOP kantor ini"):
        open_proposed_draft(sop=sktm(), office=jati, year=2026, actor=undaan.camat)
    assert not SopDraft.objects.exists()


def test_only_the_assessor_saves_a_draft(undaan):
    draft = open_draft(sop=sktm(), actor=undaan.camat, changes={}, reason="uji")

    for person in (undaan.staf, undaan.kasi, undaan.outsider):
        with pytest.raises(DraftError, match="hanya penilai kantor pemilik SOP"):
            save_draft(draft=draft, actor=person, text="diubah")
    draft.refresh_from_db()
    assert draft.text == undaan.version.source_text


def test_a_draft_over_the_limit_is_refused(undaan):
    draft = open_draft(sop=sktm(), actor=undaan.camat, changes={}, reason="uji")

    with pytest.raises(DraftError, match=f"paling banyak {DRAFT_MAX} karakter"):
        save_draft(draft=draft, actor=undaan.camat, text="#" * (DRAFT_MAX + 1))
    draft.refresh_from_db()
    assert draft.text == undaan.version.source_text


@pytest.fixture
def sop_copy(settings, tmp_path):
    """sops/ copied, so that loading a draft never writes the repository."""
    shutil.copytree(django_settings.SOP_DIR, tmp_path / "sops")
    settings.SOP_DIR = tmp_path / "sops"


def test_a_loaded_draft_is_history_and_cannot_change(undaan, sop_copy):
    draft = open_draft(sop=sktm(), actor=undaan.camat, changes={4: Waktu(9, "menit")}, reason="x")
    draft = load_draft(draft=draft, actor=undaan.camat, text=draft.text)
    text = draft.text

    with pytest.raises(DraftError, match="sudah dimuat sebagai versi baru"):
        save_draft(draft=draft, actor=undaan.camat, text=text + "\n# lagi\n")

    draft.refresh_from_db()
    assert draft.text == text
    event = AuditEvent.objects.get(action="muat_draf_sop")
    assert event.payload == {"sop": "undaan-legalisasi-sktm", "versi": 2}


def test_evaluation_page_shows_the_proposals(client, undaan):
    cases(undaan, [12] * 10)
    client.force_login(undaan.camat)

    page = client.get(reverse("reports:evaluation", args=[UNDAAN, 2026]))

    assert page.status_code == 200
    [(figure, criteria, proposals)] = page.context["sops"]
    assert figure.name == "Legalisasi SKTM untuk permohonan pengalihan KIS"
    assert {p.step_no: p.proposed for p in proposals}[4] == Waktu(15, "menit")
    assert page.context["assessor"] == "Camat Undaan"
    assert "15 menit" in page.content.decode()


def test_opening_a_draft_in_pages_leads_to_it(client, undaan):
    cases(undaan, [12] * 10)
    client.force_login(undaan.camat)

    response = client.post(
        reverse("reports:draft_open", args=[UNDAAN, 2026]), {"sop": "undaan-legalisasi-sktm"}
    )

    draft = SopDraft.objects.get()
    assert response["Location"] == reverse("reports:draft", args=[draft.pk])
    assert "waktu: 15 menit" in draft.text


def test_opening_a_draft_of_an_unknown_sop_is_not_found(client, undaan):
    client.force_login(undaan.camat)

    response = client.post(reverse("reports:draft_open", args=[UNDAAN, 2026]), {"sop": "entah"})

    assert response.status_code == 404
    assert not SopDraft.objects.exists()


def test_saving_a_broken_draft_in_pages_keeps_it_and_lists_problems(client, undaan):
    draft = open_draft(sop=sktm(), actor=undaan.camat, changes={}, reason="uji")
    broken = draft.text.replace("waktu: 4 menit", "waktu: sebentar")
    client.force_login(undaan.camat)

    response = client.post(reverse("reports:draft", args=[draft.pk]), {"text": broken})

    assert response.status_code == 200
    assert "Draf disimpan. Masih ada masalah." in response.content.decode()
    assert "waktu &#x27;sebentar&#x27; tidak dapat dibaca" in response.content.decode()
    draft.refresh_from_db()
    assert draft.text == broken


def test_draft_yaml_download(client, undaan):
    draft = open_draft(sop=sktm(), actor=undaan.camat, changes={4: Waktu(9, "menit")}, reason="x")
    client.force_login(undaan.kasi)

    response = client.get(reverse("reports:draft_yaml", args=[draft.pk]))

    assert response["Content-Type"] == "application/yaml; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="undaan-legalisasi-sktm-draf.yaml"'
    )
    assert response.content.decode() == draft.text
