"""An office's pengelola keep their office's service-standard settings, and only theirs."""

import pytest
from django.urls import reverse

from tertib.citizen.models import OfficeStandard, ServiceStandard
from tertib.org.testing import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def pengelola(undaan):
    user = make_user("pengelola.undaan")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    undaan.office.admins.add(user)
    return user


def test_pengelola_sets_the_cost_of_their_service(client, undaan, pengelola):
    client.force_login(pengelola)

    added = client.post(
        reverse("admin:citizen_servicestandard_add"),
        {"sop": undaan.version.sop.pk, "gratis": "on", "biaya": "", "sarana": ""},
    )

    assert added.status_code == 302
    assert ServiceStandard.objects.get().gratis is True


def test_pengelola_sees_only_their_office_settings(client, undaan, pengelola):
    from tertib.org.models import Office

    jati = Office.objects.get(slug="kecamatan-jati")
    OfficeStandard.objects.create(office=undaan.office)
    OfficeStandard.objects.create(office=jati)
    client.force_login(pengelola)

    listing = client.get(reverse("admin:citizen_officestandard_changelist")).content.decode()
    form = client.get(reverse("admin:citizen_officestandard_add")).content.decode()

    assert ">Kecamatan Undaan</a>" in listing
    assert "Kecamatan Jati" not in listing
    assert "Kecamatan Jati" not in form


def test_staff_without_an_office_cannot_open_the_settings(client, undaan):
    clerk = make_user("biasa")
    clerk.is_staff = True
    clerk.save(update_fields=["is_staff"])
    client.force_login(clerk)

    response = client.get(reverse("admin:citizen_servicestandard_changelist"))

    assert response.status_code == 403
