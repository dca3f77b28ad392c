"""Public tracking and verification: long codes, a rate limit, fixed sentences."""

import re

import pytest
from django.urls import reverse

from tertib.cases.engine import CODE_ALPHABET, complete_step, new_code, open_record, start_case
from tertib.cases.public_views import STATE_SENTENCES, typed_code

CODE = re.compile(r"UND-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}")
NOTE = "Fotokopi KK kurang. NIK 3319045202800002, Jl. Kenanga 12 RT 03/RW 02 Kutuk"


def start(undaan):
    return start_case(
        sop_version=undaan.version,
        office=undaan.office,
        actor=undaan.staf,
        subject="Sumarni",
        intake={"nama": "Sumarni"},
    )


def test_tracking_code_has_sixty_bits_in_groups_without_look_alikes(undaan):
    codes = {new_code(undaan.office) for _ in range(2000)}

    assert len(codes) == 2000
    assert all(CODE.fullmatch(code) for code in codes)
    assert len(CODE_ALPHABET) ** 12 >= 2**60
    assert not set("01IO") & set(CODE_ALPHABET)


@pytest.mark.parametrize(
    "typed",
    ["und-7kqm-x3pa-9rte", " UND 7KQM X3PA 9RTE ", "UND7KQMX3PA9RTE", "und-7kqmx3pa9rte"],
)
def test_code_typed_any_way_is_found(typed):
    assert typed_code(typed) == "UND-7KQM-X3PA-9RTE"


def test_old_six_letter_codes_still_work():
    assert typed_code("und-abcdef") == "UND-ABCDEF"


def test_tracking_page_finds_the_case_from_a_loosely_typed_code(client, undaan):
    case = start(undaan)

    response = client.get(reverse("public:track_form"), {"kode": case.code.lower()}, follow=True)

    assert response.status_code == 200
    assert f"Permohonan {case.code}" in response.text


def test_return_note_is_never_shown_to_the_public(client, undaan):
    case = start(undaan)
    case = complete_step(case=case, record_id=open_record(case).pk, actor=undaan.staf)
    case = complete_step(
        case=case, record_id=open_record(case).pk, actor=undaan.staf, decision="tidak", note=NOTE
    )

    response = client.get(reverse("public:track", args=[case.code]))

    assert case.state == "menunggu_pemohon"
    assert "3319045202800002" not in response.text and "Kenanga" not in response.text
    assert STATE_SENTENCES["menunggu_pemohon"] in response.text


def test_every_state_has_a_sentence():
    assert set(STATE_SENTENCES) == {
        "berjalan",
        "menunggu_pemohon",
        "selesai",
        "ditolak",
        "dibatalkan",
    }


@pytest.mark.parametrize("url", ["/lacak/UND-AAAA-BBBB-CCCC/", "/verifikasi/ABCDEFGHJK/"])
def test_guessing_codes_is_limited_per_address(client, db, settings, url):
    settings.PUBLIC_LOOKUPS_PER_MINUTE = 30
    statuses = [client.get(url, REMOTE_ADDR="203.0.113.9").status_code for _ in range(31)]

    other = client.get(url, REMOTE_ADDR="198.51.100.1")

    assert statuses == [404] * 30 + [429]
    assert other.status_code == 404
    refused = client.get(url, REMOTE_ADDR="203.0.113.9")
    assert "Terlalu banyak permintaan dari alamat Anda. Coba lagi" in refused.text


def test_monitoring_verification_is_limited_too(client, db, settings):
    settings.PUBLIC_LOOKUPS_PER_MINUTE = 2
    statuses = [client.get("/laporan/verifikasi/ABCDEFGHJK/").status_code for _ in range(3)]

    assert statuses == [404, 404, 429]
