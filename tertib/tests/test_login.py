"""Home page and login: citizens land on tracking, staff on their worklist; guessing is slowed."""

import pytest
from django.urls import reverse

from tertib.org.testing import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def test_citizen_lands_on_tracking(client):
    assert client.get("/").url == reverse("public:track_form")


def test_staff_lands_on_worklist(client):
    client.force_login(make_user("staf"))
    assert client.get("/").url == reverse("cases:worklist")


def test_login_with_the_right_password(client):
    make_user("staf")
    response = client.post(reverse("login"), {"username": "staf", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("cases:worklist")


def test_a_wrong_password_is_said_once_in_plain_words(client):
    make_user("staf")

    response = client.post(reverse("login"), {"username": "staf", "password": "salah"})

    html = response.content.decode()
    assert "Nama pengguna atau kata sandi salah." in html
    assert "nama pengguna nama pengguna" not in html.lower()


def test_the_admin_login_says_it_once_too(client):
    make_user("staf")

    response = client.post("/admin/login/", {"username": "staf", "password": "salah"})

    html = response.content.decode()
    assert "Nama pengguna atau kata sandi salah, atau akun ini tidak berhak" in html
    assert "nama pengguna nama pengguna" not in html.lower()


def test_five_failures_lock_the_name_even_with_the_right_password(client):
    make_user("staf")
    for _ in range(5):
        response = client.post(reverse("login"), {"username": "staf", "password": "salah"})
        assert response.status_code == 200
    response = client.post(reverse("login"), {"username": "staf", "password": PASSWORD})
    assert response.status_code == 429
    assert "Terlalu banyak kata sandi yang salah" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_pages_of_the_desk_need_a_login(client):
    response = client.get(reverse("cases:worklist"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
