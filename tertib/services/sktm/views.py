from django.http import Http404, HttpRequest, HttpResponse

from tertib.cases.documents import pdf_response, render_pdf, signing_record, stored_pdf
from tertib.cases.views import my_case
from tertib.services.sktm.documents import KIND, TEMPLATE, legalisation_context


def legalisation(request: HttpRequest, code: str) -> HttpResponse:
    """The issued sheet once final; before that a draft without QR, if already signed."""
    case = my_case(request, code)
    issued = case.documents.filter(kind=KIND).first()
    if issued:
        return pdf_response(stored_pdf(issued), f"legalisasi-{case.code}.pdf")
    signing = signing_record(case)
    if signing is None:
        raise Http404
    context = legalisation_context(case, code="DRAF", signing=signing, final=False)
    return pdf_response(render_pdf(TEMPLATE, context), f"draf-legalisasi-{case.code}.pdf")
