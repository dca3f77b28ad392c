"""Who sees what of the iuran service."""

from django.utils import timezone

from tertib.org.access import offices_of
from tertib.org.models import Office

IURAN_SOP = "dinas-pmd-iuran-jaminan-kesehatan"  # the SOP this app serves (sops/dinas-pmd/)


def pmd_office(user) -> Office | None:
    """The office the user works in that runs the iuran SOP (Dinas PMD), if any."""
    return pmd_office_among(offices_of(user, on=timezone.localdate()))


def pmd_office_among(offices) -> Office | None:
    """Of these offices, the one that runs the iuran SOP, if any."""
    from tertib.sop.models import Sop

    slugs = {office.slug: office for office in offices}
    if not slugs:
        return None
    runs = Sop.objects.filter(kode=IURAN_SOP, office_slug__in=slugs).values_list("office_slug")
    return next((slugs[slug] for (slug,) in runs), None)
