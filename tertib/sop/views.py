from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from tertib.sop.bpmn import to_bpmn
from tertib.sop.document import render_html, render_pdf
from tertib.sop.models import Sop, SopVersion


def catalogue(request: HttpRequest) -> HttpResponse:
    """Every SOP, grouped by office, with its versions and documents."""
    offices: dict[str, list[Sop]] = {}
    sops = Sop.objects.select_related("current_version").prefetch_related("versions")
    for sop in sops.filter(current_version__isnull=False):
        offices.setdefault(sop.current_version.data["kantor"]["nama"], []).append(sop)
    return render(request, "sop/catalogue.html", {"offices": sorted(offices.items())})


def document(request: HttpRequest, kode: str, number: int | None = None) -> HttpResponse:
    version = _version(kode, number)
    return HttpResponse(render_html(version, web=True))


def document_pdf(request: HttpRequest, kode: str, number: int) -> HttpResponse:
    version = _version(kode, number)
    response = HttpResponse(render_pdf(version), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="SOP-{kode}-v{number}.pdf"'
    return response


def document_bpmn(request: HttpRequest, kode: str, number: int) -> HttpResponse:
    version = _version(kode, number)
    response = HttpResponse(
        to_bpmn(version.definition, versi=number), content_type="application/xml; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="SOP-{kode}-v{number}.bpmn"'
    return response


def _version(kode: str, number: int | None) -> SopVersion:
    sop = get_object_or_404(Sop, kode=kode, current_version__isnull=False)
    if number is None:
        return sop.current_version
    return get_object_or_404(SopVersion, sop=sop, number=number)
