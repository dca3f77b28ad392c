"""Who sees the iuran entries of the menu and the bill block of the worklist."""

import pytest
from django.urls import reverse

from tertib.org.testing import make_user

pytestmark = pytest.mark.django_db

BILLS = '<a href="/iuran/">Iuran JK perangkat desa</a>'
ROSTER = '<a href="/iuran/perangkat/">Perangkat desa</a>'
BLOCK = "+ Daftarkan tagihan iuran BPJS"


def shown(client, user) -> set[str]:
    client.force_login(user)
    html = client.get(reverse("cases:worklist")).content.decode()
    return {
        name
        for name, text in [("bills", BILLS), ("roster", ROSTER), ("block", BLOCK)]
        if text in html
    }


def test_dinas_pmd_staff_see_the_bills_the_roster_and_the_bill_block(client, pmd):
    assert shown(client, pmd.pelaksana) == {"bills", "roster", "block"}


def test_kecamatan_staff_with_desa_see_only_the_roster(client, pmd):
    assert shown(client, pmd.kecamatan_staf) == {"roster"}


def test_kecamatan_staff_without_desa_and_people_without_positions_see_none(client, pmd):
    assert shown(client, pmd.jati_staf) == set()
    assert shown(client, make_user("tamu")) == set()


def test_the_bill_block_asks_no_more_of_the_database_than_the_worklist(
    client, pmd, django_assert_max_num_queries
):
    client.force_login(pmd.pelaksana)
    client.get(reverse("cases:worklist"))
    # the worklist's 7: the SOPs of the user's offices answer whether they run the iuran SOP
    with django_assert_max_num_queries(7):
        response = client.get(reverse("cases:worklist"))
    assert BLOCK in response.content.decode()
