"""Who sees what of the iuran service."""

from django.utils import timezone

from tertib.org.models import Assignment, Office

IURAN_SOP = "dinas-pmd-iuran-jaminan-kesehatan"  # the SOP this app serves (sops/dinas-pmd/)


def pmd_office(user) -> Office | None:
    """The office the user works in that runs the iuran SOP (Dinas PMD), if any."""
    from tertib.sop.models import Sop

    if not user.is_authenticated:
        return None
    slugs = Sop.objects.filter(kode=IURAN_SOP).values("office_slug")
    held = Assignment.objects.on(timezone.localdate()).filter(user=user).values("position__office")
    return Office.objects.filter(slug__in=slugs, pk__in=held).first()  # one query, on every page
