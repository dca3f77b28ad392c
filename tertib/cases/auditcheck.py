"""What `audit_verify` checks: every chain, its stored head, the last checkpoint, and the rows
whose copies the events carry (step records, register entries, issued documents), plus the
assignments the signatures rest on. See docs/audit.md for what it can and cannot see."""

import itertools
from collections import defaultdict

from tertib.cases.audit import (
    DOCUMENT_FACTS,
    ENTRY_FACTS,
    GENESIS,
    RECORD_FACTS,
    case_chain,
    event_hash,
    facts,
)
from tertib.cases.clock import local
from tertib.cases.models import (
    AuditChain,
    AuditEvent,
    Case,
    IssuedDocument,
    Outcome,
    RegisterEntry,
    StepRecord,
)
from tertib.org.models import Assignment, Office

# payload key -> (model, fields, what it is called, whether every row must have a copy)
COPIES = {
    "catatan": (StepRecord, RECORD_FACTS, "catatan langkah"),
    "register": (RegisterEntry, ENTRY_FACTS, "isi buku register"),
    "dokumen": (IssuedDocument, DOCUMENT_FACTS, "dokumen terbit"),
}
# Outcomes whose official's right was checked when the step was finished.
SIGNED = {Outcome.LANJUT, Outcome.YA, Outcome.TIDAK, Outcome.DITOLAK}


def verify(checkpoint: dict[str, tuple[int, str]] | None = None) -> tuple[list[str], int]:
    """Every problem found, in Indonesian, and the number of events read."""
    return Verifier(checkpoint or {}).run()


