"""The legalisation sheet: the endorsement an SOP's signing official gives to a citizen's paper
(for the SKTM, the Camat legalises it for the move to PBI JKN-KIS APBD)."""

from django.urls import reverse
from django.utils import timezone

from tertib.cases.documents import (
    case_context,
    new_document_code,
    public_url,
    qr_data_uri,
    render_pdf,
    signing_record,
)
from tertib.cases.issuing import record_document
from tertib.cases.models import Case, IssuedDocument, StepRecord
from tertib.org.access import assignment_for

KIND = "lembar_legalisasi"
TEMPLATE = "sktm/legalisation.html"


def legalisation_context(case: Case, *, code: str, signing: StepRecord, final: bool) -> dict:
    url = public_url(reverse("public:verify", args=[code])) if final else ""
    signed_on = timezone.localtime(signing.completed_at, case.office.tz).date()
    holder = assignment_for(
        signing.completed_by, office=case.office, kode=signing.pelaksana, on=signed_on
    )
    return {
        **case_context(case),
        "code": code,
        "final": final,
        "qr": qr_data_uri(url) if final else "",
        "verify_url": url,
        "signing": signing,
        "signer_title": signing.signed_as,
        "signer_name": signing.completed_by.get_full_name(),
        "nip": holder.nip if holder else "",
        "issued_on": signed_on,
    }


def issue_legalisation(case: Case) -> IssuedDocument:
    """Record the final legalisation sheet with its number and signer; call inside the step.
    Its PDF is rendered after the step commits (render_legalisation)."""
    signing = signing_record(case)
    if signing is None:
        from tertib.cases.actions import ActionError

        raise ActionError(
            "Lembar legalisasi: belum ada langkah yang ditandatangani "
            "(langkah dengan konfirmasi_sandi) sebelum langkah ini."
        )
    return record_document(
        case=case,
        kind=KIND,
        code=new_document_code(),
        number=case.register_number,
        signer_name=signing.completed_by.get_full_name(),
        signer_title=signing.signed_as,
    )


def render_legalisation(document: IssuedDocument) -> bytes:
    """The issued sheet's PDF, from its row and the signature it records; outside every lock."""
    case = document.case
    context = legalisation_context(
        case, code=document.code, signing=signing_record(case), final=True
    )
    return render_pdf(TEMPLATE, context)
