"""Files attached to a refused form are kept: signed reference, tampering, expiry, other users,
the daily clean-up, and the intake that keeps a scan across a bad NIK."""

import datetime
import os
import re
import time
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tertib import kept
from tertib.cases.models import Attachment, Case
from tertib.cases.tests.samples import tiny_pdf
from tertib.cases.tests.test_desk import ALL, NIK, intake
from tertib.org.models import Desa


class ScanForm(kept.KeptFilesMixin, forms.Form):
    scan = kept.KeptFileField(label="Pindaian KTP")
    extra = kept.KeptFileField(label="Lampiran lain", required=False)


@pytest.fixture
def private(tmp_path, settings):
    settings.PRIVATE_DIR = tmp_path / "private"
    return Path(settings.PRIVATE_DIR)


@pytest.fixture
def owner(undaan):
    return undaan.staf


def posted(owner, data=None, files=None) -> ScanForm:
    form = ScanForm(data or {}, files or {}, owner=owner)
    form.is_valid()
    return form


def reference_in(html: str, name: str) -> str:
    return re.search(rf'name="{name}_kept" value="([^"]+)"', html).group(1)


def kept_once(owner, content=b"%PDF-1.4 ktp") -> str:
    """The reference a refused form carries after one upload of ktp.pdf."""
    form = posted(owner, files={"scan": SimpleUploadedFile("ktp.pdf", content)})
    form.add_error(None, "ditolak")  # refused for some other reason
    return reference_in(str(form["scan"]), "scan")


def test_a_refused_form_shows_the_kept_file_and_its_reference(private, owner):
    form = posted(owner, files={"scan": SimpleUploadedFile("ktp.pdf", b"%PDF-1.4 ktp")})

    html = str(form["scan"])

    assert "terlampir: <strong>ktp.pdf</strong> — <label" in html and ">ganti</label>" in html
    assert 'name="scan_kept"' in html
    assert "required" not in html  # the browser lets the form go without a new file
    stored = list((private / kept.FOLDER).iterdir())
    assert [p.read_bytes() for p in stored] == [b"%PDF-1.4 ktp"]


def test_nothing_is_written_until_the_form_is_shown_again(private, owner):
    form = posted(owner, files={"scan": SimpleUploadedFile("ktp.pdf", b"%PDF-1.4 ktp")})

    assert form.is_valid()
    assert not (private / kept.FOLDER).exists()


def test_the_reference_brings_the_file_back_without_a_new_upload(private, owner):
    reference = kept_once(owner)

    form = posted(owner, {"scan_kept": reference})

    assert form.is_valid(), form.errors
    upload = form.cleaned_data["scan"]
    assert (upload.name, upload.read(), upload.size) == ("ktp.pdf", b"%PDF-1.4 ktp", 12)


def test_a_new_upload_replaces_the_kept_file(private, owner):
    reference = kept_once(owner)

    form = posted(
        owner, {"scan_kept": reference}, {"scan": SimpleUploadedFile("ktp2.pdf", b"%PDF-1.4 b")}
    )

    assert form.is_valid()
    assert (form.cleaned_data["scan"].name, form.cleaned_data["scan"].read()) == (
        "ktp2.pdf",
        b"%PDF-1.4 b",
    )


def test_a_kept_file_shown_again_is_not_written_twice(private, owner):
    reference = kept_once(owner)
    form = posted(owner, {"scan_kept": reference})
    form.add_error(None, "ditolak lagi")

    str(form["scan"])

    assert len(list((private / kept.FOLDER).iterdir())) == 1


def test_an_optional_kept_file_may_be_dropped(private, owner):
    form = posted(owner, files={"extra": SimpleUploadedFile("lain.pdf", b"%PDF-1.4 x")})
    html = str(form["extra"])
    assert 'name="extra_hapus"' in html
    reference = reference_in(html, "extra")

    form = posted(owner, {"extra_kept": reference, "extra_hapus": "on"})

    assert form.cleaned_data["extra"] is None


def test_tampered_reference_is_refused_naming_the_field(private, owner):
    reference = kept_once(owner)
    payload, _, signature = reference.rpartition(":")

    form = posted(owner, {"scan_kept": payload + ":" + signature[::-1]})

    assert form.errors["scan"] == [
        "Pindaian KTP: rujukan lampiran tidak sah; lampirkan berkasnya lagi."
    ]


def test_a_reference_signed_for_another_purpose_is_refused(private, owner):
    forged = signing.dumps({"p": "uploads/x.pdf", "n": "ktp.pdf", "u": owner.pk}, salt="other")

    form = posted(owner, {"scan_kept": forged})

    assert form.errors["scan"] == [
        "Pindaian KTP: rujukan lampiran tidak sah; lampirkan berkasnya lagi."
    ]


def test_another_users_reference_is_refused(private, owner, undaan):
    reference = kept_once(owner)

    form = posted(undaan.kasi, {"scan_kept": reference})

    assert form.errors["scan"] == [
        "Pindaian KTP: lampiran ini bukan milik Anda; lampirkan berkasnya lagi."
    ]


