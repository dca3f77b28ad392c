"""A citizen on a 360 px phone: the QR on the receipt opens the survey, which they submit;
the service's public page reads in one column."""

import datetime

import pytest
from django.urls import reverse

from tertib.cases.documents import receipt_context, render_pdf
from tertib.cases.testing import qr_texts
from tertib.citizen.models import SurveyResponse
from tertib.citizen.testing import served

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    yield context.new_page()
    context.close()


def shot(phone, name: str) -> None:
    from conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(exist_ok=True)
    phone.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def fits_the_screen(phone) -> bool:
    return phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_receipt_qr_to_a_submitted_survey_on_a_phone(
    live_server, phone, undaan, settings, tmp_path
):
    settings.PUBLIC_BASE_URL = live_server.url
    settings.PRIVATE_DIR = tmp_path
    case = served(undaan, day=datetime.date(2026, 11, 23))
    track, survey = qr_texts(render_pdf("cases/receipt.html", receipt_context(case)))
    assert track == f"{live_server.url}/lacak/{case.code}/"

    phone.goto(survey)
    assert phone.locator("h1").inner_text() == "Survei Kepuasan Masyarakat"
    assert fits_the_screen(phone)
    shot(phone, "survey-1-phone-form")
    phone.click("text=Kirim penilaian")  # nothing chosen yet
    assert "Unsur 1 (Persyaratan): pilih salah satu jawaban." in phone.content()
    shot(phone, "survey-2-phone-missing")
    for element, answer in [
        (1, "Sesuai"),
        (2, "Sangat mudah"),
        (3, "Cepat"),
        (4, "Gratis"),
        (5, "Sesuai"),
        (6, "Kompeten"),
        (7, "Sangat sopan dan ramah"),
        (8, "Berfungsi kurang maksimal"),
        (9, "Baik"),
    ]:
        phone.locator(f"#unsur-{element}").get_by_text(answer, exact=True).tap()
    phone.fill("textarea[name=saran]", "Petugas ramah, ruang tunggu agak panas")
    phone.select_option("select[name=sex]", label="Perempuan")
    phone.click("text=Kirim penilaian")
    phone.wait_for_selector("text=Terima kasih")
    shot(phone, "survey-3-phone-thanks")

    response = SurveyResponse.objects.get()
    assert response.answers == [3, 4, 3, 4, 3, 3, 4, 3, 3]
    assert (response.sex, response.saran) == ("P", "Petugas ramah, ruang tunggu agak panas")
    phone.goto(survey)  # the same QR again
    assert "Survei untuk permohonan ini sudah diisi" in phone.content()


def test_public_service_page_reads_on_a_phone(live_server, phone, undaan):
    phone.goto(
        live_server.url
        + reverse("citizen:service", args=["kecamatan-undaan", "undaan-legalisasi-sktm"])
    )

    assert "Legalisasi SKTM untuk permohonan pengalihan KIS" in phone.locator("h1").inner_text()
    assert fits_the_screen(phone)
    shot(phone, "service-standard-phone")
