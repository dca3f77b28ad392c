"""Onboarding an office from one file: `manage.py org_load FILE`."""

import datetime
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from conftest import IURAN, LOGO, SKTM
from tertib.cases.models import Register
from tertib.org import orgfile
from tertib.org.models import Assignment, Desa, Office, Position
from tertib.org.testing import assign, make_office, make_user
from tertib.sop.loading import load_file as sop_load_file

pytestmark = pytest.mark.django_db

EXAMPLE = Path(settings.BASE_DIR) / "docs" / "examples" / "kecamatan-contoh.yaml"
GOOD = """\
kantor:
  - kode: kecamatan-contoh
    nama: Kecamatan Contoh
    pemda: PEMERINTAH KOTA CONTOH
    kota: Contoh
    alamat: Jalan Merdeka 1
    telepon: (0411) 123456
    email: kecamatan@contoh.go.id
    kode_unit: KEC.CTH
    kode_wilayah: "73.71.01"
    zona_waktu: WITA
    jabatan:
      - kode: petugas_loket
        nama: Petugas Loket
      - kode: camat
        nama: Camat Contoh
    buku_register:
      - kode: legalisasi-sktm
        nama: Buku Register Legalisasi SKTM
        format: "{nomor:03}/SKTM/{bulan_romawi}/{tahun}"
    desa:
      - nama: Sukamaju
        kode: "73.71.01.2001"
      - nama: Kota Baru
        kelurahan: true
    pengelola:
      - admin.contoh
pegawai:
  - username: admin.contoh
    nama: Rina Lestari
  - username: loket.contoh
    nama: Andi Saputra
    email: andi@contoh.go.id
  - username: camat.contoh
    nama: Drs. Made Wirawan, M.Si
penugasan:
  - pegawai: loket.contoh
    kantor: kecamatan-contoh
    jabatan: petugas_loket
    mulai: 2024-01-02
  - pegawai: camat.contoh
    kantor: kecamatan-contoh
    jabatan: camat
    mulai: 2023-01-02
    sampai: 2026-12-31
    nip: 197001012000031001
  - pegawai: loket.contoh
    kantor: kecamatan-contoh
    jabatan: camat
    jenis: an
    mulai: 2024-06-01
    jabatan_sendiri: Petugas Loket
"""
LOADED = (
    "kantor: 1 baru, 0 diperbarui; jabatan: 2 baru, 0 diperbarui; "
    "buku register: 1 baru, 0 diperbarui; desa: 2 baru, 0 diperbarui; "
    "pengelola: 1 baru, 0 diperbarui; pegawai: 3 baru, 0 diperbarui; "
    "penugasan: 3 baru, 0 diperbarui"
)
UNCHANGED = (
    "kantor: 0 baru, 0 diperbarui; jabatan: 0 baru, 0 diperbarui; "
    "buku register: 0 baru, 0 diperbarui; desa: 0 baru, 0 diperbarui; "
    "pengelola: 0 baru, 0 diperbarui; pegawai: 0 baru, 0 diperbarui; "
    "penugasan: 0 baru, 0 diperbarui"
)
NO_PASSWORD = "belum ada kata sandi; atur dengan manage.py changepassword atau di /admin/"


@pytest.fixture
def org_file(tmp_path: Path):
    """Write org text (or bytes) to a file and return its path."""

    def write(content: str | bytes) -> Path:
        path = tmp_path / "kantor.yaml"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


def _org_load(path: Path, *args: str) -> list[str]:
    out = io.StringIO()
    call_command("org_load", str(path), *args, stdout=out)
    return out.getvalue().splitlines()


def _refused(path: Path, *args: str) -> tuple[list[str], str]:
    """The problems written to stderr, and the command's closing error."""
    err = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("org_load", str(path), *args, stderr=err)
    return err.getvalue().splitlines(), str(error.value)


def _snapshot() -> dict[str, list]:
    users = get_user_model().objects.order_by("username")
    return {
        "offices": list(Office.objects.order_by("slug").values()),
        "positions": list(Position.objects.order_by("pk").values()),
        "registers": list(Register.objects.order_by("pk").values()),
        "desa": list(Desa.objects.order_by("pk").values()),
        "users": list(users.values("username", "first_name", "last_name", "email", "is_staff")),
        "admins": list(Office.admins.through.objects.order_by("pk").values()),
        "assignments": list(Assignment.objects.order_by("pk").values()),
    }


