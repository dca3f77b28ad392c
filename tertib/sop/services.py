"""The service registry: how a service adds to Tertib without the core naming it.

A service is a Django app under `tertib/services/` (settings finds them there) whose
`AppConfig.ready()` calls `register(Service(...))` with everything it adds:

- `checks`: named fact checks an SOP file lists under `aksi.periksa`; each returns the problems
  (Indonesian sentences) that stop every pelaksana of the step, except a "tidak";
- `documents`: document kinds an SOP file lists under `aksi.dokumen`, issued when the step is done;
- `fields`: kinds of intake field (`formulir[].jenis`), each making its Django form field;
- `panels`: blocks of the case page, shown only on cases whose SOP uses the service;
- `menu`: entries of the site menu, each shown only to whom it says;
- `worklist`: blocks at the top of the worklist;
- `receipt_links`: links printed on the receipt with their QR (`{"url", "text"}` or None);
- `audit_actions`: the TextChoices of the audit actions it writes, for their Indonesian labels;
- `sebutan`: what a case of an SOP using it is called on the case page ("tagihan"), when it is
  not a citizen's *permohonan*;
- `urls`: its URLconf module, mounted at `/<url_prefix>/`.

Every name an SOP file uses is checked against this registry when the file is loaded, so a typo
is an error of `sop_check`, never a crash at step 4. See docs/services.md.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import TextChoices


@dataclass(frozen=True)
class Check:
    label: str
    run: Callable[[Any], list[str]]  # (case) -> problems


@dataclass(frozen=True)
class DocumentKind:
    label: str
    issue: Callable[[Any], Any]  # (case) -> IssuedDocument; runs inside the step's transaction


@dataclass(frozen=True)
class FieldKind:
    label: str
    make: Callable[..., Any]  # (isian, *, office, today) -> django.forms.Field


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url_name: str
    visible: Callable[[Any], bool]  # (request) -> whether this user may open it


@dataclass(frozen=True)
class Service:
    kode: str
    nama: str
    checks: dict[str, Check] = field(default_factory=dict)
    documents: dict[str, DocumentKind] = field(default_factory=dict)
    fields: dict[str, FieldKind] = field(default_factory=dict)
    panels: list[Callable[..., str]] = field(
        default_factory=list
    )  # (request, case, record, may_act)
    menu: list[MenuEntry] = field(default_factory=list)
    worklist: list[Callable[[Any], str]] = field(default_factory=list)  # (request) -> HTML
    receipt_links: list[Callable[[Any], dict | None]] = field(default_factory=list)  # (case)
    audit_actions: type[TextChoices] | None = None
    sebutan: str = ""
    urls: str | None = None
    url_prefix: str = ""

    def used_by(self, definition) -> bool:
        """Whether an SOP names any check or document of this service."""
        return any(
            set(aksi.periksa) & self.checks.keys() or set(aksi.dokumen) & self.documents.keys()
            for aksi in definition.layanan.aksi.values()
        )


SERVICES: dict[str, Service] = {}


def register(service: Service) -> None:
    """Add a service; a name another service already registered is a configuration error."""
    if service.kode in SERVICES:
        raise ImproperlyConfigured(f"Layanan '{service.kode}' didaftarkan dua kali.")
    for kind in ("checks", "documents", "fields"):
        taken = set(getattr(service, kind)) & set(names(kind))
        if taken:
            raise ImproperlyConfigured(f"Nama {kind} sudah dipakai layanan lain: {sorted(taken)}")
    SERVICES[service.kode] = service


def names(kind: str) -> dict[str, Any]:
    """Every registered entry of one kind ("checks", "documents", "fields") by name."""
    return {name: item for s in SERVICES.values() for name, item in getattr(s, kind).items()}


def check(name: str) -> Check:
    return names("checks")[name]


def document(kind: str) -> DocumentKind:
    return names("documents")[kind]


def field_kind(name: str) -> FieldKind:
    return names("fields")[name]


def document_label(kind: str) -> str:
    entry = names("documents").get(kind)
    return entry.label if entry else kind.replace("_", " ").capitalize()


def audit_label(action: str) -> str:
    """The Indonesian label of an audit action, whichever part of Tertib writes it."""
    for service in SERVICES.values():
        if service.audit_actions is not None and action in service.audit_actions.values:
            return service.audit_actions(action).label
    return action.replace("_", " ").capitalize()


def known_actions() -> set[str]:
    """Every audit action some part of Tertib declared, with its label."""
    return {
        value
        for service in SERVICES.values()
        if service.audit_actions is not None
        for value in service.audit_actions.values
    }


def used_by(definition) -> list[Service]:
    return [service for service in SERVICES.values() if service.used_by(definition)]


def case_noun(definition) -> str:
    """What one case of this SOP is called: "permohonan", or its service's own word."""
    return next((s.sebutan for s in used_by(definition) if s.sebutan), "permohonan")


def receipt_links(case) -> list[dict]:
    """What services print on a case's receipt besides its tracking code."""
    return [link for s in SERVICES.values() for make in s.receipt_links if (link := make(case))]


def menu_entries(request) -> list[MenuEntry]:
    return [entry for s in SERVICES.values() for entry in s.menu if entry.visible(request)]