class Verifier:
    def __init__(self, checkpoint: dict[str, tuple[int, str]]):
        self.checkpoint = checkpoint
        self.problems: list[str] = []
        self.heads: dict[str, tuple[int, str]] = {}
        self.copies: dict[str, dict[int, tuple[dict, int]]] = {key: {} for key in COPIES}
        self.events = 0

    def run(self) -> tuple[list[str], int]:
        events = AuditEvent.objects.order_by("case_id", "scope", "seq").iterator(chunk_size=2000)
        for chain, chain_events in itertools.groupby(events, key=lambda event: event.chain):
            self.heads[chain] = self.chain(chain, chain_events)
        self.stored_heads()
        self.against_checkpoint()
        for key in COPIES:
            self.rows(key)
        self.assignments()
        return self.problems, self.events

    def chain(self, chain: str, events) -> tuple[int, str]:
        """Walk one chain: positions without gaps, each linked to the one before, each hash
        recomputed; and the event at the checkpoint's position still the one it saw."""
        prev, count, mark = GENESIS, 0, self.checkpoint.get(chain)
        for event in events:
            self.events += 1
            count += 1
            where = f"peristiwa #{event.pk} ({chain}, ke-{event.seq})"
            if event.seq != count:
                self.problems.append(f"{where}: urutan loncat dari {count - 1} (ada yang dihapus)")
                count = event.seq
            if event.prev_hash != prev:
                self.problems.append(f"{where}: rantai putus (ada yang dihapus atau disisipkan)")
            if _rehash(event) != event.hash:
                self.problems.append(f"{where}: isinya diubah")
            if mark and event.seq == mark[0] and event.hash != mark[1]:
                self.problems.append(
                    f"rantai {chain}: peristiwa ke-{mark[0]} tidak sama dengan checkpoint "
                    "terakhir (rantai ditulis ulang)"
                )
            prev = event.hash
            self.keep_copies(event)
        return count, prev

    def keep_copies(self, event: AuditEvent) -> None:
        if not isinstance(event.payload, dict):
            return
        for key in COPIES:
            for copy in event.payload.get(key) or []:
                if isinstance(copy, dict) and "id" in copy:
                    self.copies[key][copy["id"]] = (copy, event.pk)

    def stored_heads(self) -> None:
        """The head kept on each case row (and each scope's chain row) is its last event."""
        stored = {
            case_chain(pk): (count, head, code)
            for pk, count, head, code in Case.objects.values_list(
                "pk", "audit_count", "audit_head", "code"
            ).iterator()
        }
        stored |= {
            scope: (count, head, scope)
            for scope, count, head in AuditChain.objects.values_list("scope", "count", "head")
        }
        for chain, (count, head, name) in stored.items():
            found = self.heads.get(chain, (0, GENESIS))
            if count == 0 and found[0] == 0:
                self.problems.append(f"{name}: tidak punya jejak audit")
            elif (count, head or GENESIS) != found:
                self.problems.append(
                    f"rantai {chain} ({name}): kepala tersimpan #{count} {head[:12]} tidak sama "
                    f"dengan peristiwa terakhir #{found[0]} {found[1][:12]}"
                )

    def against_checkpoint(self) -> None:
        for chain, (count, _head) in sorted(self.checkpoint.items()):
            now = self.heads.get(chain, (0, GENESIS))[0]
            if now == 0:
                self.problems.append(
                    f"rantai {chain}: ada pada checkpoint ({count} peristiwa), kini tidak ada"
                )
            elif now < count:
                self.problems.append(
                    f"rantai {chain}: checkpoint mencatat {count} peristiwa, kini {now} "
                    "(peristiwa terakhir dihapus)"
                )

    def rows(self, key: str) -> None:
        """Each row equals the last copy of it in the trail; a finished step record, an entry
        and a document must have one."""
        model, fields, label = COPIES[key]
        copies = dict(self.copies[key])
        for row in model.objects.order_by("pk").iterator(chunk_size=2000):
            copy = copies.pop(row.pk, None)
            now = facts(row, fields)
            if copy is None:
                if key != "catatan" or row.completed_at is not None:
                    self.problems.append(f"{label} #{row.pk}: tidak tercatat di jejak audit")
                continue
            changed = [name for name in fields if copy[0].get(name) != now[name]]
            if changed:
                self.problems.append(
                    f"{label} #{row.pk}: tidak cocok dengan peristiwa #{copy[1]} "
                    f"({', '.join(changed)} berubah)"
                )
        for pk, (_copy, event_pk) in sorted(copies.items()):
            self.problems.append(f"{label} #{pk}: tercatat di peristiwa #{event_pk}, kini hilang")

    def assignments(self) -> None:
        """Every signed step still rests on an assignment of its official on that day."""
        held = defaultdict(list)
        for a in Assignment.objects.select_related("position").iterator():
            held[(a.user_id, a.position.office_id, a.position.kode)].append(a)
        zones = {office.pk: office.tz for office in Office.objects.all()}
        records = StepRecord.objects.filter(outcome__in=SIGNED).exclude(signed_as="")
        for r in records.only("pk", "office", "pelaksana", "completed_at", "completed_by"):
            day = local(r.completed_at, zones[r.office_id]).date()
            spans = held[(r.completed_by_id, r.office_id, r.pelaksana)]
            if not any(
                a.starts_on <= day and (a.ends_on is None or day <= a.ends_on) for a in spans
            ):
                self.problems.append(
                    f"catatan langkah #{r.pk}: tidak ada lagi penugasan {r.pelaksana} bagi "
                    f"penanda tangannya pada {day.isoformat()} (penugasan diubah atau dihapus)"
                )


def _rehash(event: AuditEvent) -> str:
    return event_hash(
        chain=event.chain,
        seq=event.seq,
        prev_hash=event.prev_hash,
        case_id=event.case_id,
        actor_id=event.actor_id,
        action=event.action,
        payload=event.payload,
        at=event.created_at,
    )


def verify_files() -> list[str]:
    """Every issued document's and scan's stored bytes still hash to what was recorded; a
    document still waiting for its PDF (tertib.cases.issuing) is named as such."""
    import hashlib

    from tertib.cases import storage
    from tertib.cases.models import Attachment

    problems = []
    for label, model in (("dokumen terbit", IssuedDocument), ("pindaian", Attachment)):
        for pk, path, sha256 in model.objects.values_list("pk", "path", "sha256").iterator():
            if not sha256:
                problems.append(f"{label} #{pk}: belum dirender (jalankan issue_documents)")
                continue
            try:
                content = storage.read(path)
            except OSError:
                problems.append(f"{label} #{pk}: berkas {path} hilang")
                continue
            if hashlib.sha256(content).hexdigest() != sha256:
                problems.append(f"{label} #{pk}: berkas {path} tidak cocok dengan SHA-256-nya")
    return problems
