"""Small factories for tests of the roster: kecamatan with coded desa, and officials."""

import datetime

from tertib.org.models import Desa, Office
from tertib.services.iuran.models import Official


def make_kecamatan(*, name: str, code: str) -> Office:
    """The kecamatan office as the wilayah import names it, e.g. kecamatan-undaan."""
    office, _ = Office.objects.get_or_create(
        slug=f"kecamatan-{name.lower().replace(' ', '-')}", defaults={"name": f"Kecamatan {name}"}
    )
    office.region_code = code
    office.save(update_fields=["region_code"])
    return office


def make_desa(*, kecamatan: Office, name: str, code: str, is_kelurahan: bool = False) -> Desa:
    return Desa.objects.create(kecamatan=kecamatan, name=name, code=code, is_kelurahan=is_kelurahan)


def make_official(
    *,
    desa: Desa,
    nik: str = "3319041507800001",
    name: str = "Sutrisno",
    jabatan: str = "Kepala Desa",
    siltap: int = 3_500_000,
    bpjs_number: str = "0001234567890",
    starts_on: datetime.date = datetime.date(2020, 1, 1),
    ends_on: datetime.date | None = None,
    verified_by=None,
    verified_at: datetime.datetime | None = None,
) -> Official:
    return Official.objects.create(
        desa=desa,
        nik=nik,
        name=name,
        jabatan=jabatan,
        siltap=siltap,
        bpjs_number=bpjs_number,
        starts_on=starts_on,
        ends_on=ends_on,
        verified_by=verified_by,
        verified_at=verified_at,
    )
