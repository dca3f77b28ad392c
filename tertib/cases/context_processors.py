from django.utils import timezone

from tertib.org.access import my_offices
from tertib.sop.services import SERVICES, menu_entries

MENU_SESSION_KEY = "tertib_menu"


def menu(request) -> dict:
    """The menu entries services add, each shown only to whom it may serve (some to everyone)."""
    if not hasattr(request, "user"):
        return {"service_menu": []}
    if not request.user.is_authenticated or not hasattr(request, "session"):
        return {"service_menu": menu_entries(request)}
    return {"service_menu": remembered_menu(request)}


def remembered_menu(request) -> list[dict]:
    """A signed-in user's entries, worked out once per day and set of positions and kept in the
    session: deciding them asks the database on every page otherwise. The pages behind the
    entries check the user's rights themselves; the menu only shows the way."""
    key = _menu_key(request)
    kept = request.session.get(MENU_SESSION_KEY)
    if not kept or kept.get("key") != key:
        entries = [{"label": e.label, "url_name": e.url_name} for e in menu_entries(request)]
        kept = {"key": key, "entries": entries}
        request.session[MENU_SESSION_KEY] = kept
    return kept["entries"]


def _menu_key(request) -> str:
    """What the entries depend on: the day, the positions held that day (per office), and the
    entries the services registered."""
    held = sorted(f"{o.pk}:{kode}" for o, kodes in my_offices(request).items() for kode in kodes)
    registered = [entry.url_name for service in SERVICES.values() for entry in service.menu]
    return "|".join([timezone.localdate().isoformat(), ",".join(held), ",".join(registered)])
