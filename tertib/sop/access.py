"""Which SOPs a signed-in user works under."""

from tertib.org.access import my_offices
from tertib.sop.models import Sop, source_fields


def office_sops(request) -> list[Sop]:
    """The SOPs of the offices where the user works today, each with its current version (the
    source text left out), read once per request: the worklist and the services' hooks ask."""
    if not hasattr(request, "tertib_office_sops"):
        slugs = [office.slug for office in my_offices(request)]
        sops = Sop.objects.filter(office_slug__in=slugs).select_related("current_version")
        request.tertib_office_sops = list(sops.defer(*source_fields("current_version")))
    return request.tertib_office_sops
