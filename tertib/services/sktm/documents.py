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
    store_document,
)
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
    """Issue the final legalisation sheet: store the PDF and its hash; call inside the step."""
    signing = signing_record(case)
    if signing is None:
        from tertib.cases.actions import ActionError

        raise ActionError(
            "Lembar legalisasi: belum ada langkah yang ditandatangani "
            "(langkah dengan konfirmasi_sandi) sebelum langkah ini."
        )
    code = new_document_code()
    pdf = render_pdf(TEMPLATE, legalisation_context(case, code=code, signing=signing, final=True))
    return store_document(
        case,
        KIND,
        code,
        pdf,
        number=case.register_number,
        signer_name=signing.completed_by.get_full_name(),
        signer_title=signing.signed_as,
    )