def _line_of(text: str, snippet: str) -> int:
    """The number of the first line of text that contains snippet."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if snippet in line)


# A good file


def test_good_file_loads_offices_positions_registers_desa_and_admins(org_file):
    path = org_file(GOOD)

    output = _org_load(path)

    assert output[0] == f"{path}: {LOADED}"
    office = Office.objects.get()
    assert (
        office.slug,
        office.name,
        office.pemda,
        office.city,
        office.address,
        office.phone,
        office.email,
        office.unit_code,
        office.region_code,
        office.timezone,
        office.tz_label,
    ) == (
        "kecamatan-contoh",
        "Kecamatan Contoh",
        "PEMERINTAH KOTA CONTOH",
        "Contoh",
        "Jalan Merdeka 1",
        "(0411) 123456",
        "kecamatan@contoh.go.id",
        "KEC.CTH",
        "73.71.01",
        "Asia/Makassar",
        "WITA",
    )
    assert list(office.positions.order_by("kode").values_list("kode", "title")) == [
        ("camat", "Camat Contoh"),
        ("petugas_loket", "Petugas Loket"),
    ]
    assert list(Register.objects.values_list("office", "kode", "name", "number_format")) == [
        (
            office.pk,
            "legalisasi-sktm",
            "Buku Register Legalisasi SKTM",
            "{nomor:03}/SKTM/{bulan_romawi}/{tahun}",
        )
    ]
    assert list(office.desa.values_list("name", "code", "is_kelurahan")) == [
        ("Kota Baru", "", True),
        ("Sukamaju", "73.71.01.2001", False),
    ]
    assert list(office.admins.values_list("username", "is_staff")) == [("admin.contoh", True)]


def test_good_file_loads_people_without_password_and_prints_their_logins(org_file):
    path = org_file(GOOD)

    output = _org_load(path)

    assert output[1:] == [
        f"  login baru: admin.contoh (Rina Lestari) — {NO_PASSWORD}",
        f"  login baru: loket.contoh (Andi Saputra) — {NO_PASSWORD}",
        f"  login baru: camat.contoh (Drs. Made Wirawan, M.Si) — {NO_PASSWORD}",
    ]
    camat = get_user_model().objects.get(username="camat.contoh")
    assert (camat.get_full_name(), camat.email, camat.is_staff) == (
        "Drs. Made Wirawan, M.Si",
        "",
        False,
    )
    assert get_user_model().objects.get(username="loket.contoh").email == "andi@contoh.go.id"
    assert not any(user.has_usable_password() for user in get_user_model().objects.all())


def test_good_file_loads_assignments_with_kind_dates_nip_and_own_title(org_file):
    _org_load(org_file(GOOD))

    rows = Assignment.objects.order_by("starts_on").values_list(
        "position__kode", "user__username", "kind", "starts_on", "ends_on", "nip", "own_title"
    )
    assert list(rows) == [
        (
            "camat",
            "camat.contoh",
            "definitif",
            datetime.date(2023, 1, 2),
            datetime.date(2026, 12, 31),
            "197001012000031001",
            "",
        ),
        (
            "petugas_loket",
            "loket.contoh",
            "definitif",
            datetime.date(2024, 1, 2),
            None,
            "",
            "",
        ),
        (
            "camat",
            "loket.contoh",
            "an",
            datetime.date(2024, 6, 1),
            None,
            "",
            "Petugas Loket",
        ),
    ]
    acting = Assignment.objects.get(kind="an")
    assert acting.signature_title == "a.n. Camat Contoh\nPetugas Loket"


def test_initial_password_lets_new_people_log_in(org_file):
    output = _org_load(org_file(GOOD), "--sandi-awal", "mulai-kerja-2026")

    assert output[1] == (
        "  login baru: admin.contoh (Rina Lestari) — "
        "kata sandi awal dari --sandi-awal; minta diganti saat login pertama"
    )
    assert get_user_model().objects.get(username="camat.contoh").check_password("mulai-kerja-2026")


def test_initial_password_never_changes_a_stored_person(org_file):
    make_user("camat.contoh")

    _org_load(org_file(GOOD), "--sandi-awal", "mulai-kerja-2026")

    camat = get_user_model().objects.get(username="camat.contoh")
    assert not camat.check_password("mulai-kerja-2026")
    assert camat.get_full_name() == "Drs. Made Wirawan, M.Si"


def test_weak_initial_password_is_refused_before_anything_is_stored(org_file):
    with pytest.raises(CommandError) as error:
        call_command("org_load", str(org_file(GOOD)), "--sandi-awal", "12345678")

    assert str(error.value) == "--sandi-awal: Kata sandi ini terlalu umum."
    assert Office.objects.count() == 0


def test_check_only_stores_nothing(org_file):
    path = org_file(GOOD)

    output = _org_load(path, "--periksa")

    assert output == [f"{path}: baik (tidak disimpan, --periksa)"]
    assert _snapshot() == {key: [] for key in _snapshot()}


def test_example_file_in_docs_loads_the_positions_of_an_sktm_sop():
    output = _org_load(EXAMPLE, "--sandi-awal", "ganti-segera-2026")

    assert output[0] == (
        f"{EXAMPLE}: kantor: 1 baru, 0 diperbarui; jabatan: 4 baru, 0 diperbarui; "
        "buku register: 1 baru, 0 diperbarui; desa: 3 baru, 0 diperbarui; "
        "pengelola: 1 baru, 0 diperbarui; pegawai: 5 baru, 0 diperbarui; "
        "penugasan: 6 baru, 0 diperbarui"
    )
    office = Office.objects.get(slug="kecamatan-mejobo")
    assert (office.name, office.tz_label) == ("Kecamatan Mejobo", "WIB")
    assert set(office.positions.values_list("kode", flat=True)) == {
        "petugas_loket",
        "kasi_kesra",
        "sekcam",
        "camat",
    }
    plh = Assignment.objects.get(kind="plh")
    assert (plh.user.username, plh.signature_title) == ("sekcam.mejobo", "Plh. Camat Mejobo")


def test_example_file_updates_the_office_of_the_wilayah_import():
    call_command("wilayah_import", stdout=io.StringIO())

    output = _org_load(EXAMPLE)

    assert output[0].startswith(f"{EXAMPLE}: kantor: 0 baru, 1 diperbarui; ")
    assert "desa: 0 baru, 0 diperbarui" in output[0]
    assert Office.objects.get(slug="kecamatan-mejobo").pemda == "PEMERINTAH KABUPATEN KUDUS"


# Loading again


def test_second_load_changes_nothing(org_file):
    path = org_file(GOOD)
    _org_load(path)
    before = _snapshot()

    output = _org_load(path)

    assert output == [f"{path}: {UNCHANGED}"]
    assert _snapshot() == before


def test_changed_values_update_the_stored_rows(org_file):
    _org_load(org_file(GOOD))
    changed = (
        GOOD.replace("zona_waktu: WITA", "zona_waktu: WIT")
        .replace("nama: Camat Contoh", "nama: Camat Kota Contoh")
        .replace("sampai: 2026-12-31", "sampai: 2026-06-30")
        .replace("nama: Andi Saputra", "nama: Andi Saputra Putra")
    )

    path = org_file(changed)

    output = _org_load(path)

    assert output == [
        f"{path}: kantor: 0 baru, 1 diperbarui; jabatan: 0 baru, 1 diperbarui; "
        "buku register: 0 baru, 0 diperbarui; desa: 0 baru, 0 diperbarui; "
        "pengelola: 0 baru, 0 diperbarui; pegawai: 0 baru, 1 diperbarui; "
        "penugasan: 0 baru, 1 diperbarui"
    ]
    assert Office.objects.get().tz_label == "WIT"
    assert Position.objects.get(kode="camat").title == "Camat Kota Contoh"
    assert Assignment.objects.get(nip="197001012000031001").ends_on == datetime.date(2026, 6, 30)
    assert get_user_model().objects.get(username="loket.contoh").last_name == "Saputra Putra"


def test_keys_left_out_keep_their_stored_values(org_file):
    _org_load(org_file(GOOD))
    office = Office.objects.get()
    office.phone, office.timezone = "0411 999", "Asia/Jayapura"
    office.save()
    shorter = (
        GOOD.replace("    telepon: (0411) 123456\n", "")
        .replace("    zona_waktu: WITA\n", "")
        .replace("    nip: 197001012000031001\n", "")
    )
    path = org_file(shorter)

    output = _org_load(path)

    assert output == [f"{path}: {UNCHANGED}"]
    office.refresh_from_db()
    assert (office.phone, office.tz_label) == ("0411 999", "WIT")
    assert Assignment.objects.filter(nip="197001012000031001").count() == 1


def test_a_key_written_empty_clears_its_stored_value(org_file):
    _org_load(org_file(GOOD))

    _org_load(org_file(GOOD.replace("telepon: (0411) 123456", "telepon:")))

    assert Office.objects.get().phone == ""


def test_loading_never_removes_what_the_file_leaves_out(org_file):
    _org_load(org_file(GOOD))
    fewer = GOOD.replace("      - kode: petugas_loket\n        nama: Petugas Loket\n", "")

    _org_load(org_file(fewer))

    assert Position.objects.filter(kode="petugas_loket").exists()
    assert Assignment.objects.count() == 3


def test_assignment_may_name_an_office_position_and_person_already_stored(org_file):
    office = make_office(slug="kecamatan-undaan", positions={"camat": "Camat Undaan"})
    make_user("sekcam.undaan")
    text = (
        "penugasan:\n"
        "  - pegawai: sekcam.undaan\n"
        "    kantor: kecamatan-undaan\n"
        "    jabatan: camat\n"
        "    jenis: plt\n"
        "    mulai: 2026-01-05\n"
    )

    path = org_file(text)

    output = _org_load(path)

    assert output == [f"{path}: penugasan: 1 baru, 0 diperbarui"]
    assignment = Assignment.objects.get()
    assert (assignment.position.office, assignment.signature_title) == (office, "Plt. Camat Undaan")


def test_pengelola_may_be_a_person_already_stored(org_file):
    make_user("admin.contoh")
    text = GOOD.replace("  - username: admin.contoh\n    nama: Rina Lestari\n", "")

    _org_load(org_file(text))

    assert list(Office.objects.get().admins.values_list("username", "is_staff")) == [
        ("admin.contoh", True)
    ]


def test_new_register_without_format_takes_the_configured_format(org_file):
    text = GOOD.replace('        format: "{nomor:03}/SKTM/{bulan_romawi}/{tahun}"\n', "")

    _org_load(org_file(text))

    assert Register.objects.get().number_format == settings.REGISTER_FORMAT


# Broken files: one clear message each, and nothing stored

BROKEN = [
    # (what is wrong, text replaced, replacement, snippet on the reported line, field, message)
    (
        "unknown key in an office",
        "    kota: Contoh\n",
        "    kota: Contoh\n    warna: merah\n",
        "warna:",
        "kantor ke-1 › warna",
        "kunci tidak dikenal",
    ),
    (
        "unknown key at the top",
        "pegawai:\n",
        "pejabat: []\npegawai:\n",
        "pejabat:",
        "pejabat",
        "kunci tidak dikenal (yang dikenal: kantor, pegawai, penugasan)",
    ),
    (
        "bad date",
        "mulai: 2024-01-02",
        "mulai: 2024-02-30",
        "2024-02-30",
        "penugasan ke-1 › mulai",
        "harus berupa tanggal dengan format TTTT-BB-HH, misalnya 2023-06-05",
    ),
    (
        "end before start",
        "sampai: 2026-12-31",
        "sampai: 2022-12-31",
        "sampai:",
        "penugasan ke-2 › sampai",
        "tanggal sampai sebelum tanggal mulai (2023-01-02)",
    ),
    (
        "unknown person",
        "  - pegawai: loket.contoh\n    kantor: kecamatan-contoh\n    jabatan: petugas_loket",
        "  - pegawai: lokett.contoh\n    kantor: kecamatan-contoh\n    jabatan: petugas_loket",
        "lokett.contoh",
        "penugasan ke-1 › pegawai",
        "pegawai 'lokett.contoh' tidak ada di berkas maupun di basis data",
    ),
    (
        "unknown office",
        "    kantor: kecamatan-contoh\n    jabatan: petugas_loket",
        "    kantor: kecamatan-lain\n    jabatan: petugas_loket",
        "kecamatan-lain",
        "penugasan ke-1 › kantor",
        "kantor 'kecamatan-lain' tidak ada di berkas maupun di basis data",
    ),
    (
        "unknown position",
        "    jabatan: petugas_loket\n    mulai",
        "    jabatan: loket\n    mulai",
        "jabatan: loket",
        "penugasan ke-1 › jabatan",
        "jabatan 'loket' tidak ada di kantor 'kecamatan-contoh' (camat, petugas_loket)",
    ),
    (
        "duplicate office kode",
        "pegawai:\n",
        "  - kode: kecamatan-contoh  # kembar\n    nama: Kecamatan Kembar\npegawai:\n",
        "kecamatan-contoh  # kembar",
        "kantor ke-2 › kode",
        "kode 'kecamatan-contoh' ditulis lebih dari sekali",
    ),
    (
        "duplicate position kode",
        "        nama: Camat Contoh\n",
        "        nama: Camat Contoh\n      - kode: camat  # lagi\n        nama: Camat Lagi\n",
        "camat  # lagi",
        "kantor ke-1 › jabatan ke-3 › kode",
        "kode 'camat' ditulis lebih dari sekali",
    ),
    (
        "duplicate register kode",
        '        format: "{nomor:03}/SKTM/{bulan_romawi}/{tahun}"\n',
        '        format: "{nomor:03}/SKTM/{bulan_romawi}/{tahun}"\n'
        "      - kode: legalisasi-sktm  # lagi\n        nama: Buku Lain\n",
        "legalisasi-sktm  # lagi",
        "kantor ke-1 › buku_register ke-2 › kode",
        "kode 'legalisasi-sktm' ditulis lebih dari sekali",
    ),
    (
        "duplicate desa",
        "        kelurahan: true\n",
        "        kelurahan: true\n      - nama: Sukamaju  # lagi\n",
        "Sukamaju  # lagi",
        "kantor ke-1 › desa ke-3 › nama",
        "nama 'Sukamaju' ditulis lebih dari sekali",
    ),
    (
        "duplicate username",
        "  - username: camat.contoh\n",
        "  - username: loket.contoh  # lagi\n    nama: Andi Kembar\n  - username: camat.contoh\n",
        "loket.contoh  # lagi",
        "pegawai ke-3 › username",
        "username 'loket.contoh' ditulis lebih dari sekali",
    ),
    (
        "unknown time zone",
        "zona_waktu: WITA",
        "zona_waktu: WITB",
        "zona_waktu:",
        "kantor ke-1 › zona_waktu",
        "harus salah satu dari: 'WIB', 'WITA' atau 'WIT'",
    ),
    (
        "username with capitals",
        "  - username: camat.contoh\n",
        "  - username: Camat.Baru\n    nama: Camat Baru\n  - username: camat.contoh\n",
        "Camat.Baru",
        "pegawai ke-3 › username",
        "username 'Camat.Baru' hanya boleh huruf kecil a-z, angka, titik, '-' dan '_'",
    ),
    (
        "username not ASCII",
        "  - username: camat.contoh\n",
        "  - username: made.wirawań\n    nama: Made\n  - username: camat.contoh\n",
        "made.wirawań",
        "pegawai ke-3 › username",
        "username 'made.wirawań' hanya boleh huruf kecil a-z, angka, titik, '-' dan '_'",
    ),
    (
        "overlapping definitif holders in the file",
        "    jenis: an\n    mulai: 2024-06-01\n    jabatan_sendiri: Petugas Loket\n",
        "    mulai: 2024-06-01\n",
        "mulai: 2024-06-01",
        "penugasan ke-3 › mulai",
        "bertumpang tindih dengan penugasan definitif 'camat.contoh' mulai 2023-01-02 "
        "di penugasan ke-2; satu jabatan hanya satu pejabat definitif",
    ),
    (
        "duplicate pengelola",
        "      - admin.contoh\n",
        "      - admin.contoh\n      - admin.contoh  # lagi\n",
        "admin.contoh  # lagi",
        "kantor ke-1 › pengelola ke-2",
        "pengelola 'admin.contoh' ditulis lebih dari sekali",
    ),
    (
        "repeated assignment",
        "    jabatan_sendiri: Petugas Loket\n",
        "    jabatan_sendiri: Petugas Loket\n"
        "  - pegawai: loket.contoh  # lagi\n"
        "    kantor: kecamatan-contoh\n"
        "    jabatan: camat\n"
        "    jenis: an\n"
        "    mulai: 2024-06-01\n",
        "loket.contoh  # lagi",
        "penugasan ke-4",
        "sama dengan penugasan ke-3 (pegawai, kantor, jabatan, jenis dan mulai sama)",
    ),
    (
        "repeated definitif assignment",
        "    nip: 197001012000031001\n",
        "    nip: 197001012000031001\n"
        "  - pegawai: camat.contoh  # lagi\n"
        "    kantor: kecamatan-contoh\n"
        "    jabatan: camat\n"
        "    mulai: 2023-01-02\n",
        "camat.contoh  # lagi",
        "penugasan ke-3",
        "sama dengan penugasan ke-2 (pegawai, kantor, jabatan, jenis dan mulai sama)",
    ),
    (
        "empty name",
        "nama: Rina Lestari",
        'nama: ""',
        'nama: ""',
        "pegawai ke-1 › nama",
        "tidak boleh kosong",
    ),
    (
        "unknown kind",
        "    jenis: an\n",
        "    jenis: wakil\n",
        "jenis: wakil",
        "penugasan ke-3 › jenis",
        "harus salah satu dari: 'definitif', 'plt', 'plh' atau 'an'",
    ),
    (
        "own title on a definitif assignment",
        "    mulai: 2024-01-02\n",
        "    mulai: 2024-01-02\n    jabatan_sendiri: Staf\n",
        "jabatan_sendiri: Staf",
        "penugasan ke-1 › jabatan_sendiri",
        "hanya untuk jenis 'an' (atas nama)",
    ),
    (
        "bad e-mail",
        "email: andi@contoh.go.id",
        "email: andi.contoh.go.id",
        "andi.contoh.go.id",
        "pegawai ke-2 › email",
        "'andi.contoh.go.id' bukan alamat email yang sah",
    ),
    (
        "bad register format",
        "{nomor:03}/SKTM/{bulan_romawi}/{tahun}",
        "{nomor:03}/SKTM/{bln}/{tahun}",
        "{bln}",
        "kantor ke-1 › buku_register ke-1 › format",
        "format nomor tidak sah; yang dikenal: "
        "{nomor:04}, {unit}, {tahun}, {bulan}, {bulan_romawi}",
    ),
    (
        "unknown pengelola",
        "      - admin.contoh\n",
        "      - admin.contoh\n      - admin.lain\n",
        "admin.lain",
        "kantor ke-1 › pengelola ke-2",
        "pegawai 'admin.lain' tidak ada di berkas maupun di basis data",
    ),
    (
        "text too long",
        "nama: Kecamatan Contoh",
        "nama: " + "K" * 201,
        "KKKK",
        "kantor ke-1 › nama",
        "paling panjang 200 karakter",
    ),
    (
        "position kode not a slug",
        "    buku_register:\n",
        "      - kode: Sekcam\n        nama: Sekretaris Camat\n    buku_register:\n",
        "kode: Sekcam",
        "kantor ke-1 › jabatan ke-3 › kode",
        "hanya boleh huruf kecil, angka, '-' dan '_', diawali huruf",
    ),
    (
        "yes/no written as text",
        "kelurahan: true",
        "kelurahan: benar",
        "kelurahan:",
        "kantor ke-1 › desa ke-2 › kelurahan",
        "harus ya atau tidak (true/false)",
    ),
    (
        "required key missing",
        "  - username: camat.contoh\n    nama: Drs. Made Wirawan, M.Si\n",
        "  - username: camat.contoh\n",
        "username: camat.contoh",
        "pegawai ke-3 › nama",
        "wajib diisi",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "snippet", "field", "message"),
    [case[1:] for case in BROKEN],
    ids=[case[0] for case in BROKEN],
)
def test_broken_row_gives_one_message_naming_line_and_field_and_stores_nothing(
    org_file, old, new, snippet, field, message
):
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    path = org_file(text)
    line = _line_of(text, snippet)

    problems, error = _refused(path)

    assert problems == [f"{path}:{line}: {field}: {message}"]
    assert error == f"{path}: 1 masalah; tidak ada yang disimpan."
    assert _snapshot() == {key: [] for key in _snapshot()}


def test_definitif_overlapping_a_stored_holder_is_refused(org_file):
    office = make_office(slug="kecamatan-contoh", positions={"camat": "Camat Contoh"})
    assign(make_user("camat.lama"), office, "camat", starts_on=datetime.date(2020, 1, 1))
    text = GOOD.replace("    sampai: 2026-12-31\n", "")
    path = org_file(text)

    problems, _error = _refused(path)

    assert problems == [
        f"{path}:{_line_of(text, 'mulai: 2023-01-02')}: penugasan ke-2 › mulai: "
        "bertumpang tindih dengan penugasan definitif 'camat.lama' mulai 2020-01-01 "
        "yang sudah tersimpan; satu jabatan hanya satu pejabat definitif"
    ]
    assert Assignment.objects.count() == 1


def test_handover_ends_the_stored_holder_and_starts_the_next(org_file):
    office = make_office(slug="kecamatan-contoh", positions={"camat": "Camat Contoh"})
    assign(make_user("camat.lama"), office, "camat", starts_on=datetime.date(2020, 1, 1))
    make_user("camat.baru")
    text = (
        "penugasan:\n"
        "  - pegawai: camat.lama\n"
        "    kantor: kecamatan-contoh\n"
        "    jabatan: camat\n"
        "    mulai: 2020-01-01\n"
        "    sampai: 2025-12-31\n"
        "  - pegawai: camat.baru\n"
        "    kantor: kecamatan-contoh\n"
        "    jabatan: camat\n"
        "    mulai: 2026-01-01\n"
    )

    path = org_file(text)

    output = _org_load(path)

    assert output == [f"{path}: penugasan: 1 baru, 1 diperbarui"]
    holders = Assignment.objects.on(datetime.date(2026, 1, 5)).values_list("user__username")
    assert list(holders) == [("camat.baru",)]


def test_unknown_position_of_a_stored_office_lists_its_stored_positions(org_file):
    make_office(slug="kecamatan-undaan", positions={"camat": "Camat", "staf": "Staf"})
    make_user("staf.baru")
    text = (
        "penugasan:\n"
        "  - pegawai: staf.baru\n"
        "    kantor: kecamatan-undaan\n"
        "    jabatan: petugas_loket\n"
        "    mulai: 2026-01-05\n"
    )
    path = org_file(text)

    problems, _error = _refused(path)

    assert problems == [
        f"{path}:4: penugasan ke-1 › jabatan: "
        "jabatan 'petugas_loket' tidak ada di kantor 'kecamatan-undaan' (camat, staf)"
    ]


def test_every_problem_of_a_file_is_listed_in_line_order(org_file):
    text = (
        GOOD.replace("zona_waktu: WITA", "zona_waktu: WITB")
        .replace("email: andi@contoh.go.id", "email: andi")
        .replace("sampai: 2026-12-31", "sampai: 2020-12-31")
    )
    path = org_file(text)

    problems, error = _refused(path)

    assert problems == [
        f"{path}:11: kantor ke-1 › zona_waktu: harus salah satu dari: 'WIB', 'WITA' atau 'WIT'",
        f"{path}:33: pegawai ke-2 › email: 'andi' bukan alamat email yang sah",
        f"{path}:45: penugasan ke-2 › sampai: tanggal sampai sebelum tanggal mulai (2023-01-02)",
    ]
    assert error == f"{path}: 3 masalah; tidak ada yang disimpan."


def test_non_utf8_file_names_line_and_field(org_file):
    path = org_file(GOOD.replace("Andi Saputra", "Andi S\xe4putra").encode("latin-1"))

    problems, _error = _refused(path)

    assert problems == [
        f"{path}:{_line_of(GOOD, 'Andi Saputra')}: pegawai ke-2 › nama: "
        "bukan teks UTF-8 (bita 0xe4); simpan berkas sebagai UTF-8"
    ]
    assert get_user_model().objects.count() == 0


def test_oversized_file_is_refused_without_reading_it(org_file):
    path = org_file(GOOD + "#" * orgfile.MAX_BYTES)

    problems, _error = _refused(path)

    assert problems == [f"{path}: berkas lebih dari 2 MB"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "1: berkas kosong"),
        ("- kantor\n", "1: isi berkas harus berupa pemetaan (kunci: nilai)"),
        ("kantor: Kecamatan Contoh\n", "1: kantor: harus berupa daftar"),
        ("pegawai: &a []\n", "1: anchor dan alias YAML (& dan *) tidak diizinkan"),
        ("kantor: [\n", "2: YAML tidak dapat dibaca: "),
    ],
    ids=["empty", "list", "section not a list", "anchor", "not yaml"],
)
def test_unreadable_file_gives_one_message(org_file, text, problem):
    path = org_file(text)

    problems, _error = _refused(path)

    assert len(problems) == 1
    assert problems[0].startswith(f"{path}:{problem}")


def test_python_tag_is_named(org_file):
    path = org_file("pegawai:\n  - !!python/object:os.system\n")

    problems, _error = _refused(path)

    assert problems == [f"{path}:2: tag YAML '!!python/object:os.system' tidak diizinkan"]


def test_missing_file_is_reported(tmp_path):
    path = tmp_path / "tidak-ada.yaml"

    problems, _error = _refused(path)

    assert len(problems) == 1
    assert problems[0].startswith(f"{path}: berkas tidak dapat dibaca: ")


def test_check_only_reports_problems_too(org_file):
    path = org_file(GOOD.replace("zona_waktu: WITA", "zona_waktu: CET"))

    problems, error = _refused(path, "--periksa")

    assert problems == [
        f"{path}:11: kantor ke-1 › zona_waktu: harus salah satu dari: 'WIB', 'WITA' atau 'WIT'"
    ]
    assert error == f"{path}: 1 masalah; tidak ada yang disimpan."


def test_nip_written_as_a_number_keeps_its_digits(org_file):
    _org_load(org_file(GOOD))

    assert Assignment.objects.get(user__username="camat.contoh").nip == "197001012000031001"


UNDAAN = """\
kantor:
  - kode: kecamatan-undaan
    nama: Kecamatan Undaan
    jabatan:
      - kode: camat
        nama: Camat Undaan
      - kode: kasi_kesra
        nama: Kasi Kesra
