from tertib.iuran.access import pmd_office_among
from tertib.org.access import my_offices


def iuran(request) -> dict:
    """Whether the menu shows the iuran pages: only to staff of the office that runs them."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"iuran_office": pmd_office_among(my_offices(request))}
