from tertib.sop.services import menu_entries


def menu(request) -> dict:
    """The menu entries services add, each shown only to whom it may serve."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"service_menu": []}
    return {"service_menu": menu_entries(request)}
