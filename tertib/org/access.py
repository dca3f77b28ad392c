"""Who may act for which position, on which day."""

import datetime

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


def kodes_of(user, *, office: Office, on: datetime.date) -> set[str]:
    """The pelaksana kodes the user may act as in that office on that day."""
    rows = Assignment.objects.on(on).filter(user=user, position__office=office)
    return set(rows.values_list("position__kode", flat=True))
