"""Issue 15's test of done: a Camat on a 360 px phone finds the request in his worklist, reads
it, legalises it with his password, and nothing scrolls sideways; axe finds nothing on the way."""

import pytest

from tertib.cases.models import Case
from tertib.cases.testing import login, open_menu
from tertib.cases.tests.test_audit import case_at_step_4
from tertib.org.testing import PASSWORD
from tertib.tests.test_browser_every_page import AXE, SMALL_TARGETS, axe_violations

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PHONE = {"width": 360, "height": 740}


def fits_the_phone(page) -> list[str]:
    """What is wrong with the page on the phone: sideways scroll, small targets, axe."""
    page.add_script_tag(path=str(AXE))
    problems = []
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        problems.append(f"{page.url}: {width} px wide")
    problems += [f"{page.url}: small target {t}" for t in page.evaluate(SMALL_TARGETS)]
    problems += [f"{page.url}: axe {v}" for v in axe_violations(page)]
    return problems


def test_camat_legalises_from_a_phone(live_server, page, screenshot, undaan, settings, tmp_path):
    settings.PRIVATE_DIR = tmp_path
    settings.PUBLIC_BASE_URL = live_server.url
    case = case_at_step_4(undaan, subject="Sumarni Rahayu")
    page.set_viewport_size(PHONE)
    problems = []

    login(page, live_server.url, "camat")
    problems += fits_the_phone(page)
    row = page.locator("table.list tbody tr", has_text=case.code)
    assert "Sumarni Rahayu" in row.inner_text()
    assert row.bounding_box()["width"] <= PHONE["width"]
    screenshot("phone-camat-1-worklist")

    row.get_by_role("link", name=case.code).click()
    page.wait_for_url(f"**/layanan/{case.code}/")
    problems += fits_the_phone(page)
    assert "Sumarni Rahayu" in page.content()
    sign = page.get_by_role("button", name="Legalisasi", exact=True)
    assert sign.bounding_box()["height"] >= 44
    screenshot("phone-camat-2-case")

    page.fill("input[name=password]", PASSWORD)
    sign.click()
    page.wait_for_selector("text=Menunggu langkah 5")
    problems += fits_the_phone(page)
    screenshot("phone-camat-3-legalised")
    case.refresh_from_db()
    assert case.current_step == 5 and case.state == Case.State.BERJALAN
    record = case.records.get(step_no=4)
    assert (record.completed_by, record.outcome) == (undaan.camat, "lanjut")

    open_menu(page)  # the header's links fold into its menu on the phone
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url("**/masuk/")
    assert problems == []


def test_a_wrong_password_on_the_phone_keeps_the_note(
    live_server, page, undaan, settings, tmp_path
):
    settings.PRIVATE_DIR = tmp_path
    case = case_at_step_4(undaan, subject="Warsini")
    page.set_viewport_size(PHONE)
    login(page, live_server.url, "camat")
    page.goto(f"{live_server.url}/layanan/{case.code}/")

    page.fill("textarea[name=catatan]", "Sudah saya baca")
    page.fill("input[name=password]", "bukan-sandinya")
    page.get_by_role("button", name="Legalisasi", exact=True).click()

    page.wait_for_selector("text=Kata sandi")
    assert page.input_value("textarea[name=catatan]") == "Sudah saya baca"
    assert page.input_value("input[name=password]") == ""
    assert fits_the_phone(page) == []
    case.refresh_from_db()
    assert case.current_step == 4
