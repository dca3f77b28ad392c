"""The SKTM desk through its pages: intake, checks, return, fiat, signature, register, hand-over."""

import hashlib
import logging
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tertib.cases.models import Attachment, Case, IssuedDocument
from tertib.cases.testing import pdf_text, qr_texts
from tertib.org.models import Desa
from tertib.org.testing import PASSWORD

NIK = "3319045203850002"
ALL = ["sktm_asli", "fotokopi_ktp", "fotokopi_kk", "kartu_jkn", "surat_pernyataan"]


@pytest.fixture
def desk(undaan, client, tmp_path, settings):
    settings.PRIVATE_DIR = tmp_path / "private"
    settings.PUBLIC_BASE_URL = "http://tertib.test"
    Desa.objects.create(kecamatan=undaan.office, name="Wates")
    client.force_login(undaan.staf)
    undaan.client = client
    return undaan


def intake(desk, **changes):
    wates = Desa.objects.get(name="Wates").pk
    data = {
        "nama": "Sumarni Rahayu",
        "nik": NIK,
        "kk": "3319041503120007",
        "alamat": "RT 02 RW 01",
        "desa": wates,
        "telepon": "081234567890",
        "nomor_jkn": "0001234567890",
        "nomor_sktm": "400.7.22/015/2026",
        "tanggal_sktm": "2026-11-16",
        "desa_sktm": wates,
    }
    data.update({f"ada_{kode}": "on" for kode in ALL})
    data.update(changes)
    return desk.client.post(reverse("cases:new", args=["undaan-legalisasi-sktm"]), data)


def act(desk, user, action="complete", **data):
    desk.client.force_login(user)
    case = Case.objects.get()
    record = case.records.filter(completed_at__isnull=True).first()
    payload = {"record": record.pk if record else "", **data}
    return desk.client.post(reverse(f"cases:{action}", args=[case.code]), payload, follow=True)