def test_a_reference_older_than_a_day_is_refused(private, owner, monkeypatch):
    reference = kept_once(owner)
    later = time.time() + 24 * 3600 + 5
    monkeypatch.setattr(signing.time, "time", lambda: later)

    form = posted(owner, {"scan_kept": reference})

    assert form.errors["scan"] == [
        "Pindaian KTP: lampiran yang disimpan sudah lebih dari sehari; lampirkan berkasnya lagi."
    ]


def test_a_reference_to_a_removed_file_is_refused(private, owner):
    reference = kept_once(owner)
    for path in (private / kept.FOLDER).iterdir():
        path.unlink()

    form = posted(owner, {"scan_kept": reference})

    assert form.errors["scan"] == [
        "Pindaian KTP: lampiran yang disimpan sudah dihapus; lampirkan berkasnya lagi."
    ]


def test_without_an_owner_no_reference_is_given_or_taken(private, owner):
    reference = kept_once(owner)
    form = ScanForm({"scan_kept": reference}, {})

    assert not form.is_valid()
    assert form.errors["scan"] == ["Pindaian KTP: wajib dilampirkan."]
    assert "_kept" not in str(form["scan"])


def test_a_file_too_large_is_refused_and_not_kept(private, owner):
    big = SimpleUploadedFile("ktp.pdf", b"%PDF" + b"x" * (5 * 1024 * 1024))

    form = posted(owner, files={"scan": big})

    assert form.errors["scan"] == ["Pindaian KTP: berkas lebih dari 5 MB."]
    assert "terlampir" not in str(form["scan"])


def test_an_empty_file_is_refused(private, owner):
    form = posted(owner, files={"scan": SimpleUploadedFile("ktp.pdf", b"")})

    assert form.errors["scan"] == ["Pindaian KTP: berkas kosong."]


def test_remove_stale_deletes_kept_files_older_than_a_day_only(private, owner):
    kept_once(owner, b"%PDF old")
    kept_once(owner, b"%PDF new")
    old, new = sorted((private / kept.FOLDER).iterdir(), key=lambda p: p.read_bytes())[::-1]
    assert old.read_bytes() == b"%PDF old"
    day_ago = time.time() - 24 * 3600 - 60
    os.utime(old, (day_ago, day_ago))

    removed = kept.remove_stale()

    assert removed == 1
    assert [p.read_bytes() for p in (private / kept.FOLDER).iterdir()] == [b"%PDF new"]


def test_remove_stale_with_nothing_kept_removes_nothing(private):
    assert kept.remove_stale() == 0


def test_remove_stale_runs_in_the_daily_sweep(private, owner, db):
    from django.core.management import call_command

    kept_once(owner)
    later = datetime.datetime.now().timestamp() - 2 * 24 * 3600
    for path in (private / kept.FOLDER).iterdir():
        os.utime(path, (later, later))

    call_command("sweep", stdout=(out := __import__("io").StringIO()))

    assert "1 lampiran tertunda dihapus" in out.getvalue()
    assert not list((private / kept.FOLDER).iterdir())


@pytest.fixture
def desk(undaan, client, private, settings):
    settings.PUBLIC_BASE_URL = "http://tertib.test"
    Desa.objects.create(kecamatan=undaan.office, name="Wates")
    client.force_login(undaan.staf)
    undaan.client = client
    return undaan


@pytest.mark.django_db(transaction=True)
def test_intake_keeps_the_scan_across_a_bad_nik_and_attaches_it(desk):
    content = tiny_pdf()

    refused = intake(desk, nik="3319", scan_sktm_asli=SimpleUploadedFile("sktm.pdf", content))

    html = refused.content.decode()
    assert "NIK pemohon: harus 16 angka, tertulis 4." in html
    assert "terlampir: <strong>sktm.pdf</strong>" in html
    assert 'value="Sumarni Rahayu"' in html and 'value="3319"' in html
    assert not Case.objects.exists()
    response = intake(desk, scan_sktm_asli_kept=reference_in(html, "scan_sktm_asli"))
    case = Case.objects.get()
    assert response.url == reverse("cases:detail", args=[case.code])
    item = Attachment.objects.get()
    assert (item.case, item.requirement, item.original_name) == (case, "sktm_asli", "sktm.pdf")
    assert (Path(settings.PRIVATE_DIR) / item.path).read_bytes() == content


def test_intake_keeps_every_box_and_choice_as_typed(desk):
    ticked = ["sktm_asli", "kartu_jkn"]
    data = {f"ada_{kode}": "" for kode in ALL} | {f"ada_{kode}": "on" for kode in ticked}

    refused = intake(desk, nik="33190452038500", **data)

    form = refused.context["form"]
    assert [name for name in ALL if form[f"ada_{name}"].value()] == ticked
    assert form["nik"].value() == "33190452038500"
    assert NIK not in refused.content.decode()


def test_a_file_the_view_read_before_refusing_is_kept_whole(private, owner):
    form = posted(owner, files={"scan": SimpleUploadedFile("ktp.pdf", b"%PDF-1.4 ktp")})
    assert form.cleaned_data["scan"].read() == b"%PDF-1.4 ktp"  # the view reads it, then refuses
    form.add_error(None, "ditolak")

    reference = reference_in(str(form["scan"]), "scan")

    again = posted(owner, {"scan_kept": reference})
    assert again.cleaned_data["scan"].read() == b"%PDF-1.4 ktp"
