"""Final documents are rendered outside every lock, once.

A step that issues a document writes its row in the step's transaction: the verification code,
the register number, the signer, the name its file will have, and no SHA-256 yet. The step's
audit event copies that row. Rendering (WeasyPrint, then the office's signature) takes hundreds
of milliseconds, so it happens after the commit, when neither the case row nor the register
counter is locked any more:

1. right after the step commits, in the same process (`transaction.on_commit`);
2. if that process died in between, on the document's first download or verification, or when
   the timer runs `manage.py issue_documents` (next to `sweep`).

Whoever renders first claims the row (`rendering_since`, one UPDATE outside any transaction),
so the PDF is made once; a claim older than RENDER_LEASE belongs to a renderer that crashed and
may be taken over. The stored file's SHA-256 and name enter the case's hash chain through their
own short event, "Dokumen diterbitkan" (AuditAction.TERBITKAN), whose copy of the row is the one
`audit_verify` compares with it from then on. Issued PDFs are served from storage, never
rendered again.
"""

import datetime
import hashlib
import logging
import time
from functools import partial

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tertib.cases import storage
from tertib.cases.audit import document_facts, record_event
from tertib.cases.models import AuditAction, Case, IssuedDocument
from tertib.forms import TryLater
from tertib.sop import services

log = logging.getLogger(__name__)

RENDER_LEASE = datetime.timedelta(minutes=10)
WAIT_SECONDS = 30  # how long a reader waits for another process's render before giving up


class DocumentPending(TryLater):
    """Another process is rendering the document right now."""


def record_document(*, case: Case, kind: str, code: str, **fields) -> IssuedDocument:
    """Write the row of a document issued by the step; call inside the step's transaction.
    Its PDF is rendered once the step commits."""
    document = IssuedDocument.objects.create(
        case=case,
        kind=kind,
        code=code,
        issued_at=timezone.now(),
        path=f"documents/{case.code}/{kind}-{code}.pdf",
        **fields,
    )
    transaction.on_commit(partial(render_after_commit, document.pk))
    return document


def render_after_commit(document_id: int) -> None:
    """The on_commit hook: a failure here leaves the document pending, never the step undone."""
    try:
        render_document(document_id)
    except Exception:
        log.exception("dokumen #%s belum dirender; dicoba lagi saat diunduh", document_id)


def render_document(document_id: int) -> bool:
    """Render, sign and store the document's PDF unless it is done or being done; True when
    this call rendered it."""
    if not _claim(document_id):
        return False
    document = IssuedDocument.objects.select_related("case__office").get(pk=document_id)
    try:
        pdf = render_pdf_of(document)
    except Exception:
        IssuedDocument.objects.filter(pk=document_id).update(rendering_since=None)  # retry soon
        raise
    files = storage.private()
    if files.exists(document.path):  # left by a renderer that died before recording it
        files.delete(document.path)
    path = files.save(document.path, ContentFile(pdf))
    if not _record_rendered(document_id, sha256=hashlib.sha256(pdf).hexdigest(), path=path):
        files.delete(path)
    return True


def render_pdf_of(document: IssuedDocument) -> bytes:
    """The signed PDF of the document as its service draws it (sign_pdf may ask a remote
    signer: outside every lock too)."""
    from tertib.cases.signing import sign_pdf  # signing imports actions, which imports us

    pdf = services.document(document.kind).render(document)
    return sign_pdf(pdf, office=document.case.office)


def _claim(document_id: int) -> bool:
    """Take the right to render: one UPDATE, committed at once outside a transaction."""
    now = timezone.now()
    free = Q(rendering_since__isnull=True) | Q(rendering_since__lt=now - RENDER_LEASE)
    claimed = IssuedDocument.objects.filter(free, pk=document_id, sha256="")
    return claimed.update(rendering_since=now) == 1


@transaction.atomic
def _record_rendered(document_id: int, *, sha256: str, path: str) -> bool:
    """Record the stored file and write "Dokumen diterbitkan" into the case's chain; False when
    a renderer that took over an expired claim got there first."""
    document = IssuedDocument.objects.get(pk=document_id)
    # The case row first, as revocation locks it: the two never wait on each other crosswise.
    case = Case.objects.select_for_update(of=("self",)).get(pk=document.case_id)
    document = IssuedDocument.objects.select_for_update().get(pk=document_id)
    if document.sha256:
        return False
    document.sha256, document.path, document.rendering_since = sha256, path, None
    document.save(update_fields=["sha256", "path", "rendering_since"])
    record_event(
        case=case,
        actor=None,
        action=AuditAction.TERBITKAN,
        at=timezone.now(),
        payload={"dokumen": [document_facts(document)]},
    )
    return True


def rendered(document: IssuedDocument, *, wait: float = WAIT_SECONDS) -> IssuedDocument:
    """The document with its file stored: rendered now if it never was (a crash after the step),
    or waited for while another process renders it; raises DocumentPending after wait seconds."""
    deadline = time.monotonic() + wait
    while not document.sha256:
        render_document(document.pk)
        document.refresh_from_db()
        if document.sha256:
            break
        if time.monotonic() > deadline:
            raise DocumentPending(f"Dokumen {document.code} sedang diterbitkan, coba lagi.")
        time.sleep(0.2)
    return document


def render_pending() -> tuple[int, list[str]]:
    """Render every document still without a file (the timer's catch-up); returns how many were
    rendered and the problems, in Indonesian."""
    done, problems = 0, []
    pending = IssuedDocument.objects.filter(sha256="").order_by("pk")
    for pk, code in pending.values_list("pk", "code"):
        try:
            done += render_document(pk)
        except Exception as error:  # noqa: BLE001 - one bad document must not stop the rest
            problems.append(f"dokumen {code}: {error}")
    return done, problems
