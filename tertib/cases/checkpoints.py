"""Keyed checkpoints of the audit trail, kept outside the database.

A checkpoint is one JSON line appended to `checkpoints.jsonl` in TERTIB_AUDIT_CHECKPOINT_DIR:
the chains whose (count, head) changed since the line before, the hash of the sorted list of
every chain's (chain, count, head) after it, and an HMAC-SHA256 over the line and the previous
line's MAC with TERTIB_AUDIT_KEY, which the database never holds. Someone who can write the
database but not the file or the key cannot rewrite a chain, or drop its last events, without
audit_verify naming it. See docs/audit.md.
"""

import datetime
import hashlib
import hmac
import json
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail

from tertib.cases.audit import case_chain
from tertib.cases.models import AuditChain, Case

FILE_NAME = "checkpoints.jsonl"

Heads = dict[str, tuple[int, str]]


class CheckpointError(Exception):
    """The checkpoint file cannot be trusted or written; the message says why, in Indonesian."""


def key() -> bytes:
    if not settings.AUDIT_KEY:
        raise CheckpointError("TERTIB_AUDIT_KEY belum diatur: checkpoint memerlukan kunci.")
    return settings.AUDIT_KEY.encode()


def checkpoint_file() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_DIR) / FILE_NAME


def current_heads() -> Heads:
    """Every chain's (count, head) as the database holds them now."""
    cases = Case.objects.filter(audit_count__gt=0).values_list("pk", "audit_count", "audit_head")
    heads = {case_chain(pk): (count, head) for pk, count, head in cases.iterator()}
    heads |= {
        scope: (count, head)
        for scope, count, head in AuditChain.objects.values_list("scope", "count", "head")
    }
    return heads


def root(heads: Heads) -> str:
    """The hash of the sorted (chain, count, head) list."""
    lines = "\n".join(f"{chain} {count} {head}" for chain, (count, head) in sorted(heads.items()))
    return hashlib.sha256(lines.encode()).hexdigest()


def mac(line: dict) -> str:
    body = json.dumps({k: v for k, v in line.items() if k != "mac"}, sort_keys=True)
    return hmac.new(key(), body.encode(), hashlib.sha256).hexdigest()


def read() -> tuple[Heads, dict | None]:
    """The heads as of the last checkpoint, and that line; CheckpointError when a line was
    altered, removed from the middle, or made without the key."""
    path = checkpoint_file()
    heads: Heads = {}
    last = None
    if not path.exists():
        return heads, None
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = _parse(text, number)
        if not hmac.compare_digest(line.get("mac", ""), mac(line)):
            raise CheckpointError(f"{path} baris {number}: MAC salah (diubah, atau kunci lain)")
        if line.get("prev_mac", "") != (last["mac"] if last else ""):
            raise CheckpointError(f"{path} baris {number}: baris sebelumnya hilang atau diganti")
        heads |= {chain: (count, head) for chain, (count, head) in line["changed"].items()}
        if root(heads) != line["root"]:
            raise CheckpointError(f"{path} baris {number}: akar tidak cocok dengan isinya")
        last = line
    return heads, last


def _parse(text: str, number: int) -> dict:
    try:
        line = json.loads(text)
    except ValueError:
        raise CheckpointError(f"{checkpoint_file()} baris {number}: bukan JSON") from None
    if not isinstance(line, dict) or not isinstance(line.get("changed"), dict):
        raise CheckpointError(f"{checkpoint_file()} baris {number}: bentuknya salah")
    return line


def write(*, at: datetime.datetime) -> dict:
    """Append a checkpoint of the current heads (call after audit_verify found nothing)."""
    before, last = read()
    now = current_heads()
    heads = before | now
    line = {
        "made_at": at.isoformat(),
        "chains": len(heads),
        "events": sum(count for count, _head in heads.values()),
        "root": root(heads),
        "changed": {
            chain: list(value) for chain, value in now.items() if before.get(chain) != value
        },
        "prev_mac": last["mac"] if last else "",
    }
    line["mac"] = mac(line)
    path = checkpoint_file()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with path.open("a", encoding="utf-8") as file:
        file.write(json.dumps(line, sort_keys=True) + "\n")
    path.chmod(0o600)
    _mail(line)
    return line


def _mail(line: dict) -> None:
    if settings.AUDIT_CHECKPOINT_EMAIL:
        summary = {k: line[k] for k in ("made_at", "chains", "events", "root", "mac")}
        send_mail(
            f"Checkpoint jejak audit Tertib {line['made_at'][:10]}",
            json.dumps(summary, indent=2),
            None,
            settings.AUDIT_CHECKPOINT_EMAIL,
        )
