"""Finding a request at the counter by the applicant's name, NIK, KK or tracking code."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from tertib.cases.engine import cancel_case, complete_step, open_record, start_case
from tertib.cases.models import Case, Outcome
from tertib.cases.search import search_text, terms
from tertib.org.testing import make_user

pytestmark = pytest.mark.django_db

NIK = "3319045203850002"
KK = "3319041503120007"


def opened(u, name="Sumarni Rahayu", nik=NIK, office=None, actor=None):
    return start_case(
        sop_version=u.version,
        office=office or u.office,
        actor=actor or u.staf,
        subject=name,
        intake={"nama": name, "nik": nik, "kk": KK},
        at=timezone.now(),
    )


def returned(u, **kwargs):
    case = opened(u, **kwargs)
    case = complete_step(case=case, record_id=open_record(case).pk, actor=u.staf)
    return complete_step(
        case=case,
        record_id=open_record(case).pk,
        actor=u.staf,
        decision=Outcome.TIDAK,
        note="Fotokopi KK belum ada",
    )


def search(client, user, text):
    client.force_login(user)
    return client.get(reverse("cases:search"), {"cari": text})


def codes(response) -> list[str]:
    return [row["case"].code for row in response.context["rows"]]


def test_search_text_holds_code_name_and_identity_digits(undaan):
    text = search_text(
        code="UND-7KQM-X3PA-9RTE",
        subject="  SUMARNI   Rahayu ",
        intake={"nik": "3319 0452 0385 0002", "kk": KK, "alamat": "RT 02"},
        definition=undaan.version.definition,
    )
    assert text == f"und-7kqm-x3pa-9rte und7kqmx3pa9rte sumarni rahayu {NIK} {KK}"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Sumarni", ["sumarni"]),
        ("  sumarni  RAHAYU ", ["sumarni", "rahayu"]),
        ("3319 0452-0385.0002", [NIK]),
        ("su", []),
        ("   ", []),
        ("12", []),
    ],
)
def test_terms_of_a_query(query, expected):
    assert terms(query) == expected


def test_opening_a_case_writes_its_search_text(undaan):
    case = opened(undaan)
    case.refresh_from_db()
    assert case.search_text.split() == [
        case.code.lower(),
        case.code.lower().replace("-", ""),
        "sumarni",
        "rahayu",
        NIK,
        KK,
    ]


def test_search_finds_an_open_request_by_part_of_the_name_in_full(undaan, client):
    case = opened(undaan)
    opened(undaan, name="Slamet Riyadi", nik="3319040101650005")

    response = search(client, undaan.staf, "sumarni")

    assert response.status_code == 200
    assert codes(response) == [case.code]
    row = response.context["rows"][0]
    assert (row["name"], row["number"], row["mine"]) == ("Sumarni Rahayu", NIK, True)
    html = response.content.decode()
    assert "Sumarni Rahayu" in html and NIK in html
    assert f'href="{reverse("cases:detail", args=[case.code])}"' in html


def test_search_finds_by_nik_typed_in_groups(undaan, client):
    case = opened(undaan)
    opened(undaan, name="Slamet Riyadi", nik="3319040101650005")

    response = search(client, undaan.kasi, "3319 0452 0385 0002")

    assert codes(response) == [case.code]


def test_search_finds_by_kk_and_every_word_of_the_name(undaan, client):
    sumarni = opened(undaan)
    opened(undaan, name="Sumarni Wati", nik="3319040101650005")

    assert codes(search(client, undaan.staf, "rahayu sumarni")) == [sumarni.code]
    assert len(codes(search(client, undaan.staf, KK))) == 2


def test_search_by_a_typed_code_opens_the_case(undaan, client):
    case = opened(undaan)
    typed = case.code.lower().replace("-", " ")

    response = search(client, undaan.staf, typed)

    assert response.status_code == 302
    assert response.url == reverse("cases:detail", args=[case.code])


def test_search_by_part_of_a_code_lists_it(undaan, client):
    case = opened(undaan)

    response = search(client, undaan.staf, case.code.split("-")[1])

    assert codes(response) == [case.code]


def test_search_finds_a_returned_request_and_says_where_it_is(undaan, client):
    case = returned(undaan)

    response = search(client, undaan.staf, "Sumarni")

    assert codes(response) == [case.code]
    assert response.context["rows"][0]["where"] == "Menunggu pemohon datang kembali"
    html = response.content.decode()
    assert "Dikembalikan ke pemohon" in html and "Fotokopi KK belum ada" in html


def test_search_says_which_step_and_pelaksana_hold_an_open_request(undaan, client):
    case = opened(undaan)
    complete_step(case=case, record_id=open_record(case).pk, actor=undaan.staf)

    response = search(client, undaan.staf, "Sumarni")

    assert response.context["rows"][0]["where"] == (
        "Langkah 2: Pemeriksaan kelengkapan surat — Staf"
    )


def test_search_leaves_out_closed_requests(undaan, client):
    case = opened(undaan)
    cancel_case(case=case, actor=undaan.staf, reason="Pemohon membatalkan")

    response = search(client, undaan.staf, "Sumarni")

    assert codes(response) == []
    assert "Tidak ada permohonan" in response.content.decode()


def test_search_keeps_other_offices_requests_hidden(undaan, client):
    case = opened(undaan)

    by_name = search(client, undaan.outsider, "Sumarni")
    by_code = search(client, undaan.outsider, case.code)

    assert codes(by_name) == [] and codes(by_code) == []
    assert by_code.status_code == 200
    assert "Rahayu" not in by_name.content.decode()


def test_search_of_the_bagian_organisasi_masks_every_office(undaan, client):
    case = opened(undaan)
    organisasi = make_user("organisasi", full_name="Rahmat Hidayat")
    organisasi.user_permissions.add(Permission.objects.get(codename="view_every_office"))

    response = search(client, organisasi, NIK)

    assert codes(response) == [case.code]
    row = response.context["rows"][0]
    assert (row["name"], row["mine"]) == ("Su***** Ra****", False)
    assert row["number"] != NIK and row["number"].startswith("331904")
    html = response.content.decode()
    assert "Sumarni Rahayu" not in html and f"<td>{NIK}</td>" not in html
    assert reverse("cases:detail", args=[case.code]) not in html


def test_search_drops_direction_marks_and_takes_an_overlong_query_as_none(undaan, client):
    case = opened(undaan)

    marked = search(client, undaan.staf, "Sumar\u202eni")
    overlong = search(client, undaan.staf, "Sumarni " + "x" * 300)

    assert codes(marked) == [case.code]
    assert overlong.status_code == 200
    assert overlong.context["too_short"] is True and codes(overlong) == []


def test_search_asks_for_a_longer_query(undaan, client):
    opened(undaan)

    response = search(client, undaan.staf, "s")

    assert response.context["too_short"] is True and codes(response) == []
    assert "paling sedikit 3 huruf" in response.content.decode()


def test_search_lists_at_most_a_page_and_says_so(undaan, client, monkeypatch):
    monkeypatch.setattr("tertib.cases.views.SEARCH_LIMIT", 2)
    monkeypatch.setattr("tertib.cases.search.SEARCH_LIMIT", 2)
    for _ in range(3):
        opened(undaan)

    response = search(client, undaan.staf, "Sumarni")

    assert len(codes(response)) == 2 and response.context["more"] is True
    assert "Hanya 2 yang terbaru ditampilkan" in response.content.decode()


def test_worklist_names_its_applicants_in_full_with_a_search_box(undaan, client):
    case = opened(undaan)
    complete_step(case=case, record_id=open_record(case).pk, actor=undaan.staf)
    client.force_login(undaan.staf)

    html = client.get(reverse("cases:worklist")).content.decode()

    assert "Sumarni Rahayu" in html
    assert f'action="{reverse("cases:search")}"' in html and 'name="cari"' in html


def test_search_on_the_stored_line_matches_either_database(undaan):
    case = opened(undaan, name="Dewi Sartika")

    assert list(Case.objects.matching(["sartika", "dewi"])) == [case]
    assert list(Case.objects.matching(["sartika", "rahayu"])) == []
    assert list(Case.objects.matching([])) == []