"""


def test_positions_and_registers_an_office_sop_lacks_are_warned_about_but_stored(org_file):
    sop_load_file(SKTM)
    path = org_file(UNDAAN)
    err = io.StringIO()

    call_command("org_load", str(path), stdout=io.StringIO(), stderr=err)

    assert err.getvalue().splitlines() == [
        f"{path}:4: kantor ke-1 › jabatan: peringatan: SOP 'undaan-legalisasi-sktm' memakai "
        "pelaksana yang belum punya jabatan di kantor ini: staf",
        f"{path}:2: kantor ke-1 › buku_register: peringatan: SOP 'undaan-legalisasi-sktm' "
        "memakai buku register yang belum ada di kantor ini: legalisasi-sktm",
    ]
    assert Position.objects.filter(office__slug="kecamatan-undaan").count() == 2


def test_office_whose_sop_is_covered_gets_no_warning(org_file):
    sop_load_file(SKTM)
    office = make_office(slug="kecamatan-undaan", positions={"staf": "Staf"})
    Register.objects.create(office=office, kode="legalisasi-sktm", name="Buku Register")
    err = io.StringIO()

    call_command("org_load", str(org_file(UNDAAN)), "--periksa", stdout=io.StringIO(), stderr=err)

    assert err.getvalue() == ""


def test_unit_code_and_phone_written_as_numbers_keep_their_digits(org_file):
    text = GOOD.replace("kode_unit: KEC.CTH", "kode_unit: 4007").replace(
        "telepon: (0411) 123456", "telepon: 411123456"
    )

    _org_load(org_file(text))

    assert Office.objects.values_list("unit_code", "phone").get() == ("4007", "411123456")


def test_desa_written_by_name_only_keeps_its_stored_code_and_kind(org_file):
    office = make_office(slug="kecamatan-contoh")
    Desa.objects.create(kecamatan=office, name="Kota Baru", code="73.71.01.1001", is_kelurahan=True)
    text = GOOD.replace(
        "      - nama: Kota Baru\n        kelurahan: true\n", "      - nama: Kota Baru\n"
    )

    _org_load(org_file(text))

    assert Desa.objects.values_list("code", "is_kelurahan").get(name="Kota Baru") == (
        "73.71.01.1001",
        True,
    )


DEMO_ORG = Path(settings.BASE_DIR) / "orgs" / "demo-kudus.yaml"


def test_demo_org_file_covers_the_shipped_sops():
    sop_load_file(SKTM)
    sop_load_file(IURAN)
    err = io.StringIO()

    call_command("org_load", str(DEMO_ORG), stdout=io.StringIO(), stderr=err)

    assert err.getvalue() == ""
    assert list(Office.objects.values_list("slug", "pemda", "timezone")) == [
        ("dinas-pmd", "PEMERINTAH KABUPATEN KUDUS", "Asia/Jakarta"),
        ("kecamatan-undaan", "PEMERINTAH KABUPATEN KUDUS", "Asia/Jakarta"),
    ]
    camat = Assignment.objects.on(datetime.date(2026, 12, 22)).filter(position__kode="camat")
    assert sorted(a.signature_title for a in camat) == ["Camat Undaan", "Plh. Camat Undaan"]


def test_demo_org_file_adds_no_desa_to_those_of_the_wilayah_import():
    call_command("wilayah_import", stdout=io.StringIO())

    output = _org_load(DEMO_ORG)

    assert "desa: 0 baru, 0 diperbarui" in output[0]
    assert Desa.objects.filter(kecamatan__slug="kecamatan-undaan").count() == 16


def test_file_without_rows_says_so(org_file):
    path = org_file("kantor: []\npegawai:\n")

    output = _org_load(path)

    assert output == [f"{path}: tidak ada baris"]


def test_example_file_covers_an_sktm_sop_of_its_kecamatan(tmp_path):
    folder = tmp_path / "sops" / "kecamatan-mejobo"
    folder.mkdir(parents=True)
    (tmp_path / "sops" / LOGO.name).write_bytes(LOGO.read_bytes())
    sop = (
        SKTM.read_text(encoding="utf-8")
        .replace("kode: undaan-legalisasi-sktm", "kode: mejobo-legalisasi-sktm")
        .replace(
            "  - kode: staf\n", "  - kode: sekcam\n    nama: Sekcam\n  - kode: petugas_loket\n"
        )
        .replace("pelaksana: staf", "pelaksana: petugas_loket")
    )
    (folder / "legalisasi-sktm.yaml").write_text(sop, encoding="utf-8")
    assert sop_load_file(folder / "legalisasi-sktm.yaml").problems == []
    err = io.StringIO()

    call_command("org_load", str(EXAMPLE), stdout=io.StringIO(), stderr=err)

    assert err.getvalue() == ""
