"""The survey of one request: its link, one answer per request, paper questionnaires."""

import datetime
import re

import pytest
from django.urls import reverse

from tertib.cases.auditcheck import verify
from tertib.cases.documents import receipt_context
from tertib.cases.models import AuditEvent, Case
from tertib.cases.testing import pdf_text, qr_texts
from tertib.citizen.models import SurveyResponse
from tertib.citizen.survey import SurveyError, receipt_link, record_survey, refusal, survey_token
from tertib.citizen.testing import answered, served
from tertib.reports.testing import WIB, walk

pytestmark = pytest.mark.django_db
MONDAY = datetime.date(2026, 11, 23)
GOOD = {f"u{n}": "3" for n in range(1, 10)}


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    settings.PRIVATE_DIR = tmp_path
    settings.PUBLIC_BASE_URL = "https://tertib.kuduskab.go.id"


def link(case) -> str:
    return reverse("survey:answer", args=[case.code, survey_token(case.code)])


def test_token_is_the_same_for_every_print_and_differs_per_case(undaan):
    first, second = served(undaan, day=MONDAY), served(undaan, day=MONDAY)

    assert survey_token(first.code) == survey_token(first.code)
    assert survey_token(first.code) != survey_token(second.code)
    assert len(survey_token(first.code)) == 24


def test_token_depends_on_the_survey_key(undaan, settings):
    case = served(undaan, day=MONDAY)
    before = survey_token(case.code)
    settings.SURVEY_KEY = "another-key"

    assert survey_token(case.code) != before


def test_receipt_carries_the_survey_link(undaan):
    case = served(undaan, day=MONDAY)
    from tertib.cases.documents import render_pdf

    context = receipt_context(case)
    text = pdf_text(render_pdf("cases/receipt.html", context))

    url = f"https://tertib.kuduskab.go.id/survei/{case.code}/{survey_token(case.code)}/"
    assert [item["url"] for item in context["links"]] == [url]
    assert url in text.replace("\n", "")


def test_an_internal_procedure_carries_no_survey(client, pmd):
    bill = Case(code="PMD-UJI0001", sop_version=pmd.version, office=pmd.office)

    assert receipt_link(bill) is None
    assert refusal(bill) == "Layanan ini tidak termasuk Survei Kepuasan Masyarakat."


def test_citizen_answers_once_and_a_replay_is_refused(client, undaan):
    case = served(undaan, day=MONDAY)

    form = client.get(link(case))
    sent = client.post(link(case), {**GOOD, "u3": "2", "saran": "Ruang tunggu panas", "sex": "P"})
    replay = client.post(link(case), GOOD)
    again = client.get(link(case))

    assert form.status_code == 200
    assert "Bagaimana pendapat Saudara tentang kecepatan waktu" in form.content.decode()
    assert sent.status_code == 200
    assert "Penilaian Anda untuk permohonan" in sent.content.decode()
    assert replay.status_code == 409
    assert "Survei untuk permohonan ini sudah diisi" in replay.content.decode()
    assert "Survei untuk permohonan ini sudah diisi" in again.content.decode()
    response = SurveyResponse.objects.get()
    assert response.answers == [3, 3, 2, 3, 3, 3, 3, 3, 3]
    assert (response.saran, response.sex, response.age) == ("Ruang tunggu panas", "P", None)
    assert (response.office, response.sop) == (undaan.office, undaan.version.sop)
    assert response.channel == "online"
    assert AuditEvent.objects.filter(case=case, action="survei").count() == 1
    assert verify()[0] == []


def test_the_engine_function_refuses_a_second_answer(undaan):
    case = served(undaan, day=MONDAY)
    at = datetime.datetime(2026, 11, 24, 9, tzinfo=WIB)
    answered(case, [4] * 9, at=at)

    with pytest.raises(SurveyError, match="sudah diisi"):
        answered(case, [1] * 9, at=at)
    assert SurveyResponse.objects.get().answers == [4] * 9


def test_a_wrong_token_or_code_is_unknown(client, undaan):
    case = served(undaan, day=MONDAY)

    wrong = client.get(reverse("survey:answer", args=[case.code, "0" * 24]))
    missing = client.get(reverse("survey:answer", args=["TIDAKADA", survey_token("TIDAKADA")]))

    assert wrong.status_code == 404
    assert missing.status_code == 404
    assert "Tautan survei ini tidak dikenal" in wrong.content.decode()
    assert SurveyResponse.objects.count() == 0


def test_a_request_still_in_progress_cannot_be_rated_yet(client, undaan):
    case = walk(undaan, at=datetime.datetime(2026, 11, 23, 8, tzinfo=WIB), plan=[(0, 1)])

    page = client.get(link(case))
    post = client.post(link(case), GOOD)

    assert "belum selesai dilayani" in page.content.decode()
    assert post.status_code == 409
    assert SurveyResponse.objects.count() == 0


