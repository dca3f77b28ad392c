"""Private files: written only when their transaction commits, 0640 in 0750 folders, served under
a name of ours; hostile uploads refused with a message naming the item."""

import datetime as dt
import io
import zlib
import zoneinfo
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from tertib.cases.actions import StepInput
from tertib.cases.auditcheck import verify_files
from tertib.cases.engine import complete_step, open_record, start_case
from tertib.cases.models import Attachment, Case, IssuedDocument
from tertib.cases.tests.samples import tiny_pdf
from tertib.cases.tests.test_desk import intake
from tertib.cases.uploads import UploadError, sniff
from tertib.org.models import Desa
from tertib.org.testing import PASSWORD

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
EVERYTHING = StepInput(
    checklist=["sktm_asli", "fotokopi_ktp", "fotokopi_kk", "kartu_jkn", "surat_pernyataan"],
    password=PASSWORD,
)


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def at_step_5(u) -> Case:
    case = start_case(
        sop_version=u.version,
        office=u.office,
        actor=u.staf,
        subject="Sumarni",
        intake={"nama": "Sumarni"},
        at=dt.datetime(2026, 11, 23, 8, tzinfo=WIB),
    )
    for actor, decision in [
        (u.staf, "lanjut"),
        (u.staf, "ya"),
        (u.kasi, "lanjut"),
        (u.camat, "lanjut"),
    ]:
        record = open_record(case)
        case = complete_step(
            case=case, record_id=record.pk, actor=actor, decision=decision, given=EVERYTHING
        )
    return case


class AfterRender(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_a_step_that_fails_after_rendering_leaves_no_file(undaan, settings, tmp_path):
    settings.PRIVATE_DIR = tmp_path / "private"
    case = at_step_5(undaan)
    with pytest.raises(AfterRender), transaction.atomic():
        complete_step(case=case, record_id=open_record(case).pk, actor=undaan.staf)
        assert IssuedDocument.objects.count() == 1  # rendered and recorded, not yet written
        raise AfterRender
    assert IssuedDocument.objects.count() == 0
    assert files_under(tmp_path / "private") == []


@pytest.mark.django_db(transaction=True)
def test_a_committed_step_writes_its_file_0640_in_0750_folders(undaan, settings, tmp_path):
    settings.PRIVATE_DIR = tmp_path / "private"
    case = at_step_5(undaan)
    complete_step(case=case, record_id=open_record(case).pk, actor=undaan.staf)
    document = IssuedDocument.objects.get()
    (path,) = files_under(tmp_path / "private")
    assert (
        path
        == tmp_path / "private" / "documents" / case.code / f"lembar_legalisasi-{document.code}.pdf"
    )
    assert path.stat().st_mode & 0o777 == 0o640
    assert path.parent.stat().st_mode & 0o777 == 0o750
    assert (tmp_path / "private" / "documents").stat().st_mode & 0o777 == 0o750
    assert verify_files() == []
    path.write_bytes(path.read_bytes() + b"%")
    assert verify_files() == [
        f"dokumen terbit #{document.pk}: berkas {document.path} tidak cocok dengan SHA-256-nya"
    ]
    path.unlink()
    assert verify_files() == [f"dokumen terbit #{document.pk}: berkas {document.path} hilang"]


def test_file_waits_for_the_commit(undaan, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.PRIVATE_DIR = tmp_path / "private"
    case = at_step_5(undaan)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        complete_step(case=case, record_id=open_record(case).pk, actor=undaan.staf)
    assert (len(callbacks), files_under(tmp_path / "private")) == (1, [])
    callbacks[0]()
    assert len(files_under(tmp_path / "private")) == 1


# Hostile PDFs, made with pypdf as an attacker would


def _pdf(build) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    build(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _open_action(kind: str, key: str, value: str):
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    def build(writer):
        action = DictionaryObject(
            {NameObject("/S"): NameObject(kind), NameObject(key): TextStringObject(value)}
        )
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)

    return build


def pdf_with_javascript() -> bytes:
    return _pdf(_open_action("/JavaScript", "/JS", "app.alert('x');"))


def pdf_with_embedded_file() -> bytes:
    return _pdf(lambda writer: writer.add_attachment("ktp.exe", b"MZ\x90\x00"))


def pdf_with_launch_action() -> bytes:
    return _pdf(_open_action("/Launch", "/F", "cmd.exe"))


def pdf_bomb(inflated: int = 70 * 1024 * 1024) -> bytes:
    from pypdf.generic import NameObject, StreamObject

    def build(writer):
        stream = StreamObject()
        stream._data = zlib.compress(b"\0" * inflated, 9)
        stream[NameObject("/Filter")] = NameObject("/FlateDecode")
        writer._root_object[NameObject("/Bom")] = writer._add_object(stream)

    return _pdf(build)


def png_bomb() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (8_000, 8_000)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (pdf_with_javascript, "KTP: PDF berisi JavaScript; tidak diterima"),
        (pdf_with_embedded_file, "KTP: PDF berisi berkas sisipan; tidak diterima"),
        (
            pdf_with_launch_action,
            "KTP: PDF berisi perintah menjalankan program (/Launch); tidak diterima",
        ),
        (
            pdf_bomb,
            "KTP: isi PDF mengembang melebihi 40 MB; pindai ulang dengan resolusi lebih rendah",
        ),
        (
            png_bomb,
            "KTP: gambar terlalu besar (8000 × 8000 piksel); pindai ulang dengan resolusi "
            "lebih rendah",
        ),
    ],
)
def test_hostile_files_are_refused_naming_the_item(make, message):
    content = make()
    with pytest.raises(UploadError) as refused:
        sniff(content, label="KTP")
    assert str(refused.value) == message


