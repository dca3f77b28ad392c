from tertib.iuran.access import pmd_office


def iuran(request) -> dict:
    """Whether the menu shows the iuran pages: only to staff of the office that runs them."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"iuran_office": pmd_office(user)}
