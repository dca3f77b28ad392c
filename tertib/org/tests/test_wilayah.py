"""Importing the Kemendagri region codes: kecamatan offices and their desa/kelurahan."""

import io

import pytest
from django.core.management import CommandError, call_command

from tertib.org.models import Desa, Office
from tertib.org.testing import make_office
from tertib.org.wilayah import WilayahError, import_wilayah

pytestmark = pytest.mark.django_db

HEADER = "# Contoh\nkode,nama,jenis\n"


def _import_command() -> str:
    out = io.StringIO()
    call_command("wilayah_import", stdout=out)
    return out.getvalue().strip()


def _snapshot() -> tuple[list, list]:
    offices = list(Office.objects.order_by("pk").values_list("slug", "name", "region_code"))
    desa = list(
        Desa.objects.order_by("pk").values_list("kecamatan_id", "code", "name", "is_kelurahan")
    )
    return offices, desa


def test_shipped_file_loads_every_kecamatan_and_desa():
    summary = _import_command()

    assert summary == (
        "9 kecamatan (9 baru, 0 diperbarui), 132 desa/kelurahan: 132 baru, 0 diperbarui"
    )
    assert Office.objects.count() == 9
    assert Desa.objects.filter(is_kelurahan=False).count() == 123
    assert Desa.objects.filter(is_kelurahan=True).count() == 9
    kota = Office.objects.get(slug="kecamatan-kota-kudus")
    assert (kota.name, kota.region_code, kota.city) == (
        "Kecamatan Kota Kudus",
        "33.19.02",
        "Kota Kudus",
    )
    wergu = Desa.objects.get(code="33.19.02.1006")
    assert (wergu.kecamatan, wergu.name, wergu.is_kelurahan) == (kota, "Wergu Wetan", True)


def test_second_run_changes_nothing():
    _import_command()
    before = _snapshot()

    summary = _import_command()

    assert summary == "9 kecamatan, 132 desa/kelurahan: 0 baru, 0 diperbarui"
    assert _snapshot() == before


def test_existing_undaan_desa_get_codes_and_are_not_duplicated():
    undaan = make_office(slug="kecamatan-undaan", name="Kecamatan Undaan")
    undaan.address = "Jalan Kudus Purwodadi Km. 12 Kudus"
    undaan.save()
    kutuk = Desa.objects.create(kecamatan=undaan, name="Kutuk")
    kidul = Desa.objects.create(kecamatan=undaan, name="undaan kidul")

    summary = _import_command()

    assert summary == (
        "9 kecamatan (8 baru, 1 diperbarui), 132 desa/kelurahan: 130 baru, 2 diperbarui"
    )
    undaan.refresh_from_db()
    assert (undaan.name, undaan.address, undaan.region_code) == (
        "Kecamatan Undaan",
        "Jalan Kudus Purwodadi Km. 12 Kudus",
        "33.19.04",
    )
    assert undaan.desa.count() == 16
    kutuk.refresh_from_db()
    kidul.refresh_from_db()
    assert (kutuk.code, kutuk.name) == ("33.19.04.2007", "Kutuk")
    assert (kidul.code, kidul.name) == ("33.19.04.2008", "Undaan Kidul")


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        (
            "33.19.99.2001,Entah,desa",
            "baris 6: kecamatan 33.19.99 dari desa Entah tidak ada di berkas",
        ),
        (
            "33.19.04.201,Entah,desa",
            "baris 6: kode '33.19.04.201' untuk desa harus berbentuk NN.NN.NN.NNNN",
        ),
        (
            "33.19.04.2099,Entah,dusun",
            "baris 6: jenis 'dusun' tidak dikenal (kecamatan, desa atau kelurahan)",
        ),
        ("33.19.04.2001,Wonosoco,desa", "baris 6: kode 33.19.04.2001 sudah ada di baris 4"),
    ],
)
def test_broken_file_names_the_line_and_saves_nothing(bad_row, message):
    make_office(slug="kecamatan-undaan", name="Kecamatan Undaan")
    before = _snapshot()
    text = HEADER + "33.19.04,Undaan,kecamatan\n33.19.04.2001,Wonosoco,desa\n\n" + bad_row + "\n"

    with pytest.raises(WilayahError) as raised:
        import_wilayah(text=text)

    assert str(raised.value) == message
    assert _snapshot() == before


def test_command_reports_a_broken_file(tmp_path):
    path = tmp_path / "wilayah.csv"
    path.write_text(HEADER + "33.19.04,Undaan,kecamatan\n33.19.04.2001,Wonosoco,dusun\n")

    with pytest.raises(CommandError) as raised:
        call_command("wilayah_import", str(path))

    assert str(raised.value) == (
        f"{path}: baris 4: jenis 'dusun' tidak dikenal (kecamatan, desa atau kelurahan); "
        "tidak ada yang disimpan."
    )
    assert _snapshot() == ([], [])
