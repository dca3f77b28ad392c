"""Revoking an issued document (*Cabut dokumen*): the official who signed it, or whoever holds or
acts for that position now, withdraws it with a reason. The document and its register entry are
marked, never deleted; `/verifikasi/` then says DICABUT.

Rejecting or cancelling a case revokes its documents in the engine
(documents.revoke_case_documents).
"""

import datetime

from django.db import transaction
from django.utils import timezone

from tertib.cases.audit import record_event
from tertib.cases.clock import local
from tertib.cases.documents import revoke, signing_record
from tertib.cases.engine import EngineError, NotPermitted, Stale, _locked
from tertib.cases.models import AuditAction, Case, IssuedDocument, StepRecord
from tertib.org.access import assignment_for

MAX_REASON = 1000


def may_revoke(actor, case: Case, on: datetime.date) -> bool:
    """Whether the actor signed the case's documents or holds (or acts for) that position."""
    signing = signing_record(case)
    if signing is None or not actor.is_authenticated:
        return False
    if signing.completed_by_id == actor.pk:
        return True
    return assignment_for(actor, office=case.office, kode=signing.pelaksana, on=on) is not None


def may_revoke_as(actor, signing: StepRecord | None, kodes: set[str]) -> bool:
    """may_revoke from what the case page already read: the case's latest signature and the
    pelaksana kodes the actor holds (or acts for) in its office today."""
    if signing is None or not actor.is_authenticated:
        return False
    return signing.completed_by_id == actor.pk or signing.pelaksana in kodes


@transaction.atomic
def revoke_document(
    *, document: IssuedDocument, actor, reason: str, at: datetime.datetime | None = None
) -> IssuedDocument:
    """Withdraw an issued document with the reason; its register entry is marked too."""
    at = at or timezone.now()
    reason = reason.strip()
    if not reason:
        raise EngineError("Alasan pencabutan: wajib diisi.")
    if len(reason) > MAX_REASON:
        raise EngineError(f"Alasan pencabutan: paling banyak {MAX_REASON} karakter.")
    case = _locked(document.case)
    document = IssuedDocument.objects.get(pk=document.pk, case=case)
    if document.revoked_at is not None:
        raise Stale("Dokumen ini sudah dicabut.")
    if not may_revoke(actor, case, local(at, case.office.tz).date()):
        raise NotPermitted(
            "Hanya pejabat yang menandatangani dokumen ini (atau yang kini memegang jabatannya) "
            "yang dapat mencabutnya."
        )
    entries = list(case.register_entries.filter(formatted=document.number, revoked_at=None))
    written = revoke(
        documents=[document], entries=entries if document.number else [], reason=reason, at=at
    )
    record_event(
        case=case,
        actor=actor,
        action=AuditAction.CABUT,
        at=at,
        payload={"alasan": reason, **written},
    )
    return document
