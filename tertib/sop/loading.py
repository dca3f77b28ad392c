"""Store checked SOPs as immutable versions in the database, keyed by the hash of their content.

The database is where SOPs live: a file under sops/ is an import (`sop_load`) and an export
(`sop_export`); a version written in Tertib itself (an evaluation draft, the studio) is stored
from its text and never written into the code folder.
"""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import Max

from tertib.sop.definition import Definition
from tertib.sop.models import Sop, SopVersion
from tertib.sop.validation import (
    Checked,
    Problem,
    check_file,
    check_text,
    logo_type,
    read_logo,
)


@dataclass
class Loaded:
    path: Path | str
    version: SopVersion | None
    created: bool
    problems: list[Problem]
    warnings: list[Problem] | None = None
    older: bool = False  # the content of an older version, left as it was (see --rollback)


class OlderContent(Exception):
    """The content is that of an older version: it becomes current again only on purpose."""

    def __init__(self, version: SopVersion):
        super().__init__(version)
        self.version = version


def sop_files(paths: list[Path]) -> list[Path]:
    """The YAML files named, with folders searched recursively."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted([*path.rglob("*.yaml"), *path.rglob("*.yml")])
        else:
            found.append(path)
    return found


def content_hash(written: dict, logo: bytes | None) -> str:
    """Hash of what the author wrote (not comments or layout) and of the logo.

    The written data is hashed rather than the parsed definition, so a new optional key in the
    format does not turn every stored SOP into a new version.
    """
    payload = json.dumps(written, sort_keys=True, ensure_ascii=False, default=str)
    digest = hashlib.sha256(payload.encode())
    digest.update(hashlib.sha256(logo or b"").digest())
    return digest.hexdigest()


def load_file(
    path: Path, *, taken: dict[str, Path] | None = None, rollback: bool = False, actor=None
) -> Loaded:
    """Check one file and store it as a new version unless that content is already stored.

    taken maps the kodes loaded so far in this run to their files: a second file with the
    same kode is refused instead of turning the first one's SOP into its own.
    """
    checked = check_file(path, office_slug=path.parent.name)
    if checked.definition is None:
        return Loaded(path, None, False, checked.problems, checked.warnings)
    definition = checked.definition
    if taken is not None:
        first = taken.setdefault(definition.kode, path)
        if first != path:
            message = f"kode '{definition.kode}' sudah dipakai {first}"
            problem = Problem(str(path), checked.source.line_of(("kode",)), "kode", message)
            return Loaded(path, None, False, [problem])
    logo = read_logo(path.parent, definition.kantor.logo) if definition.kantor.logo else None
    return _store(
        checked,
        where=path,
        office_slug=path.parent.name,
        source_path=str(path),
        source_text=path.read_text(encoding="utf-8"),
        logo=logo,
        rollback=rollback,
        actor=actor,
    )


def load_text(text: str, *, sop: Sop, actor, rollback: bool = False) -> Loaded:
    """Store a version written in Tertib (never a file); its logo is the current version's."""
    checked = check_text(text, file="draf", office_slug=sop.office_slug)
    if checked.definition is None:
        return Loaded("draf", None, False, checked.problems, checked.warnings)
    problems = _same_sop_and_logo(checked, sop)
    if problems:
        return Loaded("draf", None, False, problems, checked.warnings)
    current = sop.current_version
    logo = (
        bytes(current.logo) if current and current.logo and checked.definition.kantor.logo else None
    )
    return _store(
        checked,
        where="draf",
        office_slug=sop.office_slug,
        source_path="",
        source_text=text,
        logo=logo,
        rollback=rollback,
        actor=actor,
    )


def _same_sop_and_logo(checked: Checked, sop: Sop) -> list[Problem]:
    definition, line_of = checked.definition, checked.source.line_of
    problems = []
    if definition.kode != sop.kode:
        message = f"kode harus tetap '{sop.kode}'"
        problems.append(Problem("draf", line_of(("kode",)), "kode", message))
    current = sop.current_version.definition.kantor.logo if sop.current_version else None
    if definition.kantor.logo and definition.kantor.logo != current:
        message = "logo hanya dapat diganti dengan berkas yang diunggah untuk itu"
        problems.append(Problem("draf", line_of(("kantor", "logo")), "kantor › logo", message))
    return problems


def _store(checked: Checked, *, where, rollback: bool, **fields) -> Loaded:
    try:
        version, created = store_version(
            definition=checked.definition, written=checked.source.data, rollback=rollback, **fields
        )
    except OlderContent as older:
        message = (
            f"isinya sama dengan versi {older.version.number} yang lama; versi yang berlaku "
            "tidak diubah (pakai --rollback untuk memberlakukannya lagi)"
        )
        notice = Problem(str(where), None, "", message)
        return Loaded(where, older.version, False, [], [*checked.warnings, notice], older=True)
    return Loaded(where, version, created, [], checked.warnings)


@transaction.atomic
def store_version(
    *,
    definition: Definition,
    written: dict,
    office_slug: str,
    source_path: str,
    source_text: str,
    logo: bytes | None,
    rollback: bool = False,
    actor=None,
) -> tuple[SopVersion, bool]:
    """Make the content the SOP's current version; a known content creates nothing new, and an
    older version's content becomes current again only with rollback."""
    sop, _ = Sop.objects.get_or_create(kode=definition.kode, defaults={"office_slug": office_slug})
    sop = Sop.objects.select_for_update().get(pk=sop.pk)
    digest = content_hash(written, logo)
    version = sop.versions.filter(content_hash=digest).first()
    created = version is None
    if version is None:
        number = (sop.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = SopVersion.objects.create(
            sop=sop,
            number=number,
            content_hash=digest,
            source_path=source_path,
            source_text=source_text,
            data=definition.model_dump(mode="json"),
            logo=logo,
            logo_type=logo_type(logo) if logo else "",
            approved_by=actor,
        )
    elif sop.current_version_id not in (None, version.pk) and not rollback:
        raise OlderContent(version)
    if sop.current_version_id != version.pk or sop.office_slug != office_slug:
        sop.current_version, sop.office_slug = version, office_slug
        sop.save(update_fields=["current_version", "office_slug"])
    return version, created
