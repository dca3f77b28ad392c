"""Input rules at the desk: digits, names, note lengths, formulas in the register XLSX."""

import datetime
import io

import pytest
from django.urls import reverse

from tertib.cases.models import Case, Register
from tertib.cases.registers import enter
from tertib.cases.tests.test_desk import ALL, NIK, act, intake
from tertib.org.models import Desa
from tertib.org.testing import PASSWORD


@pytest.fixture
def desk(undaan, client, tmp_path, settings):
    """As in test_desk: Undaan with a desa, the staf logged in."""
    settings.PRIVATE_DIR = tmp_path / "private"
    Desa.objects.create(kecamatan=undaan.office, name="Wates")
    client.force_login(undaan.staf)
    undaan.client = client
    return undaan


def test_nik_in_arabic_indic_digits_is_refused(desk):
    arabic = NIK.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))

    response = intake(desk, nik=arabic)

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "nik": ["NIK pemohon: hanya angka 0-9 (spasi, titik dan tanda hubung boleh)."]
    }
    assert not Case.objects.exists()


def test_direction_marks_are_stripped_from_the_applicants_name(desk):
    intake(desk, nama="Sumarni\u202e Rahayu\u200f")

    assert Case.objects.get().subject == "Sumarni Rahayu"


def test_name_longer_than_its_field_is_refused(desk):
    response = intake(desk, nama="S" * 201)

    assert response.status_code == 200
    assert not Case.objects.exists()


def test_note_has_a_server_side_limit(desk):
    intake(desk)

    response = act(desk, desk.staf, keputusan="tidak", catatan="x" * 2001)

    assert "Catatan: paling banyak 2000 huruf." in response.text
    case = Case.objects.get()
    assert (case.state, case.current_step) == ("berjalan", 2)


def test_record_id_beyond_any_integer_is_not_found(desk):
    intake(desk)
    case = Case.objects.get()

    response = desk.client.post(reverse("cases:complete", args=[case.code]), {"record": "9" * 30})

    assert response.status_code == 302
    assert Case.objects.get().current_step == 2


def test_signing_works_through_the_step_form(desk):
    intake(desk)
    act(desk, desk.staf, keputusan="ya", ada=ALL)
    act(desk, desk.kasi)

    act(desk, desk.camat, password=PASSWORD)

    assert Case.objects.get().current_step == 5


def test_register_xlsx_never_holds_a_live_formula(desk):
    from openpyxl import load_workbook

    intake(desk)
    case = Case.objects.get()
    register = Register.objects.get(office=desk.office)
    enter(
        register=register,
        case=case,
        subject='=HYPERLINK("http://jahat.test","Klik")',
        day=datetime.date(2026, 11, 23),
        actor=desk.staf,
    )

    response = desk.client.get(
        reverse("registers:xlsx", args=[desk.office.slug, register.kode]), {"tahun": "2026"}
    )

    sheet = load_workbook(io.BytesIO(response.content)).active
    cell = sheet["D3"]
    assert (cell.value, cell.data_type) == ('\'=HYPERLINK("http://jahat.test","Klik")', "s")


@pytest.mark.parametrize("year", ["abc", "٢٠٢٦", "99999999999999999999", "-1"])
def test_register_year_that_is_no_year_is_a_clear_400(desk, year):
    response = desk.client.get(
        reverse("registers:book", args=[desk.office.slug, "legalisasi-sktm"]), {"tahun": year}
    )

    assert response.status_code == 400
    assert "Tahun: tulis empat angka antara 2000 dan 2100" in response.text


def test_step_form_keeps_a_password_as_typed_and_strips_marks_from_text():
    from conftest import SKTM
    from tertib.cases.forms import StepForm
    from tertib.sop.validation import check_file

    definition = check_file(SKTM).definition
    signing, handover = definition.langkah[3], definition.langkah[5]
    sign = StepForm(
        {"record": "1", "password": " sandi\u202e "},
        definition=definition,
        step=signing,
        last_stage=True,
    )
    hand = StepForm(
        {"record": "1", "diserahkan_kepada": "Sumarni\u202e"},
        definition=definition,
        step=handover,
        last_stage=True,
    )
    assert sign.is_valid() and hand.is_valid()
    assert sign.cleaned_data["password"] == " sandi\u202e "
    assert hand.cleaned_data["diserahkan_kepada"] == "Sumarni"
