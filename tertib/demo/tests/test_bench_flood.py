"""The PDF-flood bench measures what it says: every SOP version's PDF, a real case's tracking
page, twelve clients in a process of their own; the figures count what was fetched."""

import pytest

from tertib.cases.engine import start_case
from tertib.demo import bench_flood

pytestmark = pytest.mark.django_db(transaction=True)


def tracked_case(undaan):
    return start_case(
        sop_version=undaan.version,
        office=undaan.office,
        actor=undaan.staf,
        subject="Sumarni",
        intake={"nama": "Sumarni"},
    )


def test_paths_name_every_version_pdf_and_a_real_case(undaan, write_sop):
    from conftest import SKTM
    from tertib.sop.loading import load_file

    text = SKTM.read_text(encoding="utf-8")
    load_file(write_sop(text.replace("waktu: 4 menit", "waktu: 9 menit")))
    case = tracked_case(undaan)

    assert bench_flood.pdf_paths() == [
        "/sop/undaan-legalisasi-sktm/v1.pdf",
        "/sop/undaan-legalisasi-sktm/v2.pdf",
    ]
    assert bench_flood.track_path() == f"/lacak/{case.code}/"


def test_flood_figures_count_what_was_fetched(undaan, live_server, settings):
    settings.PUBLIC_LOOKUPS_PER_MINUTE = 10**9
    track = f"/lacak/{tracked_case(undaan).code}/"

    flood = bench_flood.measure(
        base=live_server.url, track=track, pdfs=bench_flood.pdf_paths(), requests=10, clients=3
    )

    assert (len(flood.idle), len(flood.flooded), flood.track_errors) == (10, 10, 0)
    assert flood.pdfs >= 24 and flood.pdf_errors == 0  # measured only once the flood flowed


def test_failed_requests_are_counted_not_timed(undaan, live_server):
    seconds, errors = bench_flood.timed(live_server.url + "/lacak/TIDAK-ADA/", 3)

    assert (seconds, errors) == ([], 3)
