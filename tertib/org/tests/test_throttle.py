"""One throttle for every password check: names as typed, addresses, parallel guesses."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse

from tertib.cases.actions import StepInput
from tertib.cases.engine import claim_step, complete_step, open_record, start_case
from tertib.cases.models import Case
from tertib.org import throttle
from tertib.org.testing import PASSWORD, make_user
from tertib.testing import use_redis

STRANGER = "203.0.113.66"
OFFICE = "10.1.2.3"


@pytest.fixture(autouse=True, params=["files", "redis"])
def store(request, settings):
    """Every rule holds with the counters in files (one machine) and in Redis (many servers)."""
    if request.param == "redis":
        use_redis(settings)
    return request.param


def login(client, username, password, address=STRANGER, url="/masuk/"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in_as(client) -> str | None:
    user_id = client.session.get("_auth_user_id")
    return get_user_model().objects.get(pk=user_id).username if user_id else None


@pytest.mark.django_db
def test_full_width_name_counts_against_the_same_name(client):
    make_user("kasi.kesra")
    for _ in range(5):
        assert login(client, "kasi.kesra", "salah").status_code == 200

    response = login(client, "ｋasi.kesra", PASSWORD)

    assert response.status_code == 429
    assert "Terlalu banyak kata sandi yang salah. Coba lagi 15 menit lagi." in response.text
    assert logged_in_as(client) is None


@pytest.mark.django_db
def test_full_width_name_never_logs_in_even_with_the_right_password(client):
    make_user("kasi.kesra")

    response = login(client, "ｋasi.kesra", PASSWORD)

    assert response.status_code == 200
    assert logged_in_as(client) is None


@pytest.mark.django_db
def test_upper_case_name_counts_against_the_same_name(client):
    make_user("kasi.kesra")
    for name in ["KASI.KESRA", "Kasi.Kesra", "kasi.KESRA", "ＫＡＳＩ.kesra", "kasi.kesra"]:
        login(client, name, "salah")

    assert login(client, "kasi.kesra", PASSWORD).status_code == 429


@pytest.mark.django_db
def test_official_logs_in_from_the_office_while_a_stranger_hammers(client):
    make_user("kasi.kesra")
    refused = [login(client, "kasi.kesra", f"tebak-{n}").status_code for n in range(40)]

    response = login(client, "kasi.kesra", PASSWORD, address=OFFICE)

    assert refused.count(200) == 5 and refused.count(429) == 35
    assert response.status_code == 302
    assert logged_in_as(client) == "kasi.kesra"


@pytest.mark.django_db
def test_name_under_attack_allows_two_guesses_per_new_address(client):
    make_user("kasi.kesra")
    for n in range(5):  # ten failures from five addresses
        login(client, "kasi.kesra", "salah", address=f"198.51.100.{n}")
        login(client, "kasi.kesra", "salah", address=f"198.51.100.{n}")

    third = login(client, "kasi.kesra", PASSWORD, address="198.51.100.0")
    fresh = login(client, "kasi.kesra", PASSWORD, address=OFFICE)

    assert third.status_code == 429
    assert "untuk nama ini" in third.text
    assert fresh.status_code == 302


@pytest.mark.django_db
def test_right_password_clears_the_failures(client):
    make_user("staf")
    for _ in range(4):
        login(client, "staf", "salah")
    assert login(client, "staf", PASSWORD).status_code == 302
    client.logout()

    statuses = [login(client, "staf", "salah").status_code for _ in range(5)]

    assert statuses == [200, 200, 200, 200, 200]
    assert login(client, "staf", PASSWORD).status_code == 429


@pytest.mark.django_db
def test_spraying_many_names_from_one_address_is_stopped(client):
    for n in range(20):
        login(client, f"nama{n}", "salah")

    make_user("staf")
    response = login(client, "staf", PASSWORD)

    assert response.status_code == 429


@pytest.mark.django_db
def test_admin_login_is_throttled(client):
    admin = make_user("admin.kab")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    for _ in range(5):
        login(client, "admin.kab", "salah", url="/admin/login/")

    response = login(client, "admin.kab", PASSWORD, url="/admin/login/")

    assert response.status_code == 200
    assert "Terlalu banyak kata sandi yang salah" in response.text
    assert logged_in_as(client) is None


def test_forwarded_for_is_ignored_unless_a_proxy_is_trusted(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.9"
    )
    assert throttle.client_address(request) == "127.0.0.1"

    settings.TRUST_FORWARDED_FOR = True

    assert throttle.client_address(request) == "198.51.100.9"


def at_signing_step(undaan) -> Case:
    case = start_case(
        sop_version=undaan.version,
        office=undaan.office,
        actor=undaan.staf,
        subject="Sumarni",
        intake={"nama": "Sumarni"},
    )
    given = StepInput(
        checklist=["sktm_asli", "fotokopi_ktp", "fotokopi_kk", "kartu_jkn", "surat_pernyataan"]
    )
    for actor, decision in [(undaan.staf, "lanjut"), (undaan.staf, "ya"), (undaan.kasi, "lanjut")]:
        record = open_record(case)
        case = complete_step(
            case=case, record_id=record.pk, actor=actor, decision=decision, given=given
        )
    record = open_record(case)
    claim_step(case=case, record_id=record.pk, actor=undaan.camat)
    return case


def sign(client, case, password):
    return client.post(
        reverse("cases:complete", args=[case.code]),
        {"record": open_record(case).pk, "keputusan": "lanjut", "password": password},
        REMOTE_ADDR=STRANGER,
        follow=True,
    )


def test_signing_password_is_throttled_though_each_failure_rolls_back(client, undaan):
    case = at_signing_step(undaan)
    client.force_login(undaan.camat)
    for _ in range(5):
        assert "Kata sandi: salah" in sign(client, case, "salah").text

    response = sign(client, case, PASSWORD)

    assert "Kata sandi: Terlalu banyak kata sandi yang salah" in response.text
    case.refresh_from_db()
    assert case.current_step == 4


def test_monitoring_paraf_is_throttled(undaan):
    from tertib.reports.monitoring import MonitoringError, finalise_form, open_form
    from tertib.reports.tests.test_monitoring import NOVEMBER

    form = open_form(office=undaan.office, period=NOVEMBER, actor=undaan.camat)
    for _ in range(5):
        with pytest.raises(MonitoringError, match="kata sandi: salah"):
            finalise_form(form=form, actor=undaan.camat, password="keliru", address=STRANGER)

    with pytest.raises(MonitoringError, match="kata sandi: Terlalu banyak"):
        finalise_form(form=form, actor=undaan.camat, password=PASSWORD, address=STRANGER)


@pytest.mark.django_db(transaction=True)
def test_thirty_parallel_guesses_check_no_more_than_the_limit():
    make_user("kasi.kesra")
    factory, outcomes, start = RequestFactory(), [], threading.Barrier(30)

    def guess(n: int) -> None:
        request = factory.post("/masuk/", REMOTE_ADDR=STRANGER)
        start.wait()
        try:
            throttle.authenticate(request, username="kasi.kesra", password=f"tebak-{n}")
            outcomes.append("checked")
        except throttle.Throttled:
            outcomes.append("refused")

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("checked") == throttle.PAIR_LIMIT
    assert outcomes.count("refused") == 30 - throttle.PAIR_LIMIT


@pytest.mark.django_db(transaction=True)
def test_thirty_parallel_signing_guesses_check_no_more_than_the_limit():
    official = make_user("camat.undaan")
    outcomes, start = [], threading.Barrier(30)

    def guess(n: int) -> None:
        start.wait()
        try:
            throttle.verify_password(user=official, password=f"tebak-{n}", address=STRANGER)
            outcomes.append("checked")
        except throttle.Throttled:
            outcomes.append("refused")

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("checked") == throttle.PAIR_LIMIT
