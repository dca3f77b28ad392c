"""sop_load --rollback, sop_export of a chosen version, sop_check of files with warnings."""

import pytest
from django.core.management import CommandError, call_command

from conftest import SKTM
from tertib.sop.models import Sop, SopVersion

pytestmark = pytest.mark.django_db

SKTM_TEXT = SKTM.read_text(encoding="utf-8")
REVISED = SKTM_TEXT.replace("waktu: 4 menit", "waktu: 3 menit")


def test_reloading_an_old_file_says_so_and_rollback_restores_it(write_sop, capsys):
    path = write_sop(SKTM_TEXT)
    call_command("sop_load", str(path))
    write_sop(REVISED)
    call_command("sop_load", str(path))
    write_sop(SKTM_TEXT)
    capsys.readouterr()

    call_command("sop_load", str(path))
    out = capsys.readouterr().out
    assert f"{path}: tidak diberlakukan (undaan-legalisasi-sktm v1 versi lama)" in out
    assert "isinya sama dengan versi 1 yang lama" in out
    assert Sop.objects.get().current_version.number == 2

    call_command("sop_load", str(path), "--rollback")
    out = capsys.readouterr().out
    assert f"{path}: tidak berubah (undaan-legalisasi-sktm v1)" in out
    assert Sop.objects.get().current_version.number == 1
    assert SopVersion.objects.count() == 2


def test_load_prints_the_blank_field_warnings(write_sop, capsys):
    call_command("sop_load", str(write_sop(SKTM_TEXT)))

    out = capsys.readouterr().out
    assert "peringatan: " in out
    assert "nomor: Nomor SOP belum diisi" in out
    assert "versi baru undaan-legalisasi-sktm v1" in out


def test_export_of_a_chosen_version_to_standard_output(write_sop, capsys):
    call_command("sop_load", str(write_sop(SKTM_TEXT)))
    call_command("sop_load", str(write_sop(REVISED)))
    capsys.readouterr()

    call_command("sop_export", "undaan-legalisasi-sktm", "--versi", "1")
    assert capsys.readouterr().out == SKTM_TEXT

    call_command("sop_export", "undaan-legalisasi-sktm")
    assert capsys.readouterr().out == REVISED


def test_export_of_a_missing_version_says_so(write_sop):
    call_command("sop_load", str(write_sop(SKTM_TEXT)))

    with pytest.raises(CommandError, match="SOP 'undaan-legalisasi-sktm' tidak punya versi 5"):
        call_command("sop_export", "undaan-legalisasi-sktm", "--versi", "5")


def test_exported_file_loads_back_as_the_same_version(write_sop, tmp_path):
    call_command("sop_load", str(write_sop(SKTM_TEXT)))
    out = tmp_path / "sops" / "kantor-uji" / "ekspor.yaml"

    call_command("sop_export", "undaan-legalisasi-sktm", "--out", str(out))
    call_command("sop_load", str(out))

    assert SopVersion.objects.count() == 1


def test_check_of_a_folder_reports_each_broken_file(write_sop, sop_dir, capsys):
    write_sop(SKTM_TEXT, "a.yaml")
    write_sop(SKTM_TEXT.replace("kode: undaan-legalisasi-sktm", "kode: b"), "b.yml")
    write_sop(
        SKTM_TEXT.replace("    ya: 3\n", "    ya: 8\n").replace("kode: undaan-", "kode: c-"),
        "c.yaml",
    )

    with pytest.raises(CommandError, match="1 berkas SOP bermasalah"):
        call_command("sop_check", str(sop_dir))

    captured = capsys.readouterr()
    assert captured.out.count(": baik") == 2
    assert f"{sop_dir / 'c.yaml'}:62: langkah ke-2 › ya: langkah 8 tidak ada" in captured.err
