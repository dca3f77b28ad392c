from django.utils import timezone

from tertib.org.access import my_offices


def office_time_zone(get_response):
    """Staff see times on their office's clock (WIB, WITA or WIT): the first office they work
    in. Pages about one case use that case's office instead (cases/views.py)."""

    def middleware(request):
        user = getattr(request, "user", None)
        office = next(iter(my_offices(request)), None) if user and user.is_authenticated else None
        if office is None:
            return get_response(request)
        with timezone.override(office.tz):
            return get_response(request)

    return middleware
