"""Versions written in Tertib (load_text), the version in force on a day, and how a content
is recognised as already stored."""

import datetime

import pytest
from django.utils import timezone

from conftest import SKTM
from tertib.org.testing import make_user
from tertib.sop.loading import content_hash, load_file, load_text, sop_files
from tertib.sop.models import Sop, SopVersion

pytestmark = pytest.mark.django_db

SKTM_TEXT = SKTM.read_text(encoding="utf-8")


def changed(text: str = SKTM_TEXT, waktu: str = "3 menit") -> str:
    return text.replace("waktu: 4 menit", f"waktu: {waktu}")


@pytest.fixture
def loaded(write_sop):
    return load_file(write_sop(SKTM_TEXT)).version


@pytest.fixture
def writer(db):
    return make_user("penyusun", full_name="Penyusun SOP")


def test_text_written_in_tertib_becomes_a_new_version_with_its_approver(loaded, writer):
    result = load_text(changed(), sop=loaded.sop, actor=writer)

    version = result.version
    assert (result.created, result.problems, version.number) == (True, [], 2)
    assert (version.source_path, version.source_text, version.approved_by) == (
        "",
        changed(),
        writer,
    )
    assert bytes(version.logo) == bytes(loaded.logo)  # the current version's logo is kept
    assert version.logo_type == "image/svg+xml"
    assert Sop.objects.get().current_version == version


def test_text_equal_to_the_imported_file_is_no_new_version(loaded, writer):
    result = load_text("# ditulis ulang\n" + SKTM_TEXT, sop=loaded.sop, actor=writer)

    assert (result.created, result.version) == (False, loaded)
    assert SopVersion.objects.count() == 1


def test_text_may_not_change_the_kode_or_the_logo(loaded, writer):
    text = changed().replace("kode: undaan-legalisasi-sktm", "kode: sop-lain")
    text = text.replace("../logo-kabupaten-kudus.svg", "../logo-lain.svg")

    result = load_text(text, sop=loaded.sop, actor=writer)

    assert result.version is None
    assert [(p.file, p.line, p.field, p.message) for p in result.problems] == [
        ("draf", 3, "kode", "kode harus tetap 'undaan-legalisasi-sktm'"),
        (
            "draf",
            11,
            "kantor › logo",
            "logo hanya dapat diganti dengan berkas yang diunggah untuk itu",
        ),
    ]
    assert SopVersion.objects.count() == 1
    assert not Sop.objects.filter(kode="sop-lain").exists()


def test_text_without_a_logo_stores_no_logo(loaded, writer):
    text = changed().replace("  logo: ../logo-kabupaten-kudus.svg\n", "  logo:\n")

    version = load_text(text, sop=loaded.sop, actor=writer).version

    assert (version.number, version.logo, version.logo_type) == (2, None, "")


def test_broken_text_stores_nothing_and_names_the_draft(loaded, writer):
    result = load_text(changed(waktu="lama"), sop=loaded.sop, actor=writer)

    assert result.version is None
    assert [(p.file, p.line, p.field) for p in result.problems] == [
        ("draf", 80, "langkah ke-4 › mutu_baku › waktu")
    ]
    assert Sop.objects.get().current_version == loaded


def test_text_of_an_older_version_needs_rollback(loaded, writer):
    second = load_text(changed(), sop=loaded.sop, actor=writer).version

    back = load_text(SKTM_TEXT, sop=loaded.sop, actor=writer)
    assert (back.older, back.version, back.created) == (True, loaded, False)
    assert "isinya sama dengan versi 1 yang lama" in back.warnings[-1].message
    assert Sop.objects.get().current_version == second

    back = load_text(SKTM_TEXT, sop=loaded.sop, actor=writer, rollback=True)
    assert (back.older, back.version) == (False, loaded)
    assert Sop.objects.get().current_version == loaded
    assert SopVersion.objects.count() == 2


