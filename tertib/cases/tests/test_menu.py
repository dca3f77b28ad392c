"""The services' menu entries: worked out once per day and set of positions, kept in the session."""

import pytest
from django.urls import reverse

from tertib.cases.context_processors import MENU_SESSION_KEY
from tertib.org.access import my_offices
from tertib.org.models import Office
from tertib.org.testing import assign
from tertib.sop import services
from tertib.sop.services import MenuEntry, Service

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(monkeypatch):
    """A service whose one entry is shown to staff of Kecamatan Jati; each question is noted."""
    questions = []

    def visible(request) -> bool:
        questions.append(request.user.username)
        return any(office.slug == "kecamatan-jati" for office in my_offices(request))

    entry = MenuEntry("Menu uji", "sop:catalogue", visible)
    monkeypatch.setitem(services.SERVICES, "uji", Service(kode="uji", nama="Uji", menu=[entry]))
    return questions


def test_menu_is_worked_out_once_for_many_pages(undaan, client, asked):
    client.force_login(undaan.outsider)
    pages = [client.get(reverse("cases:worklist")) for _ in range(3)]
    assert asked == ["luar"]
    assert all(">Menu uji</a>" in page.content.decode() for page in pages)
    assert {"label": "Menu uji", "url_name": "sop:catalogue"} in pages[-1].context["service_menu"]


def test_menu_is_shown_only_to_whom_the_entry_says(undaan, client, asked):
    client.force_login(undaan.staf)
    assert ">Menu uji</a>" not in client.get(reverse("cases:worklist")).content.decode()


def test_menu_follows_a_position_taken_the_same_day(undaan, client, asked):
    client.force_login(undaan.staf)
    assert ">Menu uji</a>" not in client.get(reverse("cases:worklist")).content.decode()
    assign(undaan.staf, Office.objects.get(slug="kecamatan-jati"), "staf")
    assert ">Menu uji</a>" in client.get(reverse("cases:worklist")).content.decode()
    assert asked == ["staf", "staf"]


def test_menu_is_worked_out_again_on_another_day(undaan, client, asked):
    client.force_login(undaan.outsider)
    client.get(reverse("cases:worklist"))
    session = client.session
    kept = session[MENU_SESSION_KEY]
    session[MENU_SESSION_KEY] = {**kept, "key": "2020-01-01" + kept["key"][10:]}
    session.save()
    client.get(reverse("cases:worklist"))
    assert asked == ["luar", "luar"]
    assert client.session[MENU_SESSION_KEY] == kept


def test_menu_for_a_visitor_is_asked_each_page_and_keeps_no_session(client, asked, db):
    for _ in range(2):
        response = client.get(reverse("sop:catalogue"))
        assert ">Menu uji</a>" not in response.content.decode()
    assert asked == ["", ""]
    assert "sessionid" not in response.cookies
