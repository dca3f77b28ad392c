"""The audit trail: a hash chain per case, and one per scope for events without a case.

Each event carries the hash of the one before in its chain and its position (seq). A case's
chain head is kept on the case row, which the engine holds locked anyway, so no audited write
waits on another case. The facts that monitoring and documents rely on (finished step records,
register entries, issued documents) are copied into the payload of the event that wrote them, so
the event's hash covers them; `tertib.cases.auditcheck` compares the rows with those copies.
"""

import datetime
import hashlib
import json

from django.db.models import Model

from tertib.cases import fastpath
from tertib.cases.models import AuditChain, AuditEvent, Case

GENESIS = "0" * 64
SYSTEM_SCOPE = "sistem"

# The fields of each row that the trail keeps a copy of (payload keys "catatan", "register",
# "dokumen"). Changing a list changes what old events are compared with: add, never rename.
RECORD_FACTS = [
    *("id", "case_id", "step_no", "stage", "pelaksana", "arrived_at", "mutu_baku_minutes"),
    *("due_at", "claimed_at", "claimed_by_id", "completed_at", "completed_by_id", "signed_as"),
    *("outcome", "note", "waiting_minutes", "handling_minutes"),
]
ENTRY_FACTS = [
    *("id", "case_id", "register_id", "year", "number", "formatted", "entered_on", "subject"),
    *("entered_by_id", "revoked_at", "revoked_reason"),
]
DOCUMENT_FACTS = [
    *("id", "case_id", "kind", "code", "number", "issued_at", "signer_name", "signer_title"),
    *("sha256", "path", "revoked_at", "revoked_reason"),
]


def plain(value):
    """A field value as JSON keeps it; moments in UTC so that every database gives the same."""
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def facts(row: Model, fields: list[str]) -> dict:
    return {name: plain(getattr(row, name)) for name in fields}


def record_facts(record) -> dict:
    return facts(record, RECORD_FACTS)


def entry_facts(entry) -> dict:
    return facts(entry, ENTRY_FACTS)


def document_facts(document) -> dict:
    return facts(document, DOCUMENT_FACTS)


def event_hash(
    *, chain: str, seq: int, prev_hash: str, case_id, actor_id, action: str, payload: dict, at
) -> str:
    body = json.dumps(
        [chain, seq, prev_hash, case_id, actor_id, action, payload, round(at.timestamp() * 1e6)],
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(body.encode()).hexdigest()


def case_chain(case_id: int) -> str:
    return f"permohonan:{case_id}"


def record_event(
    *,
    case: Case | None,
    actor,
    action: str,
    payload: dict,
    at: datetime.datetime,
    scope: str = SYSTEM_SCOPE,
    case_fields: tuple[str, ...] = (),
) -> AuditEvent:
    """Append one event to the case's chain (or the scope's, without a case); call inside the
    transaction that made the change it records.

    case_fields: fields of the case changed with the event, written in the same UPDATE as the
    chain head."""
    actor_id = actor.pk if actor is not None else None
    if case is not None:
        return _append_to_case(case, actor_id, action, payload, at, case_fields)
    return _append_to_scope(scope, actor_id, action, payload, at)


def _append_to_case(case: Case, actor_id, action: str, payload: dict, at, fields) -> AuditEvent:
    head, count = case.audit_head, case.audit_count
    prev, seq = head or GENESIS, count + 1
    digest = event_hash(
        chain=case_chain(case.pk),
        seq=seq,
        prev_hash=prev,
        case_id=case.pk,
        actor_id=actor_id,
        action=action,
        payload=payload,
        at=at,
    )
    case.audit_head, case.audit_count = digest, seq
    event = AuditEvent(
        case=case,
        seq=seq,
        actor_id=actor_id,
        action=action,
        payload=payload,
        created_at=at,
        prev_hash=prev,
        hash=digest,
    )
    head = [*fields, "audit_head", "audit_count"]
    if not fastpath.update_and_insert(case, head, event, audit_count=count):
        # the caller's copy of the case is older than its row: read the head locked, again
        fresh = Case.objects.select_for_update().only("audit_head", "audit_count").get(pk=case.pk)
        case.audit_head, case.audit_count = fresh.audit_head, fresh.audit_count
        return _append_to_case(case, actor_id, action, payload, at, fields)
    return event


def _append_to_scope(scope: str, actor_id, action: str, payload: dict, at) -> AuditEvent:
    AuditChain.objects.get_or_create(scope=scope, defaults={"head": GENESIS})
    chain = AuditChain.objects.select_for_update().get(scope=scope)
    seq = chain.count + 1
    digest = event_hash(
        chain=scope,
        seq=seq,
        prev_hash=chain.head,
        case_id=None,
        actor_id=actor_id,
        action=action,
        payload=payload,
        at=at,
    )
    event = AuditEvent.objects.create(
        scope=scope,
        seq=seq,
        actor_id=actor_id,
        action=action,
        payload=payload,
        created_at=at,
        prev_hash=chain.head,
        hash=digest,
    )
    chain.head, chain.count = digest, seq
    chain.save(update_fields=["head", "count"])
    return event