def test_version_numbers_keep_rising_after_a_rollback(loaded, writer):
    load_text(changed(), sop=loaded.sop, actor=writer)
    load_text(SKTM_TEXT, sop=loaded.sop, actor=writer, rollback=True)

    third = load_text(changed(waktu="9 menit"), sop=loaded.sop, actor=writer).version

    assert third.number == 3
    assert list(loaded.sop.versions.values_list("number", flat=True)) == [3, 2, 1]


def test_moving_a_file_to_another_office_folder_moves_the_sop(loaded, tmp_path):
    folder = tmp_path / "sops" / "kantor-baru"
    folder.mkdir()
    moved = folder / "sop.yaml"
    moved.write_text(SKTM_TEXT, encoding="utf-8")

    result = load_file(moved)

    assert (result.created, result.version) == (False, loaded)
    assert Sop.objects.get().office_slug == "kantor-baru"


def test_file_that_is_not_utf8_stores_nothing(write_sop):
    path = write_sop(SKTM_TEXT)
    path.write_bytes(SKTM_TEXT.encode().replace(b"Staf\n", b"Staf \xff\n"))

    result = load_file(path)

    assert (result.version, result.created) == (None, False)
    assert [(p.line, p.field) for p in result.problems] == [(47, "nama")]
    assert Sop.objects.count() == 0


# --- the version in force ---------------------------------------------------------------------


def test_version_on_follows_effective_dates(loaded, writer):
    second = load_text(changed(), sop=loaded.sop, actor=writer).version
    third = load_text(changed(waktu="9 menit"), sop=loaded.sop, actor=writer).version
    second.effective_from = datetime.date(2030, 1, 1)
    second.save()
    third.effective_from = datetime.date(2031, 6, 1)
    third.save()
    sop = loaded.sop
    today = timezone.localdate()

    assert sop.version_on(today) == loaded
    assert sop.version_on(datetime.date(2030, 1, 1)) == second
    assert sop.version_on(datetime.date(2031, 5, 31)) == second
    assert sop.version_on(datetime.date(2031, 6, 1)) == third
    assert sop.version_on(today - datetime.timedelta(days=1)) is None


def test_version_without_an_effective_date_is_in_force_from_its_loading_day(loaded, writer):
    second = load_text(changed(), sop=loaded.sop, actor=writer).version
    yesterday = timezone.now() - datetime.timedelta(days=1)
    SopVersion.objects.filter(pk=loaded.pk).update(loaded_at=yesterday - datetime.timedelta(1))

    sop = Sop.objects.get()

    assert sop.version_on(timezone.localdate()) == second
    assert sop.version_on(timezone.localdate(yesterday)) == loaded


def test_version_with_a_past_effective_date_outranks_an_older_one(loaded, writer):
    second = load_text(changed(), sop=loaded.sop, actor=writer).version
    second.effective_from = datetime.date(2000, 1, 1)
    second.save()

    assert loaded.sop.version_on(datetime.date(2000, 1, 1)) == second
    assert loaded.sop.version_on(timezone.localdate()) == second


# --- content identity -------------------------------------------------------------------------


def test_content_hash_ignores_key_order_but_not_values_or_logo():
    first = content_hash({"a": 1, "b": [1, 2]}, b"logo")
    assert content_hash({"b": [1, 2], "a": 1}, b"logo") == first
    assert content_hash({"a": 1, "b": [2, 1]}, b"logo") != first
    assert content_hash({"a": 1, "b": [1, 2]}, b"logo2") != first
    assert content_hash({"a": 1, "b": [1, 2]}, None) == content_hash({"a": 1, "b": [1, 2]}, b"")
    assert len(first) == 64


def test_sop_files_searches_folders_for_yaml_and_yml(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a.yaml").write_text("x")
    (tmp_path / "b" / "c.yml").write_text("x")
    (tmp_path / "b" / "catatan.txt").write_text("x")
    single = tmp_path / "lain.txt"

    found = sop_files([tmp_path / "b", single, tmp_path / "a.yaml"])

    assert found == [tmp_path / "b" / "c.yml", single, tmp_path / "a.yaml"]
