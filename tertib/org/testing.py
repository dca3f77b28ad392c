"""Small factories for tests: offices, positions, people and who holds what."""

import datetime

from django.contrib.auth import get_user_model

from tertib.org.models import Assignment, Office, Position

PASSWORD = "sandi-uji-123"


def make_office(
    *,
    slug: str = "kecamatan-undaan",
    name: str = "Kecamatan Undaan",
    positions: dict[str, str] | None = None,
) -> Office:
    office = Office.objects.create(slug=slug, name=name)
    for kode, title in (positions or {}).items():
        Position.objects.create(office=office, kode=kode, title=title)
    return office


def make_user(username: str, *, full_name: str = ""):
    first, _, last = (full_name or username.title()).partition(" ")
    return get_user_model().objects.create_user(
        username=username, password=PASSWORD, first_name=first, last_name=last
    )


def assign(
    user,
    office: Office,
    kode: str,
    *,
    kind: str = "definitif",
    starts_on: datetime.date = datetime.date(2020, 1, 1),
    ends_on: datetime.date | None = None,
    nip: str = "",
) -> Assignment:
    position = Position.objects.get(office=office, kode=kode)
    return Assignment.objects.create(
        position=position, user=user, kind=kind, starts_on=starts_on, ends_on=ends_on, nip=nip
    )
