"""Versions: an SOP file is stored once per distinct content; broken files store nothing."""

import pytest
from django.core.management import CommandError, call_command

from conftest import IURAN, SKTM
from tertib.sop.loading import load_file
from tertib.sop.models import Sop, SopVersion

pytestmark = pytest.mark.django_db

SKTM_TEXT = SKTM.read_text(encoding="utf-8")


def test_load_stores_first_version_as_current(write_sop):
    loaded = load_file(write_sop(SKTM_TEXT))
    sop = Sop.objects.get(kode="undaan-legalisasi-sktm")
    assert loaded.created is True
    assert (sop.current_version, sop.office_slug) == (loaded.version, "kantor-uji")
    assert loaded.version.number == 1
    assert loaded.version.definition.langkah[3].kegiatan == "Legalisasi SKTM"
    assert loaded.version.source_text == SKTM_TEXT
    assert bytes(loaded.version.logo).startswith(b"<svg")
    assert loaded.version.logo_type == "image/svg+xml"


def test_unchanged_file_is_a_no_op_even_with_new_comments(write_sop):
    first = load_file(write_sop(SKTM_TEXT))
    again = load_file(write_sop("# komentar baru\n" + SKTM_TEXT))
    assert (again.created, again.version.pk) == (False, first.version.pk)
    assert SopVersion.objects.count() == 1


def test_changed_file_becomes_new_version_and_old_is_kept(write_sop):
    first = load_file(write_sop(SKTM_TEXT)).version
    second = load_file(write_sop(SKTM_TEXT.replace("waktu: 4 menit", "waktu: 3 menit"))).version
    sop = Sop.objects.get()
    assert (second.number, sop.current_version) == (2, second)
    first.refresh_from_db()
    assert first.definition.langkah[3].mutu_baku.waktu == "4 menit"
    assert second.definition.langkah[3].mutu_baku.waktu == "3 menit"
    assert first.content_hash != second.content_hash


def test_reverting_a_file_keeps_the_new_version_and_says_so(write_sop):
    first = load_file(write_sop(SKTM_TEXT)).version
    second = load_file(write_sop(SKTM_TEXT.replace("waktu: 4 menit", "waktu: 3 menit"))).version
    reverted = load_file(write_sop(SKTM_TEXT))
    assert (reverted.created, reverted.older, reverted.version) == (False, True, first)
    assert "sama dengan versi 1 yang lama" in str(reverted.warnings[-1])
    assert Sop.objects.get().current_version == second
    assert SopVersion.objects.count() == 2


def test_rollback_makes_the_old_version_current_again(write_sop):
    first = load_file(write_sop(SKTM_TEXT)).version
    load_file(write_sop(SKTM_TEXT.replace("waktu: 4 menit", "waktu: 3 menit")))
    reverted = load_file(write_sop(SKTM_TEXT), rollback=True)
    assert (reverted.created, reverted.older, reverted.version) == (False, False, first)
    assert Sop.objects.get().current_version == first


def test_changed_logo_makes_a_new_version(write_sop, sop_dir):
    load_file(write_sop(SKTM_TEXT))
    logo = sop_dir.parent / "logo-kabupaten-kudus.svg"
    logo.write_bytes(logo.read_bytes().replace(b"KUDUS", b"KUDUS "))
    assert load_file(write_sop(SKTM_TEXT)).version.number == 2


def test_broken_file_stores_nothing(write_sop):
    loaded = load_file(write_sop(SKTM_TEXT.replace("waktu: 5 menit", "waktu: 5 mnt")))
    assert loaded.version is None
    assert [str(p) for p in loaded.problems] == [
        f"{loaded.path}:66: langkah ke-2 › mutu_baku › waktu: waktu '5 mnt' tidak dapat dibaca; "
        "tulis bilangan bulat positif dan satuan (menit, jam, hari, hari kerja), misalnya '5 menit'"
    ]
    assert (Sop.objects.count(), SopVersion.objects.count()) == (0, 0)


def test_broken_change_leaves_the_current_version_alone(write_sop):
    first = load_file(write_sop(SKTM_TEXT)).version
    load_file(write_sop(SKTM_TEXT.replace("    ya: 3\n", "    ya: 30\n")))
    assert Sop.objects.get().current_version == first
    assert SopVersion.objects.count() == 1


def test_sop_load_command_loads_the_seeds_once(capsys):
    call_command("sop_load")
    call_command("sop_load")
    out = capsys.readouterr().out
    assert out.count("versi baru") == 2
    assert out.count("tidak berubah") == 2
    assert sorted(Sop.objects.values_list("kode", flat=True)) == [
        "dinas-pmd-iuran-jaminan-kesehatan",
        "undaan-legalisasi-sktm",
    ]


def test_sop_load_command_fails_on_a_broken_file_and_loads_the_good_ones(write_sop, sop_dir):
    write_sop(SKTM_TEXT)
    write_sop(
        IURAN.read_text(encoding="utf-8").replace("kode: ka_dinas", "kode: Ka Dinas"), "b.yaml"
    )
    with pytest.raises(CommandError, match="1 berkas SOP tidak dimuat"):
        call_command("sop_load", str(sop_dir))
    assert list(Sop.objects.values_list("kode", flat=True)) == ["undaan-legalisasi-sktm"]


def test_sop_check_command_passes_the_seeds(capsys):
    call_command("sop_check", str(SKTM), str(IURAN))
    assert capsys.readouterr().out.count(": baik") == 2


def test_sop_check_command_lists_problems_and_fails(write_sop, capsys):
    path = write_sop(SKTM_TEXT.replace("    pelaksana: camat\n", "    pelaksana: lurah\n"))
    with pytest.raises(CommandError, match="1 berkas SOP bermasalah"):
        call_command("sop_check", str(path))
    assert f"{path}:77: langkah ke-4 › pelaksana: pelaksana 'lurah'" in capsys.readouterr().err


def test_sop_check_command_refuses_two_files_with_one_kode(write_sop, capsys):
    first, second = write_sop(SKTM_TEXT, "a.yaml"), write_sop(SKTM_TEXT, "b.yaml")
    with pytest.raises(CommandError):
        call_command("sop_check", str(first), str(second))
    assert f"kode 'undaan-legalisasi-sktm' sudah dipakai {first}" in capsys.readouterr().err


def test_sop_load_refuses_a_second_file_with_the_same_kode(write_sop, sop_dir, capsys):
    first = write_sop(SKTM_TEXT, "a.yaml")
    second = write_sop(SKTM_TEXT.replace("waktu: 4 menit", "waktu: 3 menit"), "b.yaml")
    with pytest.raises(CommandError, match="1 berkas SOP tidak dimuat"):
        call_command("sop_load", str(sop_dir))
    assert f"{second}:3: kode: kode 'undaan-legalisasi-sktm' sudah dipakai {first}" in (
        capsys.readouterr().err
    )
    assert SopVersion.objects.count() == 1
