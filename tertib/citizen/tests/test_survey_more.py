"""More of the SKM survey as citizens and staff rely on it: a tampered or voided link, what one
answer writes (and what a refused one does not), and IKM figures worked by hand from the rows."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tertib.cases.engine import cancel_case, open_record, reject_case
from tertib.cases.models import AuditEvent, Case
from tertib.citizen.figures import office_ikm
from tertib.citizen.models import SurveyResponse
from tertib.citizen.survey import CitizenAction, SurveyError, record_survey, survey_token
from tertib.citizen.testing import answered, served
from tertib.reports.figures import semester
from tertib.reports.testing import WIB, walk

pytestmark = pytest.mark.django_db
MONDAY = datetime.date(2026, 11, 23)
TUESDAY_10 = datetime.datetime(2026, 11, 24, 10, tzinfo=WIB)
GOOD = {f"u{n}": "3" for n in range(1, 10)}
UNKNOWN = "Tautan survei ini tidak dikenal"


def link(code: str, token: str) -> str:
    return reverse("survey:answer", args=[code, token])


def own_link(case) -> str:
    return link(case.code, survey_token(case.code))


def open_sktm(u) -> Case:
    """An SKTM request with its first step done, still in progress."""
    return walk(
        u, at=datetime.datetime.combine(MONDAY, datetime.time(8), tzinfo=WIB), plan=[(0, 1)]
    )


# The link ---------------------------------------------------------------------------------


def test_a_token_with_one_character_changed_is_unknown_and_stores_nothing(client, undaan):
    case = served(undaan, day=MONDAY)
    token = survey_token(case.code)
    tampered = token[:-1] + ("0" if token[-1] != "0" else "1")

    page = client.get(link(case.code, tampered))
    sent = client.post(link(case.code, tampered), GOOD)

    assert (page.status_code, sent.status_code) == (404, 404)
    assert UNKNOWN in sent.content.decode()
    assert SurveyResponse.objects.count() == 0


def test_a_shortened_token_is_unknown(client, undaan):
    case = served(undaan, day=MONDAY)

    response = client.get(link(case.code, survey_token(case.code)[:23]))

    assert response.status_code == 404


def test_one_cases_token_does_not_open_another_case(client, undaan):
    first, second = served(undaan, day=MONDAY), served(undaan, day=MONDAY)

    response = client.post(link(second.code, survey_token(first.code)), GOOD)

    assert response.status_code == 404
    assert SurveyResponse.objects.count() == 0


def test_a_printed_link_is_void_once_the_key_changes(client, undaan, settings):
    case = served(undaan, day=MONDAY)
    printed = own_link(case)
    settings.SURVEY_KEY = "kunci-baru-setelah-bocor"

    old = client.post(printed, GOOD)
    new = client.get(own_link(case))

    assert old.status_code == 404 and UNKNOWN in old.content.decode()
    assert new.status_code == 200
    assert SurveyResponse.objects.count() == 0


def test_the_code_in_the_link_may_be_typed_in_lower_case(client, undaan):
    case = served(undaan, day=MONDAY)

    response = client.post(link(case.code.lower(), survey_token(case.code)), GOOD)

    assert response.status_code == 200
    assert SurveyResponse.objects.get().case == case


# One answer per receipt -----------------------------------------------------------------


def test_an_answer_stores_the_nine_values_and_its_audit_event(client, undaan):
    case = served(undaan, day=MONDAY)
    values = {f"u{n}": str(1 + n % 4) for n in range(1, 10)}

    client.post(own_link(case), {**values, "age": "", "sex": "L"})

    row = SurveyResponse.objects.get()
    assert [getattr(row, f"u{n}") for n in range(1, 10)] == [2, 3, 4, 1, 2, 3, 4, 1, 2]
    assert (row.case, row.office, row.sop) == (case, undaan.office, undaan.version.sop)
    assert (row.channel, row.entered_by, row.age, row.sex) == ("online", None, None, "L")
    event = AuditEvent.objects.get(action=CitizenAction.SURVEI)
    assert (event.case, event.actor, event.payload) == (case, None, {"cara": "online"})


def test_a_second_answer_through_the_page_keeps_the_first(client, undaan):
    case = served(undaan, day=MONDAY)
    client.post(own_link(case), {**GOOD, "u1": "4"})

    again = client.post(own_link(case), {**GOOD, "u1": "1"})

    assert again.status_code == 409
    assert "sudah diisi" in again.content.decode()
    assert SurveyResponse.objects.get().u1 == 4
    assert AuditEvent.objects.filter(action=CitizenAction.SURVEI).count() == 1


def test_a_rejected_request_was_served_and_may_be_rated(client, undaan):
    case = open_sktm(undaan)
    record = open_record(case)
    reject_case(case=case, record_id=record.pk, actor=undaan.staf, reason="Bukan warga Undaan")

    response = client.post(own_link(case), GOOD)

    assert response.status_code == 200
    assert SurveyResponse.objects.get().case == case


def test_a_cancelled_request_cannot_be_rated(client, undaan):
    case = open_sktm(undaan)
    cancel_case(case=case, actor=undaan.staf, reason="Tidak jadi")

    response = client.post(own_link(case), GOOD)

    assert response.status_code == 409
    assert SurveyResponse.objects.count() == 0


@pytest.mark.parametrize(
    "answers",
    [[3] * 8, [3] * 10, [3, 3, 3, 3, 0, 3, 3, 3, 3], [3, 3, 3, 3, 5, 3, 3, 3, 3]],
    ids=["eight", "ten", "zero", "five"],
)
def test_answers_off_the_scale_write_nothing(undaan, answers):
    case = served(undaan, day=MONDAY)

    with pytest.raises(SurveyError, match="Setiap unsur harus dijawab"):
        record_survey(case=case, answers=answers, facts={}, saran="", channel="online")

    assert SurveyResponse.objects.count() == 0
    assert not AuditEvent.objects.filter(action=CitizenAction.SURVEI).exists()


def test_a_paper_answer_records_who_typed_it(undaan):
    case = served(undaan, day=MONDAY)

    row = record_survey(
        case=case,
        answers=[4] * 9,
        facts={"age": 51},
        saran="  Terima kasih  ",
        channel=SurveyResponse.Channel.KERTAS,
        actor=undaan.staf,
    )

    row.refresh_from_db()
    assert (row.channel, row.entered_by, row.age, row.saran) == (
        "kertas",
        undaan.staf,
        51,
        "Terima kasih",
    )
    event = AuditEvent.objects.get(action=CitizenAction.SURVEI)
    assert (event.actor, event.payload) == (undaan.staf, {"cara": "kertas"})


# IKM worked by hand -----------------------------------------------------------------------


def test_ikm_rounds_half_up_on_eight_respondents(undaan):
    """One respondent answers 4 everywhere, seven answer 3: every NRR is 25/8 = 3,125 and the
    IKM 3,125 × 25 = 78,125, which is 78,13 half up (not 78,12 as banker's rounding gives)."""
    cases = [served(undaan, day=MONDAY) for _ in range(8)]
    answered(cases[0], [4] * 9, at=TUESDAY_10)
    for case in cases[1:]:
        answered(case, [3] * 9, at=TUESDAY_10)

    sktm = office_ikm(undaan.office, semester(2026, 2)).of(undaan.version.sop)

    assert (sktm.respondents, sktm.population) == (8, 8)
    assert {e.nrr_text for e in sktm.elements} == {"3,13"}
    assert sktm.ikm == Decimal("78.13")
    assert str(sktm.grade) == "B (Baik)"


def test_ikm_of_opposite_answers_is_the_middle_and_grade_d(undaan):
    """(4 + 1) / 2 = 2,5 on every element: IKM 2,5 × 25 = 62,50, below C's 65,00."""
    first, second = served(undaan, day=MONDAY), served(undaan, day=MONDAY)
    answered(first, [4] * 9, at=TUESDAY_10)
    answered(second, [1] * 9, at=TUESDAY_10)

    figures = office_ikm(undaan.office, semester(2026, 2))

    assert figures.total.ikm == Decimal("62.50")
    assert str(figures.total.grade) == "D (Tidak Baik)"
    assert figures.total.waktu.score_text == "62,50"


def test_one_weak_element_lowers_the_index_by_its_share(undaan):
    """[4 × 8, 1]: Σ NRR = 33, IKM = 33 / 9 × 25 = 91,666… -> 91,67 (A); unsur 9 is weakest."""
    answered(served(undaan, day=MONDAY), [4, 4, 4, 4, 4, 4, 4, 4, 1], at=TUESDAY_10)

    sktm = office_ikm(undaan.office, semester(2026, 2)).of(undaan.version.sop)

    assert sktm.ikm == Decimal("91.67")
    assert sktm.grade.letter == "A"
    assert [e.element.no for e in sktm.weakest[:3]] == [9, 1, 2]


def test_equal_elements_are_named_weakest_in_the_regulations_order(undaan):
    answered(served(undaan, day=MONDAY), [2] * 9, at=TUESDAY_10)

    sktm = office_ikm(undaan.office, semester(2026, 2)).of(undaan.version.sop)

    assert [e.element.no for e in sktm.weakest] == list(range(1, 10))
    assert sktm.ikm == Decimal("50.00")


def test_population_counts_served_requests_only(undaan):
    served_cases = [served(undaan, day=MONDAY) for _ in range(3)]
    open_sktm(undaan)  # still in progress
    cancel_case(case=open_sktm(undaan), actor=undaan.staf, reason="Tidak jadi")
    answered(served_cases[0], [3] * 9, at=TUESDAY_10)

    sktm = office_ikm(undaan.office, semester(2026, 2)).of(undaan.version.sop)

    assert (sktm.population, sktm.respondents) == (3, 1)
    assert (sktm.minimum_sample, sktm.enough) == (3, False)


def test_an_answer_on_new_years_midnight_counts_in_the_next_semester(undaan):
    last = datetime.datetime(2026, 12, 31, 23, 59, tzinfo=WIB)
    first = datetime.datetime(2027, 1, 1, 0, 0, tzinfo=WIB)
    answered(served(undaan, day=MONDAY), [4] * 9, at=last)
    answered(served(undaan, day=MONDAY), [1] * 9, at=first)

    old = office_ikm(undaan.office, semester(2026, 2)).total
    new = office_ikm(undaan.office, semester(2027, 1)).total

    assert (old.respondents, old.ikm) == (1, Decimal("100.00"))
    assert (new.respondents, new.ikm) == (1, Decimal("25.00"))


def test_the_ikm_page_shows_the_hand_worked_figure(client, undaan):
    cases = [served(undaan, day=MONDAY) for _ in range(8)]
    answered(cases[0], [4] * 9, at=TUESDAY_10)
    for case in cases[1:]:
        answered(case, [3] * 9, at=TUESDAY_10)
    client.force_login(undaan.kasi)

    page = client.get(reverse("ikm:office", args=["kecamatan-undaan"]), {"semester": "2026-2"})

    assert page.status_code == 200
    assert '<span id="ikm-total">78,13</span> — mutu B (Baik)' in page.content.decode()


def test_an_outsider_cannot_read_the_ikm_or_its_exports(client, undaan):
    answered(served(undaan, day=MONDAY), [3] * 9, at=TUESDAY_10)
    client.force_login(undaan.outsider)

    statuses = [
        client.get(reverse(name, args=["kecamatan-undaan"]), {"semester": "2026-2"}).status_code
        for name in ("ikm:office", "ikm:pdf", "ikm:xlsx")
    ]

    assert statuses == [404, 404, 404]


def test_a_too_long_saran_is_named_and_nothing_is_stored(client, undaan):
    case = served(undaan, day=MONDAY)

    response = client.post(own_link(case), {**GOOD, "saran": "a" * 2001})

    assert response.status_code == 400
    assert "Saran dan masukan: paling banyak 2.000 huruf." in response.content.decode()
    assert SurveyResponse.objects.count() == 0
