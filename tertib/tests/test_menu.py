"""No dead ends: every link of the header opens for whom it is shown, and office admins find
the admin."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tertib.org.models import Office
from tertib.org.testing import make_user

pytestmark = pytest.mark.django_db


def header_links(client, user) -> list[str]:
    client.force_login(user)
    html = client.get(reverse("cases:worklist")).content.decode()
    header = html[html.index("<header") : html.index("</header>")]
    return re.findall(r'href="([^"]+)"', header)


def organisasi():
    user = make_user("organisasi", full_name="Rahmat Hidayat")
    user.user_permissions.add(Permission.objects.get(codename="view_every_office"))
    return user


def office_admin(office: Office):
    user = make_user("pengelola", full_name="Pengelola Kantor")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    office.admins.add(user)
    return user


@pytest.mark.parametrize("who", ["staf", "kecamatan_staf", "pelaksana", "organisasi", "admin"])
def test_every_header_link_opens_for_whom_it_is_shown(pmd, client, who):
    user = {
        "staf": pmd.jati_staf,
        "kecamatan_staf": pmd.kecamatan_staf,
        "pelaksana": pmd.pelaksana,
        "organisasi": organisasi(),
        "admin": office_admin(pmd.office),
    }[who]

    links = header_links(client, user)

    answers = {link: client.get(link, follow=True).status_code for link in links}
    assert set(answers.values()) == {200}, answers


def test_organisasi_sees_no_roster_or_iuran_entry(pmd, client):
    links = header_links(client, organisasi())

    assert "/iuran/" not in links and "/iuran/perangkat/" not in links


def test_office_admins_get_an_admin_link_and_nobody_else(pmd, client):
    admin = office_admin(pmd.office)

    assert "/admin/" not in header_links(client, pmd.pelaksana)
    assert "/admin/" not in header_links(client, organisasi())
    assert "/admin/" in header_links(client, admin)
    assert client.get("/admin/").status_code == 200
