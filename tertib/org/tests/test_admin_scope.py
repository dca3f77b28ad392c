"""An office's pengelola stays in that office: the takeover path of issue 13, closed."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from tertib.cases.auditcheck import verify
from tertib.cases.models import AuditEvent
from tertib.org.models import Assignment, Office, Position
from tertib.org.testing import PASSWORD, assign, make_office, make_user

NEW_PASSWORD = "diambil-alih-2026"


def staff(username: str, *, admin_of: Office | None = None):
    user = make_user(username)
    user.is_staff = True
    user.save()
    if admin_of is not None:
        admin_of.admins.add(user)
    return user


@pytest.fixture
def kabupaten(undaan):
    """Undaan and Jati from the undaan fixture, Dinas PMD with its head and pengelola, and the
    Bagian Organisasi account that reads every office."""
    pmd = make_office(slug="dinas-pmd", name="Dinas PMD", positions={"ka_dinas": "Kepala Dinas"})
    undaan.pmd = pmd
    undaan.kadin = make_user("kadin.pmd")
    assign(undaan.kadin, pmd, "ka_dinas")
    undaan.pengelola = staff("pengelola.undaan", admin_of=undaan.office)
    undaan.pengelola_pmd = staff("pengelola.pmd", admin_of=pmd)
    undaan.organisasi = make_user("organisasi")
    undaan.organisasi.user_permissions.add(Permission.objects.get(codename="view_every_office"))
    return undaan


def listed_users(client) -> set[str]:
    response = client.get("/admin/auth/user/")
    assert response.status_code == 200
    return {user.username for user in response.context["cl"].result_list}


def set_password(client, user):
    return client.post(
        f"/admin/auth/user/{user.pk}/password/",
        {"usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )


def assignment_form(position: Position, user) -> dict:
    return {
        "position": position.pk,
        "user": user.pk,
        "kind": "plt",
        "starts_on": "2026-11-23",
        "own_title": "",
        "nip": "",
    }


def test_pengelola_lists_only_people_of_the_office(client, kabupaten):
    client.force_login(kabupaten.pengelola)

    assert listed_users(client) == {"staf", "kasi", "camat"}


def test_pengelola_cannot_open_or_set_the_password_of_another_pengelola(client, kabupaten):
    client.force_login(kabupaten.pengelola)
    target = kabupaten.pengelola_pmd

    opened = client.get(f"/admin/auth/user/{target.pk}/change/")
    changed = set_password(client, target)

    assert (opened.status_code, opened.url) == (302, "/admin/")
    assert changed.status_code == 404
    target.refresh_from_db()
    assert target.check_password(PASSWORD)
    assert not client.login(username="pengelola.pmd", password=NEW_PASSWORD)


def test_pengelola_cannot_set_the_password_of_the_organisasi_account(client, kabupaten):
    client.force_login(kabupaten.pengelola)

    response = set_password(client, kabupaten.organisasi)

    assert response.status_code == 404
    kabupaten.organisasi.refresh_from_db()
    assert kabupaten.organisasi.check_password(PASSWORD)


@pytest.mark.parametrize("who", ["pengelola_pmd", "organisasi", "kadin", "outsider"])
def test_pengelola_cannot_pull_someone_of_another_office_into_a_position(client, kabupaten, who):
    """Putting them into a position of the office would bring them under the pengelola."""
    target = getattr(kabupaten, who)
    staf = Position.objects.get(office=kabupaten.office, kode="staf")
    client.force_login(kabupaten.pengelola)

    response = client.post("/admin/org/assignment/add/", assignment_form(staf, target))

    assert response.status_code == 200
    assert "user" in response.context["adminform"].form.errors
    assert not Assignment.objects.filter(position=staf, user=target).exists()


def test_someone_who_moved_to_another_office_is_no_longer_the_pengelolas(client, kabupaten):
    assign(
        kabupaten.kadin,
        kabupaten.office,
        "staf",
        starts_on=datetime.date(2015, 1, 1),
        ends_on=datetime.date(2019, 12, 31),
    )
    client.force_login(kabupaten.pengelola)

    response = set_password(client, kabupaten.kadin)

    assert "kadin.pmd" not in listed_users(client)
    assert response.status_code == 404


def test_pmd_pengelola_cannot_make_itself_plt_kepala_dinas_of_an_office_it_does_not_hold(
    client, kabupaten
):
    """The last step of the takeover: even its own office's post needs the pengelola to be
    someone of that office, which the superuser decides."""
    kadin = Position.objects.get(office=kabupaten.pmd, kode="ka_dinas")
    client.force_login(kabupaten.pengelola_pmd)

    response = client.post(
        "/admin/org/assignment/add/", assignment_form(kadin, kabupaten.pengelola_pmd)
    )

    assert response.status_code == 200
    assert not Assignment.objects.filter(user=kabupaten.pengelola_pmd).exists()


def test_pengelola_cannot_raise_rights(client, kabupaten):
    client.force_login(kabupaten.pengelola)
    staf = kabupaten.staf

    client.post(
        f"/admin/auth/user/{staf.pk}/change/",
        {
            "username": "staf",
            "first_name": "Siti",
            "last_name": "Aminah",
            "email": "",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "date_joined_0": "2026-11-01",
            "date_joined_1": "08:00:00",
        },
    )

    staf.refresh_from_db()
    assert (staf.is_staff, staf.is_superuser) == (False, False)


def test_new_account_is_its_makers_until_placed(client, kabupaten):
    client.force_login(kabupaten.pengelola)
    response = client.post(
        "/admin/auth/user/add/",
        {
            "username": "staf.baru",
            "usable_password": "true",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    new = get_user_model().objects.get(username="staf.baru")
    staf = Position.objects.get(office=kabupaten.office, kode="staf")

    placed = client.post("/admin/org/assignment/add/", assignment_form(staf, new))
    client.force_login(kabupaten.pengelola_pmd)

    assert placed.status_code == 302
    assert Assignment.objects.filter(user=new, position=staf).count() == 1
    assert "staf.baru" not in listed_users(client)


@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("ｓtaf.dua", "Nama pengguna: hanya huruf kecil a-z"),
        ("staf dua", "Nama pengguna: hanya huruf kecil a-z"),
        ("Staf.Dua", "Nama pengguna: hanya huruf kecil a-z"),
        ("kasi.lama", "Nama pengguna: sudah dipakai"),
    ],
)
def test_look_alike_names_are_refused(client, kabupaten, username, message):
    make_user("Kasi.Lama")  # an account made before names were checked
    client.force_login(kabupaten.pengelola)

    response = client.post(
        "/admin/auth/user/add/",
        {
            "username": username,
            "usable_password": "true",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 200
    assert message in response.text
    assert not get_user_model().objects.filter(username=username).exists()


def test_admin_changes_go_into_the_audit_trail(client, kabupaten):
    camat = Position.objects.get(office=kabupaten.office, kode="camat")
    client.force_login(kabupaten.pengelola)

    set_password(client, kabupaten.staf)
    client.post("/admin/org/assignment/add/", assignment_form(camat, kabupaten.kasi))

    events = list(AuditEvent.objects.filter(case=None).values_list("action", "actor", "payload"))
    plt = Assignment.objects.get(user=kabupaten.kasi, kind="plt")
    assert events == [
        (
            "admin_ubah",
            kabupaten.pengelola.pk,
            {
                "model": "auth.user",
                "id": kabupaten.staf.pk,
                "objek": "staf",
                "perubahan": [{"changed": {"fields": ["password"]}}],
            },
        ),
        (
            "admin_tambah",
            kabupaten.pengelola.pk,
            {
                "model": "org.assignment",
                "id": plt.pk,
                "objek": "Plt. Camat Undaan: Budi Santoso",
                "perubahan": [{"added": {}}],
            },
        ),
    ]
    assert verify()[0] == []
