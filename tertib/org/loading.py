"""Onboard offices from one org file (docs/org-format.md): all rows stored, or none.

Loading never deletes: a row left out of the file stays as it is, a key left out of a row keeps
its stored value, and loading the same file twice changes nothing.
"""

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from tertib.org.models import Assignment, Desa, Office, Position
from tertib.org.orgfile import OrgFile, read_file
from tertib.org.orgformat import OFFICE_FIELDS, ZONES, DesaBaris, Kantor, Pegawai, Penugasan
from tertib.sop.validation import Problem

BARU, DIPERBARUI = "baru", "diperbarui"
KINDS = ["kantor", "jabatan", "buku register", "desa", "pengelola", "pegawai", "penugasan"]


@dataclass
class Summary:
    """What a load wrote: per kind of row, how many were new and how many changed."""

    counts: dict[str, Counter[str]] = field(default_factory=dict)
    new_logins: list[tuple[str, str]] = field(default_factory=list)

    def count(self, kind: str, outcome: str | None) -> None:
        counter = self.counts.setdefault(kind, Counter())
        if outcome:
            counter[outcome] += 1

    def __str__(self) -> str:
        """E.g. "kantor: 1 baru, 0 diperbarui; jabatan: 4 baru, 0 diperbarui" (kinds written)."""
        in_order = sorted(self.counts.items(), key=lambda item: KINDS.index(item[0]))
        parts = [f"{kind}: {c[BARU]} baru, {c[DIPERBARUI]} diperbarui" for kind, c in in_order]
        return "; ".join(parts) or "tidak ada baris"


@dataclass
class Loaded:
    problems: list[Problem]
    summary: Summary | None
    warnings: list[Problem] = field(default_factory=list)


def load_file(path: Path, *, initial_password: str | None = None, store: bool = True) -> Loaded:
    """Check the file; store it when it is clean and store is true."""
    checked = read_file(path)
    if checked.org is None or not store:
        return Loaded(checked.problems, None, checked.warnings)
    summary = store_org(org=checked.org, initial_password=initial_password)
    return Loaded([], summary, checked.warnings)


@transaction.atomic
def store_org(*, org: OrgFile, initial_password: str | None) -> Summary:
    """Write a checked org file: people, then offices with their rows, then assignments."""
    summary = Summary()
    for _index, person in org.pegawai:
        _person(person, initial_password, summary)
    for _index, kantor in org.kantor:
        _office(kantor, summary)
    for _index, row in org.penugasan:
        _assignment(row, summary)
    return summary


def _upsert(manager, lookup: dict, values: dict, defaults: dict | None = None):
    """Create the row, or change only the fields whose value differs; (row, outcome or None)."""
    row = manager.filter(**lookup).first()
    if row is None:
        return manager.create(**lookup, **{**(defaults or {}), **values}), BARU
    return row, _update(row, values)


def _update(row, values: dict) -> str | None:
    """Save the fields whose value differs; DIPERBARUI when there were some."""
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, values[name])
    if changed:
        row.save(update_fields=changed)
    return DIPERBARUI if changed else None


def _person(person: Pegawai, initial_password: str | None, summary: Summary) -> None:
    first, _, last = person.nama.partition(" ")
    values = {"first_name": first, "last_name": last}
    if "email" in person.model_fields_set:
        values["email"] = person.email or ""
    users = get_user_model().objects
    user = users.filter(username=person.username).first()
    if user is None:
        # create_user leaves the password unusable when none is given.
        users.create_user(person.username, password=initial_password, **values)
        summary.new_logins.append((person.username, person.nama))
        summary.count("pegawai", BARU)
    else:
        summary.count("pegawai", _update(user, values))


def _office(kantor: Kantor, summary: Summary) -> None:
    values = {
        OFFICE_FIELDS[key]: getattr(kantor, key) or ""
        for key in kantor.model_fields_set & OFFICE_FIELDS.keys()
    }
    if kantor.zona_waktu:
        values["timezone"] = ZONES[kantor.zona_waktu]
    office, outcome = _upsert(Office.objects, {"slug": kantor.kode}, values)
    summary.count("kantor", outcome)
    for jabatan in kantor.jabatan:
        lookup = {"office": office, "kode": jabatan.kode}
        summary.count("jabatan", _upsert(Position.objects, lookup, {"title": jabatan.nama})[1])
    _registers(office, kantor, summary)
    for desa in kantor.desa:
        _desa(office, desa, summary)
    _admins(office, kantor.pengelola, summary)


def _desa(office: Office, desa: DesaBaris, summary: Summary) -> None:
    written = desa.model_fields_set
    values = {
        name: value
        for key, name, value in (
            ("kode", "code", desa.kode or ""),
            ("kelurahan", "is_kelurahan", desa.kelurahan),
        )
        if key in written
    }
    lookup = {"kecamatan": office, "name": desa.nama}
    summary.count("desa", _upsert(Desa.objects, lookup, values)[1])


def _registers(office: Office, kantor: Kantor, summary: Summary) -> None:
    from tertib.cases.models import Register  # org never imports cases at import time

    for book in kantor.buku_register:
        values = {"name": book.nama, **({"number_format": book.format} if book.format else {})}
        defaults = {"number_format": settings.REGISTER_FORMAT}
        lookup = {"office": office, "kode": book.kode}
        summary.count("buku register", _upsert(Register.objects, lookup, values, defaults)[1])


def _admins(office: Office, usernames: list[str], summary: Summary) -> None:
    """Named pengelola manage the office in /admin/, which needs is_staff; none is removed."""
    present = set(office.admins.values_list("username", flat=True))
    for user in get_user_model().objects.filter(username__in=usernames).order_by("username"):
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        if user.username not in present:
            office.admins.add(user)
        summary.count("pengelola", None if user.username in present else BARU)


def _assignment(row: Penugasan, summary: Summary) -> None:
    lookup = {
        "position": Position.objects.get(office__slug=row.kantor, kode=row.jabatan),
        "user": get_user_model().objects.get(username=row.pegawai),
        "kind": row.jenis,
        "starts_on": row.mulai,
    }
    written = row.model_fields_set
    values = {
        name: value
        for key, name, value in (
            ("sampai", "ends_on", row.sampai),
            ("nip", "nip", row.nip or ""),
            ("jabatan_sendiri", "own_title", row.jabatan_sendiri or ""),
        )
        if key in written
    }
    summary.count("penugasan", _upsert(Assignment.objects, lookup, values)[1])
