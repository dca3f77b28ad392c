"""The worklist and the case page: late steps by their due time, a fixed number of queries."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tertib.cases.engine import complete_step, open_record, start_case
from tertib.cases.views import WORKLIST_PAGE
from tertib.lib.dates import tanggal_jam

pytestmark = pytest.mark.django_db


def taken_in(u, when):
    case = start_case(
        sop_version=u.version,
        office=u.office,
        actor=u.staf,
        subject="Sumarni Rahayu",
        intake={"nama": "Sumarni Rahayu"},
        at=when,
    )
    return complete_step(case=case, record_id=open_record(case).pk, actor=u.staf, at=when)


def test_worklist_marks_a_step_late_only_past_its_due_time(undaan, client):
    old = taken_in(undaan, timezone.now() - dt.timedelta(days=10))
    new = taken_in(undaan, timezone.now())
    client.force_login(undaan.staf)
    rows = client.get(reverse("cases:worklist")).context["rows"]
    assert [(row["case"].code, row["late"]) for row in rows] == [
        (old.code, True),
        (new.code, False),
    ]


def test_worklist_queries_do_not_grow_with_its_rows(undaan, client, django_assert_max_num_queries):
    for days in range(5):
        taken_in(undaan, timezone.now() - dt.timedelta(days=days))
    client.force_login(undaan.staf)
    client.get(reverse("cases:worklist"))  # the first page of the day works out the menu
    # session, user, my offices, one page of steps with all and late steps counted, cases with
    # the applicant, the SOPs of my offices (to start, and the services' blocks), notices
    with django_assert_max_num_queries(7):
        response = client.get(reverse("cases:worklist"))
    assert len(response.context["rows"]) == 5


def test_worklist_first_visit_also_works_out_the_menu(
    undaan, client, django_assert_max_num_queries
):
    taken_in(undaan, timezone.now())
    client.force_login(undaan.staf)
    # the 7 above, whether the user has desa (roster menu entry), the session saved with the
    # menu (in a savepoint)
    with django_assert_max_num_queries(11):
        response = client.get(reverse("cases:worklist"))
    assert len(response.context["rows"]) == 1


def test_worklist_pages_the_most_urgent_first(undaan, client):
    start = timezone.now() - dt.timedelta(days=30)
    cases = [taken_in(undaan, start + dt.timedelta(days=n)) for n in range(WORKLIST_PAGE + 2)]
    fresh = taken_in(undaan, timezone.now())
    client.force_login(undaan.staf)

    first = client.get(reverse("cases:worklist"))
    second = client.get(reverse("cases:worklist"), {"halaman": 2})

    assert [row["case"] for row in first.context["rows"]] == cases[:WORKLIST_PAGE]
    assert [row["case"] for row in second.context["rows"]] == [*cases[WORKLIST_PAGE:], fresh]
    assert first.context["late"] == WORKLIST_PAGE + 2
    html = first.content.decode()
    assert f"{WORKLIST_PAGE + 3} langkah" in html
    assert f"{WORKLIST_PAGE + 2} terlambat" in html
    assert "Halaman 1 dari 2" in html
    due = timezone.localtime(first.context["rows"][0]["record"].due_at)
    assert f'<td>{tanggal_jam(due)} <span class="badge late">terlambat</span></td>' in html


def test_worklist_page_out_of_range_shows_the_last(undaan, client):
    taken_in(undaan, timezone.now())
    client.force_login(undaan.staf)

    response = client.get(reverse("cases:worklist"), {"halaman": "99"})

    assert response.context["page"].number == 1
    assert len(response.context["rows"]) == 1


def test_worklist_finds_a_case_by_its_tracking_code(undaan, client):
    case = taken_in(undaan, timezone.now())
    client.force_login(undaan.staf)

    response = client.get(reverse("cases:worklist"), {"kode": f" {case.code.lower()} "})

    assert response.status_code == 302
    assert response.url == reverse("cases:detail", args=[case.code])


def test_worklist_search_keeps_other_offices_cases_hidden(undaan, client):
    case = taken_in(undaan, timezone.now())
    client.force_login(undaan.outsider)

    response = client.get(reverse("cases:worklist"), {"kode": case.code})

    assert response.status_code == 200 and response.context["rows"] == []
    assert "Tidak ada permohonan" in response.content.decode()


def test_case_page_queries(undaan, client, django_assert_max_num_queries):
    case = taken_in(undaan, timezone.now())
    client.force_login(undaan.staf)
    client.get(reverse("cases:worklist"))  # the first page of the day works out the menu
    # session, user, positions, case, steps, documents, attachments, the legalisation draft panel
    with django_assert_max_num_queries(8):
        response = client.get(reverse("cases:detail", args=[case.code]))
    assert response.context["record"] == open_record(case)
    assert response.context["may_act"] is True


def test_worklist_shows_the_newest_returned_cases_and_says_there_are_more(undaan, client):
    returned = []
    for days in range(WORKLIST_PAGE + 1, 0, -1):
        case = taken_in(undaan, timezone.now() - dt.timedelta(days=days))
        record_id = open_record(case).pk
        note = "Persyaratan kurang: Fotokopi KK"
        complete_step(
            case=case, record_id=record_id, actor=undaan.staf, decision="tidak", note=note
        )
        returned.append(case)
    client.force_login(undaan.staf)

    response = client.get(reverse("cases:worklist"))

    assert response.context["returned"] == returned[::-1][:WORKLIST_PAGE]
    assert f"Hanya {WORKLIST_PAGE} yang terbaru ditampilkan." in response.content.decode()


def test_worklist_second_page_counts_every_waiting_and_late_step(undaan, client):
    start = timezone.now() - dt.timedelta(days=30)
    for n in range(WORKLIST_PAGE + 2):
        taken_in(undaan, start + dt.timedelta(days=n))
    taken_in(undaan, timezone.now())
    client.force_login(undaan.staf)

    second = client.get(reverse("cases:worklist"), {"halaman": 2})

    assert (second.context["page"].paginator.count, second.context["late"]) == (
        WORKLIST_PAGE + 3,
        WORKLIST_PAGE + 2,
    )
    assert "Halaman 2 dari 2" in second.content.decode()


@pytest.mark.parametrize(("asked", "shown"), [("x", 1), ("0", 2), ("-1", 2), ("2.5", 1)])
def test_worklist_page_not_a_page_number_shows_the_first_or_the_last(undaan, client, asked, shown):
    for days in range(WORKLIST_PAGE + 1):
        taken_in(undaan, timezone.now() - dt.timedelta(days=days))
    client.force_login(undaan.staf)

    response = client.get(reverse("cases:worklist"), {"halaman": asked})

    assert response.context["page"].number == shown
    assert response.context["late"] == WORKLIST_PAGE


def test_empty_worklist_says_so_and_counts_nothing(undaan, client, django_assert_max_num_queries):
    client.force_login(undaan.staf)
    client.get(reverse("cases:worklist"))
    # session, user, my offices, the first page (empty), returned cases, SOPs, notices
    with django_assert_max_num_queries(7):
        response = client.get(reverse("cases:worklist"))
    assert (response.context["page"].paginator.count, response.context["late"]) == (0, 0)
    assert response.context["rows"] == []
    assert "Tidak ada yang menunggu Anda." in response.content.decode()
