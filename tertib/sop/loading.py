"""Store checked SOP files as immutable versions keyed by the hash of their content."""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import Max

from tertib.sop.definition import Definition
from tertib.sop.models import Sop, SopVersion
from tertib.sop.validation import Problem, check_file, logo_type


@dataclass
class Loaded:
    path: Path
    version: SopVersion | None
    created: bool
    problems: list[Problem]


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


def load_file(path: Path, *, taken: dict[str, Path] | None = None) -> Loaded:
    """Check one file and store it as a new version unless that content is already stored.

    taken maps the kodes loaded so far in this run to their files: a second file with the
    same kode is refused instead of turning the first one's SOP into its own.
    """
    checked = check_file(path)
    if checked.definition is None:
        return Loaded(path, None, False, checked.problems)
    definition = checked.definition
    if taken is not None:
        first = taken.setdefault(definition.kode, path)
        if first != path:
            problem = Problem(
                str(path),
                checked.source.line_of(("kode",)),
                "kode",
                f"kode '{definition.kode}' sudah dipakai {first}",
            )
            return Loaded(path, None, False, [problem])
    logo = (path.parent / definition.kantor.logo).read_bytes() if definition.kantor.logo else None
    version, created = store_version(
        definition=definition,
        written=checked.source.data,
        office_slug=path.parent.name,
        source_path=str(path),
        source_text=path.read_text(encoding="utf-8"),
        logo=logo,
    )
    return Loaded(path, version, created, [])


@transaction.atomic
def store_version(
    *,
    definition: Definition,
    written: dict,
    office_slug: str,
    source_path: str,
    source_text: str,
    logo: bytes | None,
) -> tuple[SopVersion, bool]:
    """Make the content the SOP's current version; a known content creates nothing new."""
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
        )
    if sop.current_version_id != version.pk or sop.office_slug != office_slug:
        sop.current_version, sop.office_slug = version, office_slug
        sop.save(update_fields=["current_version", "office_slug"])
    return version, created
