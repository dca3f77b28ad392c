"""Whether an office's positions and register books cover the SOPs it already runs.

A gap is a warning, not an error: an office may be loaded before its SOPs or the other way
round, but a case of that SOP cannot get past a step whose pelaksana or register is missing.
"""

from tertib.org.models import Position
from tertib.org.orgformat import Kantor
from tertib.sop.models import Sop
from tertib.sop.yamlsource import Path


def sop_gaps(offices: list[tuple[int, Kantor]]) -> list[tuple[Path, str]]:
    """(path of the office row's key, message) for each SOP pelaksana or register it lacks."""
    gaps: list[tuple[Path, str]] = []
    for index, kantor in offices:
        positions = {row.kode for row in kantor.jabatan} | _stored_positions(kantor.kode)
        books = {row.kode for row in kantor.buku_register} | _stored_registers(kantor.kode)
        sops = Sop.objects.filter(office_slug=kantor.kode, current_version__isnull=False)
        for sop in sops.select_related("current_version").order_by("kode"):
            gaps += _gaps_of(sop, positions, books, ("kantor", index))
    return gaps


def _stored_positions(slug: str) -> set[str]:
    return set(Position.objects.filter(office__slug=slug).values_list("kode", flat=True))


def _stored_registers(slug: str) -> set[str]:
    from tertib.cases.models import Register  # org never imports cases at import time

    return set(Register.objects.filter(office__slug=slug).values_list("kode", flat=True))


def _gaps_of(sop: Sop, positions: set[str], books: set[str], path: Path) -> list[tuple[Path, str]]:
    definition = sop.current_version.definition
    missing = [row.kode for row in definition.pelaksana if row.kode not in positions]
    used = {aksi.buku_register for aksi in definition.layanan.aksi.values() if aksi.buku_register}
    gaps = []
    if missing:
        gaps.append(
            (
                (*path, "jabatan"),
                f"peringatan: SOP '{sop.kode}' memakai pelaksana yang belum punya jabatan di "
                f"kantor ini: {', '.join(missing)}",
            )
        )
    if used - books:
        gaps.append(
            (
                (*path, "buku_register"),
                f"peringatan: SOP '{sop.kode}' memakai buku register yang belum ada di kantor "
                f"ini: {', '.join(sorted(used - books))}",
            )
        )
    return gaps