def test_intake_opens_the_case_at_the_check_with_a_receipt(desk):
    response = intake(desk)
    case = Case.objects.get()
    assert response.url == reverse("cases:detail", args=[case.code])
    assert (case.current_step, case.subject, case.intake["nik"]) == (2, "Sumarni Rahayu", NIK)
    assert case.intake["desa"] == "Wates" and case.checklist == ALL
    pdf = desk.client.get(reverse("cases:receipt", args=[case.code])).content
    assert case.code in pdf_text(pdf)
    track, survey = qr_texts(pdf)  # tracking, then the survey the citizen app registers
    assert track == f"http://tertib.test/lacak/{case.code}/"
    assert survey.startswith(f"http://tertib.test/survei/{case.code}/")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nik", "33190452038500", "NIK pemohon: harus 16 angka."),
        ("nik", "3319043203850002", "NIK pemohon: tanggal lahir di dalam NIK tidak valid."),
        ("nik", "9919045203850002", "NIK pemohon: kode provinsi &#x27;99&#x27; tidak dikenal."),
        ("kk", "3319043104120007", "Nomor KK: tanggal terbit di dalam nomor KK tidak valid."),
        ("telepon", "12345", "Nomor telepon: tulis seperti 081234567890."),
        ("nomor_jkn", "12345", "Nomor kartu JKN-KIS: harus 13 angka."),
        ("nama", "", "Nama pemohon: wajib diisi."),
        ("tanggal_sktm", "2030-01-01", "Tanggal SKTM: tidak boleh sesudah hari ini."),
    ],
)
def test_bad_intake_names_the_field_and_stores_nothing(desk, field, value, message):
    response = intake(desk, **{field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Case.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("sktm.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, "hanya PDF, JPEG atau PNG yang diterima"),
        ("sktm.pdf", b"%PDF-1.4\n" + b"x" * (5 * 1024 * 1024), "berkas lebih dari 5 MB"),
        ("sktm.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> rusak", "berkas rusak"),
        ("ktp.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "berkas rusak"),
    ],
)
def test_bad_scan_is_refused_and_nothing_is_kept(desk, name, content, message):
    response = intake(desk, scan_sktm_asli=SimpleUploadedFile(name, content))
    html = response.content.decode()
    assert "SKTM asli dari desa: " + message in html
    assert (Case.objects.count(), Attachment.objects.count()) == (0, 0)
    assert not (Path(settings.PRIVATE_DIR) / "uploads").exists()


def test_good_scan_is_kept_outside_the_web_root_and_shown_only_to_the_office(
    desk, undaan, django_capture_on_commit_callbacks
):
    from tertib.cases.tests.samples import tiny_pdf

    content = tiny_pdf()
    with django_capture_on_commit_callbacks(execute=True):  # the file is written on commit
        intake(desk, scan_sktm_asli=SimpleUploadedFile("sktm.pdf", content))
    item = Attachment.objects.get()
    assert (item.content_type, item.requirement) == ("application/pdf", "sktm_asli")
    assert (Path(settings.PRIVATE_DIR) / item.path).read_bytes() == content
    url = reverse("cases:attachment", args=[item.case.code, item.pk])
    assert desk.client.get(url).status_code == 200
    desk.client.force_login(undaan.outsider)
    assert desk.client.get(url).status_code == 404


def test_outsider_sees_nothing_of_the_case(desk):
    intake(desk)
    code = Case.objects.get().code
    outsider = Client()
    outsider.force_login(desk.outsider)
    for name in ("detail", "receipt", "legalisation"):
        assert (
            outsider.get(
                reverse(
                    ("sktm:legalisation" if name == "legalisation" else f"cases:{name}"),
                    args=[code],
                )
            ).status_code
            == 404
        )
    assert code not in outsider.get(reverse("cases:worklist")).content.decode()


def test_whole_case_through_the_pages(desk, django_capture_on_commit_callbacks):
    intake(desk, ada_fotokopi_kk="")
    # Step 2: the Kartu Keluarga copy is missing -> back to the applicant with a slip.
    page = act(desk, desk.staf, keputusan="tidak", ada=[k for k in ALL if k != "fotokopi_kk"])
    case = Case.objects.get()
    assert case.state == Case.State.MENUNGGU_PEMOHON
    assert "Persyaratan kurang: Fotokopi KK" in page.content.decode()
    slip = pdf_text(desk.client.get(reverse("cases:return_slip", args=[case.code])).content)
    assert "Fotokopi KK" in slip
    act(desk, desk.staf, "resume", catatan="KK dibawa")
    # The check again, now complete.
    act(desk, desk.staf, keputusan="ya", ada=ALL)
    act(desk, desk.kasi)
    # The Camat signs: a wrong password changes nothing.
    page = act(desk, desk.camat, password="salah")
    assert "Kata sandi: salah" in page.content.decode()
    assert Case.objects.get().current_step == 4
    act(desk, desk.camat, password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):  # the sheet is written on commit
        act(desk, desk.staf)  # step 5: register
    case = Case.objects.get()
    assert case.register_number == f"400.7.22/0001/{case.opened_at.year}"
    document = IssuedDocument.objects.get()
    pdf = desk.client.get(reverse("sktm:legalisation", args=[case.code])).content
    assert hashlib.sha256(pdf).hexdigest() == document.sha256
    text = pdf_text(pdf)
    assert case.register_number in text and "Camat Undaan" in text
    assert "19730710 199303 1 003" in text and "Arif Budiyanto" in text
    assert qr_texts(pdf) == [f"http://tertib.test/verifikasi/{document.code}/"]
    page = act(desk, desk.staf, diserahkan_kepada="Sumarni Rahayu")
    case = Case.objects.get()
    assert case.state == Case.State.SELESAI
    assert case.records.order_by("-pk").first().note == "Diserahkan kepada Sumarni Rahayu"


def test_public_pages_show_a_masked_name_and_no_nik(desk, client):
    intake(desk)
    case = Case.objects.get()
    client.logout()
    html = client.get(reverse("public:track", args=[case.code])).content.decode()
    assert "Su***** Ra****" in html and "Sumarni" not in html
    assert NIK not in html and "Pemeriksaan kelengkapan surat" in html


def test_verification_page_shows_the_issued_document(desk, client):
    from tertib.cases.engine import complete_step, open_record

    intake(desk)
    case = Case.objects.get()
    for actor, decision in [
        (desk.staf, "ya"),
        (desk.kasi, "lanjut"),
        (desk.camat, "lanjut"),
        (desk.staf, "lanjut"),
    ]:
        from tertib.cases.actions import StepInput

        case = complete_step(
            case=case,
            record_id=open_record(case).pk,
            actor=actor,
            decision=decision,
            given=StepInput(checklist=ALL, password=PASSWORD),
        )
    document = IssuedDocument.objects.get()
    html = client.get(reverse("public:verify", args=[document.code])).content.decode()
    assert "SAH" in html and document.sha256 in html and case.register_number in html
    assert "Su***** Ra****" in html and NIK not in html
    missing = client.get(reverse("public:verify", args=["TIDAKADA"]))
    assert missing.status_code == 404 and "tidak ditemukan" in missing.content.decode()


def test_worklist_names_its_own_applicants_and_nik_never_reaches_the_logs(desk, caplog):
    caplog.set_level(logging.DEBUG)
    intake(desk)
    html = desk.client.get(reverse("cases:worklist")).content.decode()
    # The office's own staff see whom they serve (issue 15): the name in full, never the NIK.
    assert "Sumarni Rahayu" in html and NIK not in html
    assert NIK not in caplog.text
