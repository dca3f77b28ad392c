"""Who sees what of the iuran service."""

from django.utils import timezone

from tertib.org.access import offices_of
from tertib.org.models import Office

IURAN_SOP = "dinas-pmd-iuran-jaminan-kesehatan"  # the SOP this app serves (sops/dinas-pmd/)


def pmd_office(user) -> Office | None:
    """The office the user works in that runs the iuran SOP (Dinas PMD), if any."""
    from tertib.sop.models import Sop

    slugs = set(Sop.objects.filter(kode=IURAN_SOP).values_list("office_slug", flat=True))
    return next((o for o in offices_of(user, on=timezone.localdate()) if o.slug in slugs), None)
