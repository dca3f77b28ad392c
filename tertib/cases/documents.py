"""Documents of a case: one function and one template each, PDF by WeasyPrint.

The receipt and the return slip are printed on demand. A final document is issued once: its
row is written by the step, its PDF rendered after the step commits (tertib.cases.issuing) and
stored outside the web root with its SHA-256; it carries a QR to its public verification page.
"""

import base64
import secrets

import segno
from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import get_valid_filename

from tertib.cases import fastpath, storage
from tertib.cases.audit import document_facts, entry_facts
from tertib.cases.issuing import rendered
from tertib.cases.models import Case, IssuedDocument, Outcome, RegisterEntry, StepRecord
from tertib.lib.money import rupiah
from tertib.lib.nik import mask
from tertib.sop import services
from tertib.sop.document import letterhead_logo

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def public_url(path: str) -> str:
    return settings.PUBLIC_BASE_URL.rstrip("/") + path


def qr_data_uri(url: str) -> str:
    svg = segno.make(url, error="m").svg_inline(scale=3, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def pdf_response(pdf: bytes, name: str) -> HttpResponse:
    """A PDF shown in the browser, saved under name."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{get_valid_filename(name)}"'
    return response


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML  # slow import, only when a PDF is made

    return HTML(string=render_html(template, context)).write_pdf()


def render_html(template: str, context: dict) -> str:
    """A document's HTML in Indonesian, its times on the clock of the office that issues it."""
    office = context.get("office")
    context = {"letterhead_logo": letterhead_logo(office.slug if office else ""), **context}
    with translation.override("id"), timezone.override(office.tz if office else None):
        return render_to_string(template, context)


def _shown(field, value):
    """An intake answer as pages and papers write it: amounts as Rp 1.332.000."""
    return rupiah(value) if field.jenis == "uang" and isinstance(value, int) else value


def case_context(case: Case) -> dict:
    definition = case.sop_version.definition
    fields = [
        (field, _shown(field, case.intake.get(field.kode, "")))
        for field in definition.layanan.formulir
    ]
    return {
        "case": case,
        "office": case.office,
        "sop": definition,
        "fields": fields,
        "subject_masked": masked_name(case.subject),
    }


def receipt_context(case: Case) -> dict:
    url = public_url(reverse("public:track", args=[case.code]))
    return {
        **case_context(case),
        "track_url": url,
        "qr": qr_data_uri(url),
        "received": case.records.order_by("pk").first(),
        "links": [
            {**link, "qr": qr_data_uri(link["url"])} for link in services.receipt_links(case)
        ],
    }


def return_slip_context(case: Case) -> dict:
    definition = case.sop_version.definition
    missing = [s for s in definition.layanan.persyaratan if s.kode not in case.checklist]
    returned = case.records.filter(outcome=Outcome.TIDAK).order_by("-pk").first()
    return {**case_context(case), "missing": missing, "returned": returned}


def signing_steps(definition) -> list[int]:
    """The steps whose official signs (those that ask for the password)."""
    return [s.no for s in definition.langkah if definition.aksi(s.no).konfirmasi_sandi]


def signing_records(case: Case):
    """The records of the steps whose official signed."""
    steps = signing_steps(case.sop_version.definition)
    return case.records.filter(step_no__in=steps, outcome=Outcome.LANJUT)


def latest_signing(definition, records: list[StepRecord]) -> StepRecord | None:
    """signing_record over the case's records already read (the case page has them all)."""
    steps = signing_steps(definition)
    signed = [r for r in records if r.step_no in steps and r.outcome == Outcome.LANJUT]
    return max(signed, key=lambda r: r.pk, default=None)


def signing_record(case: Case) -> StepRecord | None:
    """The latest signature of the case, if any (read on the step that issues a document)."""
    steps = signing_steps(case.sop_version.definition)
    return fastpath.last_record(case_id=case.pk, step_nos=steps, outcome=Outcome.LANJUT)


def new_document_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


def stored_pdf(document: IssuedDocument) -> bytes:
    """The issued PDF as stored; rendered first if the process that issued it died before."""
    return storage.read(rendered(document).path)


def revoke_case_documents(*, case: Case, reason: str, at) -> dict:
    """Revoke every document of the case still in force, and mark its register entries; call
    inside the transaction that rejects or cancels the case. Returns a copy for its event."""
    documents = list(case.documents.filter(revoked_at__isnull=True).order_by("pk"))
    entries = list(case.register_entries.filter(revoked_at__isnull=True).order_by("pk"))
    return revoke(documents=documents, entries=entries, reason=reason, at=at)


def revoke(*, documents: list[IssuedDocument], entries: list[RegisterEntry], reason, at) -> dict:
    """Mark documents and register entries revoked (never deleted); a copy for the audit event."""
    for row in [*documents, *entries]:
        row.revoked_at, row.revoked_reason = at, reason
        row.save(update_fields=["revoked_at", "revoked_reason"])
    written = {}
    if documents:
        written["dokumen"] = [document_facts(document) for document in documents]
    if entries:
        written["register"] = [entry_facts(entry) for entry in entries]
    return written


def masked_name(name: str) -> str:
    """ "Sumarni Rahayu" -> "Su***** Ra*****": enough to recognise, not to identify."""
    return " ".join(word[:2] + "*" * max(1, len(word) - 2) for word in name.split())


def shown_subject(case: Case) -> str:
    """The case's subject as lists and public pages show it: masked when it names a person."""
    if any(field.subjek for field in case.sop_version.definition.layanan.formulir):
        return masked_name(case.subject)
    return case.subject


def masked_value(value: str) -> str:
    return mask(value) if value.isdigit() else "*" * min(len(value), 8)