def test_the_bomb_is_small_and_refused_without_inflating_it_all():
    content = pdf_bomb()
    assert len(content) < 100 * 1024
    with pytest.raises(UploadError, match="mengembang"):
        sniff(content, label="KTP")


def test_ordinary_scans_pass():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (2480, 3508), "white").save(buffer, format="JPEG")
    assert sniff(buffer.getvalue(), label="KTP") == "image/jpeg"
    assert sniff(tiny_pdf(), label="KTP") == "application/pdf"
    assert sniff(pdf_bomb(inflated=5 * 1024 * 1024), label="KTP") == "application/pdf"


@pytest.fixture
def desk(undaan, client, tmp_path, settings):
    settings.PRIVATE_DIR = tmp_path / "private"
    Desa.objects.create(kecamatan=undaan.office, name="Wates")
    client.force_login(undaan.staf)
    undaan.client = client
    return undaan


def test_hostile_upload_at_the_counter_is_refused_and_nothing_kept(desk):
    scan = SimpleUploadedFile("sktm.pdf", pdf_with_javascript())
    html = intake(desk, scan_sktm_asli=scan).content.decode()
    assert "SKTM asli dari desa: PDF berisi JavaScript; tidak diterima" in html
    assert (Case.objects.count(), Attachment.objects.count()) == (0, 0)


def test_pdf_named_ktp_exe_is_stored_and_served_under_a_safe_name(
    desk, tmp_path, django_capture_on_commit_callbacks
):
    content = tiny_pdf()
    with django_capture_on_commit_callbacks(execute=True):
        intake(desk, scan_fotokopi_ktp=SimpleUploadedFile("ktp.exe", content))
    item = Attachment.objects.get()
    assert item.path.endswith(".pdf") and "ktp.exe" not in item.path
    response = desk.client.get(reverse("cases:attachment", args=[item.case.code, item.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="fotokopi_ktp-{item.case.code}.pdf"'
    )
    assert b"".join(response.streaming_content) == content
    stored = tmp_path / "private" / item.path
    assert stored.stat().st_mode & 0o777 == 0o640
