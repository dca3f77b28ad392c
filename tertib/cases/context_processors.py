from tertib.sop.services import menu_entries


def menu(request) -> dict:
    """The menu entries services add, each shown only to whom it may serve (some to everyone)."""
    if not hasattr(request, "user"):
        return {"service_menu": []}
    return {"service_menu": menu_entries(request)}
