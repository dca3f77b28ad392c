"""A refused step form comes back with every box, choice and note as typed; only the password
is emptied."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tertib.cases.models import Case
from tertib.cases.tests.test_desk import ALL, act, intake
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


def inputs(html: str, name: str) -> list[str]:
    return re.findall(rf'<input[^>]*name="{name}"[^>]*>', html)


def checked_values(html: str, name: str) -> list[str]:
    return [
        re.search(r'value="([^"]*)"', tag).group(1)
        for tag in inputs(html, name)
        if re.search(r"\schecked\b", tag)
    ]


def note_of(html: str) -> str:
    return re.search(r'<textarea[^>]*name="catatan"[^>]*>\n?(.*?)</textarea>', html, re.S).group(1)


def test_step_2_yes_refused_for_a_missing_paper_keeps_boxes_choice_and_note(desk):
    intake(desk)
    ticked = [k for k in ALL if k != "fotokopi_kk"]

    response = act(desk, desk.staf, keputusan="ya", ada=ticked, catatan="KK menyusul besok")

    html = response.content.decode()
    assert response.status_code == 400
    assert "Persyaratan: belum lengkap (Fotokopi KK)." in html
    assert checked_values(html, "ada") == ticked
    # the choice is the button pressed: both answers are offered again, as buttons
    assert re.findall(r'<button[^>]*name="keputusan" value="(\w+)"', html) == ["ya", "tidak"]
    assert note_of(html) == "KK menyusul besok"
    assert Case.objects.get().current_step == 2


def test_wrong_password_keeps_the_camats_note_and_empties_the_password(desk):
    intake(desk)
    act(desk, desk.staf, keputusan="ya", ada=ALL)
    act(desk, desk.kasi)

    response = act(desk, desk.camat, password="salah", catatan="Sudah saya periksa")

    html = response.content.decode()
    assert response.status_code == 400
    assert "Kata sandi: salah" in html
    assert note_of(html) == "Sudah saya periksa"
    [password] = inputs(html, "password")
    assert 'type="password"' in password and "value=" not in password
    act(desk, desk.camat, password=PASSWORD, catatan="Sudah saya periksa")
    assert Case.objects.get().current_step == 5


def test_login_error_names_the_username_once(desk):
    client = Client()

    response = client.post(reverse("login"), {"username": "staf", "password": "salah"})

    html = response.content.decode()
    assert "Nama pengguna atau kata sandi salah." in html
    assert "nama pengguna nama pengguna" not in html.lower()
    assert 'value="staf"' in html
    [password] = inputs(html, "password")
    assert "value=" not in password


def test_a_refused_cancel_names_its_field_once(desk):
    intake(desk)

    page = act(desk, desk.staf, "cancel", alasan="x" * 2001).content.decode()

    assert "Alasan: Pastikan nilai ini mengandung paling banyak 2000 karakter" in page
    assert "Alasan: Alasan" not in page
    assert Case.objects.get().is_open


def test_a_refused_reject_comes_back_open_with_the_reason_as_typed(desk):
    intake(desk)
    case = Case.objects.get()
    record = case.records.get(completed_at__isnull=True)
    desk.client.force_login(desk.staf)
    reason = "Pemohon sudah pindah; " + "x" * 2000

    response = desk.client.post(
        reverse("cases:reject", args=[case.code]), {"record": record.pk, "alasan": reason}
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert '<details class="reject" open>' in html
    assert f">{reason}</textarea>" in html
    assert Case.objects.get().is_open


def test_a_refused_cancel_comes_back_with_the_reason_as_typed(desk):
    intake(desk)
    case = Case.objects.get()
    desk.client.force_login(desk.staf)

    reason = "Dibatalkan pemohon " + "x" * 2000

    response = desk.client.post(reverse("cases:cancel", args=[case.code]), {"alasan": reason})

    html = response.content.decode()
    assert response.status_code == 400
    assert '<details class="reject" open>' in html
    assert f'name="alasan" required maxlength="500" value="{reason}"' in html
    assert Case.objects.get().is_open
