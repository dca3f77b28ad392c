"""What the SKTM service adds: the legalisation sheet and its draft on the case page."""

from django.template.loader import render_to_string

from tertib.sop.services import DocumentKind, Service


def panel(request, case, record, may_act: bool) -> str:
    """Between the signature and the issue, a link to the draft sheet (the issued one is listed
    with the case's documents)."""
    from tertib.cases.documents import signing_records

    if not case.is_open:
        return ""
    unissued = signing_records(case).exclude(case__documents__kind="lembar_legalisasi")
    if not unissued.exists():
        return ""
    return render_to_string("sktm/_panel.html", {"case": case}, request=request)


def service() -> Service:
    from tertib.services.sktm.documents import KIND, issue_legalisation, render_legalisation

    return Service(
        kode="sktm",
        nama="Legalisasi SKTM",
        documents={
            KIND: DocumentKind("Lembar legalisasi", issue_legalisation, render_legalisation)
        },
        panels=[panel],
        urls="tertib.services.sktm.urls",
        url_prefix="sktm",
    )