def test_a_missing_answer_is_named(client, undaan):
    case = served(undaan, day=MONDAY)
    answers = {**GOOD}
    del answers["u8"]

    response = client.post(link(case), {**answers, "age": "tua"})

    page = response.content.decode()
    assert response.status_code == 400
    assert "Unsur 8 (Penanganan pengaduan, saran dan masukan): pilih salah satu jawaban." in page
    assert "Umur: tulis dengan angka, misalnya 42." in page
    assert SurveyResponse.objects.count() == 0


def test_an_answer_off_the_scale_is_refused(client, undaan):
    case = served(undaan, day=MONDAY)

    response = client.post(link(case), {**GOOD, "u1": "5"})

    assert response.status_code == 400
    assert "Unsur 1 (Persyaratan): jawaban tidak dikenal." in response.content.decode()
    with pytest.raises(SurveyError, match="empat pilihan"):
        record_survey(case=case, answers=[5] + [3] * 8, facts={}, saran="", channel="online")


def test_numbers_typed_into_the_free_text_are_not_kept(client, undaan):
    case = served(undaan, day=MONDAY)

    client.post(link(case), {**GOOD, "saran": "NIK saya 3319045203850002, hp 0812-3456-7890 ok"})

    assert SurveyResponse.objects.get().saran == ("NIK saya ****************, hp ************** ok")


def test_staff_enter_a_paper_questionnaire(client, undaan):
    case = served(undaan, day=MONDAY)
    client.force_login(undaan.staf)
    url = reverse("ikm:paper", args=["kecamatan-undaan"])

    saved = client.post(url, {**GOOD, "kode": case.code.lower(), "age": "51"}, follow=True)
    twice = client.post(url, {**GOOD, "kode": case.code})

    assert f"Kuesioner untuk permohonan {case.code} tersimpan." in saved.content.decode()
    response = SurveyResponse.objects.get()
    assert (response.channel, response.entered_by, response.age) == ("kertas", undaan.staf, 51)
    assert twice.status_code == 400
    assert (
        "Kode lacak permohonan: Survei untuk permohonan ini sudah diisi." in twice.content.decode()
    )


def test_paper_entry_is_for_the_office_own_requests_and_staff(client, undaan):
    case = served(undaan, day=MONDAY)
    client.force_login(undaan.outsider)

    elsewhere = client.get(reverse("ikm:paper", args=["kecamatan-undaan"]))
    own_office = client.post(
        reverse("ikm:paper", args=["kecamatan-jati"]), {**GOOD, "kode": case.code}
    )

    assert elsewhere.status_code == 404
    assert own_office.status_code == 400
    assert "Kode lacak permohonan: tidak ada permohonan kantor ini." in own_office.content.decode()
    assert SurveyResponse.objects.count() == 0


def test_staff_print_the_paper_questionnaire_with_the_survey_qr(client, undaan):
    case = served(undaan, day=MONDAY)
    client.force_login(undaan.staf)
    url = reverse("ikm:questionnaire", args=["kecamatan-undaan"])

    pdf = client.get(url, {"kode": case.code.lower()})
    unknown = client.get(url, {"kode": "UND-TIDAKADA"}, follow=True)

    text = " ".join(pdf_text(pdf.content).split())
    assert pdf["Content-Type"] == "application/pdf"
    assert "KUESIONER SURVEI KEPUASAN MASYARAKAT" in text
    assert "Sangat sopan dan ramah" in text
    assert qr_texts(pdf.content) == [
        f"https://tertib.kuduskab.go.id/survei/{case.code}/{survey_token(case.code)}/"
    ]
    assert "Kode lacak permohonan: &#x27;UND-TIDAKADA&#x27; bukan permohonan kantor ini." in (
        unknown.content.decode()
    )


def test_a_refused_survey_comes_back_with_every_answer_and_the_saran(client, undaan):
    case = served(undaan, day=MONDAY)
    answers = {**GOOD, "u2": "4"}
    del answers["u8"]

    response = client.post(
        link(case), {**answers, "age": "tua", "sex": "P", "saran": "Antrean terlalu lama"}
    )

    form = response.context["form"]
    assert response.status_code == 400
    assert [form[f"u{n}"].value() for n in range(1, 10)] == [
        *("3", "4", "3", "3", "3", "3", "3"),
        None,
        "3",
    ]
    assert (form["age"].value(), form["sex"].value()) == ("tua", "P")
    page = response.content.decode()
    [checked] = [
        tag for tag in re.findall(r'<input[^>]*name="u2"[^>]*>', page) if " checked" in tag
    ]
    assert 'value="4"' in checked
    assert "Antrean terlalu lama</textarea>" in page
