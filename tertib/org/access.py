"""Who may act for which position, on which day."""

import datetime

from django.utils import timezone

from tertib.org.models import Assignment, Office


def assignment_for(user, *, office: Office, kode: str, on: datetime.date) -> Assignment | None:
    """The user's assignment to the office's position with that kode, in date; else None."""
    if not user.is_authenticated:
        return None
    return (
        Assignment.objects.on(on)
        .filter(user=user, position__office=office, position__kode=kode)
        .select_related("position")
        .order_by("-starts_on", "pk")  # the latest; Meta.ordering would join the office
        .first()
    )


def offices_of(user, *, on: datetime.date) -> list[Office]:
    """Offices where the user holds or acts for a position on that day."""
    if not user.is_authenticated:
        return []
    ids = Assignment.objects.on(on).filter(user=user).values("position__office")
    return list(Office.objects.filter(pk__in=ids))


def kodes_by_office(user, *, on: datetime.date) -> dict[Office, set[str]]:
    """Each office where the user holds or acts for a position that day, with the pelaksana
    kodes they may act as there; offices by name."""
    if not user.is_authenticated:
        return {}
    rows = (
        Assignment.objects.on(on)
        .filter(user=user)
        .select_related("position__office")
        .order_by("position__office__name", "position__office")
    )
    result: dict[Office, set[str]] = {}
    for assignment in rows:
        result.setdefault(assignment.position.office, set()).add(assignment.position.kode)
    return result


def my_offices(request) -> dict[Office, set[str]]:
    """kodes_by_office for the signed-in user today, looked up once per request: the view and
    the menu both need it."""
    if not hasattr(request, "tertib_offices"):
        request.tertib_offices = kodes_by_office(request.user, on=timezone.localdate())
    return request.tertib_offices


def readable_offices(user, *, on: datetime.date) -> list[Office]:
    """Offices whose reports and registers the user may read: their own, or every office for
    the kabupaten's Bagian Organisasi (the view_every_office permission)."""
    if user.has_perm("org.view_every_office"):
        return list(Office.objects.all())
    return offices_of(user, on=on)


def may_read(user, office: Office, *, on: datetime.date) -> bool:
    """Whether the user may read the office's reports and registers (see readable_offices)."""
    return user.has_perm("org.view_every_office") or handles_cases_of(user, office, on=on)


def handles_cases_of(user, office: Office, *, on: datetime.date) -> bool:
    """Whether the user works in the office, and so may see its applicants' personal data."""
    return Assignment.objects.on(on).filter(user=user, position__office=office).exists()
