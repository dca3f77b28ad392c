"""The hash-chained audit trail: each event carries the hash of the one before."""

import datetime
import hashlib
import json

from tertib.cases.models import AuditEvent, AuditHead, Case

GENESIS = "0" * 64


def event_hash(*, prev_hash: str, case_id, actor_id, action: str, payload: dict, at) -> str:
    body = json.dumps(
        [prev_hash, case_id, actor_id, action, payload, round(at.timestamp() * 1_000_000)],
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(body.encode()).hexdigest()


def record_event(
    *, case: Case | None, actor, action: str, payload: dict, at: datetime.datetime
) -> AuditEvent:
    """Append one event; call inside the transaction that made the change it records."""
    head, _ = AuditHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"last_hash": GENESIS}
    )
    actor_id = actor.pk if actor is not None else None
    digest = event_hash(
        prev_hash=head.last_hash,
        case_id=case.pk if case else None,
        actor_id=actor_id,
        action=action,
        payload=payload,
        at=at,
    )
    event = AuditEvent.objects.create(
        case=case,
        actor_id=actor_id,
        action=action,
        payload=payload,
        created_at=at,
        prev_hash=head.last_hash,
        hash=digest,
    )
    head.last_hash = digest
    head.save(update_fields=["last_hash"])
    return event


def verify_chain() -> list[str]:
    """Every break in the chain: an event changed, removed or inserted. Empty when intact."""
    problems, prev = [], GENESIS
    for event in AuditEvent.objects.order_by("pk").iterator():
        if event.prev_hash != prev:
            problems.append(
                f"peristiwa #{event.pk}: rantai putus (ada yang dihapus atau disisipkan)"
            )
        expected = event_hash(
            prev_hash=event.prev_hash,
            case_id=event.case_id,
            actor_id=event.actor_id,
            action=event.action,
            payload=event.payload,
            at=event.created_at,
        )
        if expected != event.hash:
            problems.append(f"peristiwa #{event.pk}: isinya diubah")
        prev = event.hash
    head = AuditHead.objects.filter(pk=1).first()
    if head and head.last_hash != prev:
        problems.append("peristiwa terakhir hilang")
    return problems
