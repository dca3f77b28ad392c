"""The yearly evaluation proposes new times from what was observed and opens a draft version."""

import datetime
import shutil

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

from tertib.lib.durations import Waktu
from tertib.org.testing import make_user
from tertib.reports.evaluation import (
    DraftError,
    criteria,
    load_draft,
    open_draft,
    proposed_times,
    revised_text,
)
from tertib.reports.figures import Period, office_figures
from tertib.reports.testing import WIB, walk
from tertib.sop.models import Sop

pytestmark = pytest.mark.django_db
YEAR = Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def year_of_cases(u, count: int, camat_minutes: int = 9):
    for index in range(count):
        at = datetime.datetime(2026, 11, 23, 8, index, tzinfo=WIB)
        walk(u, at=at, plan=[(0, 1), (0, 1), (0, 1), (0, camat_minutes)])


def sktm(u):
    figures = office_figures(u.office, YEAR)
    return figures.sops[0], figures


def test_slow_step_gets_its_observed_time_and_loose_one_is_tightened(undaan):
    year_of_cases(undaan, 10)

    times = {t.step_no: t for t in proposed_times(sktm(undaan)[0])}

    assert (times[4].observed_p90, times[4].proposed) == (9, Waktu(9, "menit"))
    assert (times[2].observed_p90, times[2].proposed) == (1, Waktu(1, "menit"))  # 5 is loose
    assert times[3].proposed is None  # 1 against 2 minutes: close enough
    assert 5 not in times  # never reached


def test_too_few_observations_propose_nothing(undaan):
    year_of_cases(undaan, 9)

    assert [t.proposed for t in proposed_times(sktm(undaan)[0])] == [None] * 4


def test_criteria_come_with_their_facts(undaan):
    year_of_cases(undaan, 2)

    items = criteria(*sktm(undaan))

    assert items[0]["teks"] == "Mampu mendorong peningkatan kinerja"
    assert items[2]["fakta"][0] == "Langkah 4 (Camat): p90 9 menit terhadap mutu baku 4 menit"
    assert items[3]["fakta"][0].startswith(
        "Langkah diselesaikan oleh 3 pejabat: Siti Aminah (4 langkah)"
    )


def test_revised_text_changes_only_the_waktu_and_keeps_comments(undaan):
    text = undaan.version.source_text

    revised = revised_text(text, {4: Waktu(9, "menit")})

    changed = [
        (a, b) for a, b in zip(text.splitlines(), revised.splitlines(), strict=True) if a != b
    ]
    assert changed == [("      waktu: 4 menit", "      waktu: 9 menit")]


@pytest.fixture
def sop_copy(settings, tmp_path):
    """sops/ copied, so that loading a draft writes the copy and not the repository."""
    shutil.copytree(django_settings.SOP_DIR, tmp_path / "sops")
    settings.SOP_DIR = tmp_path / "sops"
    return tmp_path / "sops" / "kecamatan-undaan" / "legalisasi-sktm.yaml"


def test_draft_is_stored_as_the_new_version_and_sop_load_keeps_it(undaan, sop_copy):
    sop = Sop.objects.get(kode="undaan-legalisasi-sktm")
    draft = open_draft(sop=sop, actor=undaan.camat, changes={4: Waktu(9, "menit")}, reason="uji")

    loaded = load_draft(draft=draft, actor=undaan.camat, text=draft.text)

    sop.refresh_from_db()
    assert (loaded.loaded_version, sop.current_version.number) == (sop.current_version, 2)
    assert sop.current_version.definition.langkah[3].mutu_baku.waktu == "9 menit"
    assert sop.current_version.approved_by == undaan.camat
    # The version lives in the database: the file under sops/ is untouched, and loading it
    # again (its content is version 1's) does not silently bring version 1 back.
    assert "waktu: 9 menit" not in sop_copy.read_text()
    call_command("sop_load")
    sop.refresh_from_db()
    assert sop.current_version.number == 2


def test_broken_draft_is_refused_with_its_line_and_nothing_changes(undaan, sop_copy):
    sop = Sop.objects.get(kode="undaan-legalisasi-sktm")
    before = sop_copy.read_text()
    draft = open_draft(sop=sop, actor=undaan.camat, changes={}, reason="uji")
    broken = draft.text.replace("waktu: 4 menit", "waktu: sebentar")

    with pytest.raises(DraftError) as refused:
        load_draft(draft=draft, actor=undaan.camat, text=broken)

    [problem] = refused.value.problems
    assert problem.line == broken.splitlines().index("      waktu: sebentar") + 1
    assert "waktu 'sebentar' tidak dapat dibaca" in problem.message
    assert sop_copy.read_text() == before
    sop.refresh_from_db()
    assert sop.current_version.number == 1
    draft.refresh_from_db()
    assert draft.loaded_version is None


def test_unchanged_draft_is_refused(undaan, sop_copy):
    sop = Sop.objects.get(kode="undaan-legalisasi-sktm")
    draft = open_draft(sop=sop, actor=undaan.camat, changes={}, reason="uji")

    with pytest.raises(DraftError, match="tidak ada yang berubah"):
        load_draft(draft=draft, actor=undaan.camat, text=draft.text)


def test_only_the_office_assessor_opens_drafts(undaan):
    sop = Sop.objects.get(kode="undaan-legalisasi-sktm")
    for person in (undaan.staf, undaan.outsider, make_user("tamu")):
        with pytest.raises(DraftError, match="hanya penilai"):
            open_draft(sop=sop, actor=person, changes={}, reason="")


def test_draft_page_is_headed_by_the_sop_name_not_its_kode(client, undaan):
    sop = Sop.objects.get(kode="undaan-legalisasi-sktm")
    draft = open_draft(sop=sop, actor=undaan.camat, changes={4: Waktu(9, "menit")}, reason="uji")
    client.force_login(undaan.camat)

    html = client.get(f"/laporan/draf/{draft.pk}/").content.decode()

    assert "<h1>Draf versi berikutnya: Legalisasi SKTM untuk permohonan pengalihan KIS</h1>" in html
    assert (
        "<title>Draf SOP Legalisasi SKTM untuk permohonan pengalihan KIS — Tertib</title>" in html
    )
