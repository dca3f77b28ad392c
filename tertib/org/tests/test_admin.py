import pytest

from tertib.org.models import Assignment, Position
from tertib.org.testing import assign, make_user


@pytest.fixture
def pengelola(undaan):
    user = make_user("pengelola")
    user.is_staff = True
    user.save()
    undaan.office.admins.add(user)
    return user


@pytest.fixture
def jati_assignment(undaan):
    return Assignment.objects.get(user=undaan.outsider)


def test_pengelola_lists_only_own_office_officials(client, undaan, pengelola):
    client.force_login(pengelola)

    response = client.get("/admin/org/assignment/")

    assert response.status_code == 200
    listed = {a.pk for a in response.context["cl"].result_list}
    assert listed == set(
        Assignment.objects.filter(position__office=undaan.office).values_list("pk", flat=True)
    )


def test_pengelola_cannot_open_another_office_assignment(
    client, undaan, pengelola, jati_assignment
):
    client.force_login(pengelola)

    response = client.get(f"/admin/org/assignment/{jati_assignment.pk}/change/")

    assert response.status_code == 302  # the admin's "does not exist" redirect
    assert response.url == "/admin/"


def test_pengelola_adds_acting_official_for_own_position(client, undaan, pengelola):
    sekcam = make_user("sekcam")
    assign(sekcam, undaan.office, "staf")  # someone of the office; others are the superuser's
    camat = Position.objects.get(office=undaan.office, kode="camat")
    client.force_login(pengelola)

    response = client.post(
        "/admin/org/assignment/add/",
        {
            "position": camat.pk,
            "user": sekcam.pk,
            "kind": "plh",
            "nip": "19800101 200501 1 001",
            "starts_on": "2026-11-23",
            "ends_on": "2026-11-30",
            "own_title": "",
        },
    )

    assert response.status_code == 302
    plh = Assignment.objects.get(user=sekcam, kind="plh")
    assert plh.signature_title == "Plh. Camat Undaan"


def test_pengelola_cannot_assign_into_another_office(client, undaan, pengelola):
    jati_camat = Position.objects.get(office__slug="kecamatan-jati", kode="camat")
    client.force_login(pengelola)

    response = client.post(
        "/admin/org/assignment/add/",
        {
            "position": jati_camat.pk,
            "user": pengelola.pk,
            "kind": "definitif",
            "starts_on": "2026-11-23",
        },
    )

    assert response.status_code == 200
    assert "position" in response.context["adminform"].form.errors
    assert not Assignment.objects.filter(position=jati_camat, user=pengelola).exists()


def test_pengelola_cannot_make_a_superuser(client, undaan, pengelola):
    client.force_login(pengelola)

    response = client.get(f"/admin/auth/user/{undaan.staf.pk}/change/")

    assert response.status_code == 200
    form_fields = response.context["adminform"].form.fields
    assert "is_superuser" not in form_fields
    assert "is_staff" not in form_fields


def test_staff_without_office_has_no_admin(client, undaan):
    undaan.staf.is_staff = True
    undaan.staf.save()
    client.force_login(undaan.staf)

    response = client.get("/admin/org/assignment/")

    assert response.status_code == 403
