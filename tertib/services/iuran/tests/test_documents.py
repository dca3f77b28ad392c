import datetime
import hashlib
import io
from pathlib import Path

import pytest
from django.test import TestCase

from tertib.cases.documents import render_pdf
from tertib.cases.models import IssuedDocument
from tertib.cases.testing import pdf_text, qr_texts
from tertib.org.models import Assignment
from tertib.org.testing import PASSWORD
from tertib.services.iuran.bills import register_bill
from tertib.services.iuran.documents import check_context, issue_archive, spm_context, spp_context
from tertib.services.iuran.testing import NOVEMBER, complete, lines_for, make_bill, pay, prepare
from tertib.services.iuran.testing import send as send_spm

SPP_NUMBER, SPM_NUMBER = "00123/SPP-LS/2026", "00123/SPM-LS/2026"


@pytest.fixture
def private(settings, tmp_path):
    settings.PRIVATE_DIR = tmp_path / "private"
    settings.PUBLIC_BASE_URL = "http://tertib.test"


def sign_spp(pmd, bill):
    prepare(pmd, bill)
    case = complete(bill.case, pmd.pelaksana)
    case = complete(case, pmd.kasubbag)
    return complete(case, pmd.sekdin, password=PASSWORD)


def sign_spm(pmd, bill):
    case = sign_spp(pmd, bill)
    return complete(case, pmd.kadin, decision="ya", password=PASSWORD)


def send(pmd, case):
    pay(pmd, case.bill)
    with TestCase.captureOnCommitCallbacks(execute=True):  # the archive is written on commit
        return send_spm(pmd, case, sent_on=datetime.date(2026, 11, 6))


def text_of(pdf: bytes) -> str:
    """The PDF's text with line breaks and runs of spaces as single spaces."""
    return " ".join(pdf_text(pdf).split())


def spp_text(bill) -> str:
    bill.refresh_from_db()
    return text_of(render_pdf("iuran/spp.html", spp_context(bill)))


def spm_text(bill) -> str:
    bill.refresh_from_db()
    return text_of(render_pdf("iuran/spm.html", spm_context(bill)))


def check_text(bill) -> str:
    return text_of(render_pdf("iuran/pemeriksaan.html", check_context(bill)))


def scan_pdf(pages: int) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def scan_png() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (620, 877), "white")
    ImageDraw.Draw(image).text((40, 40), "SURAT TAGIHAN BPJS", fill="black")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def bill_with_scan(pmd, scan: tuple[str, bytes] | None):
    with TestCase.captureOnCommitCallbacks(execute=True):  # the scan is written on commit
        return _register(pmd, scan)


def _register(pmd, scan: tuple[str, bytes] | None):
    return register_bill(
        sop_version=pmd.version,
        office=pmd.office,
        actor=pmd.pelaksana,
        number="123/TAG/XI/2026",
        issued_on=NOVEMBER.replace(day=2),
        month=NOVEMBER,
        amount=700_000,
        virtual_account="8888801234567890",
        lines=lines_for(pmd),
        scan=scan,
    )


def test_spp_draft_shows_payment_and_draf_label(pmd):
    bill = make_bill(pmd)
    prepare(pmd, bill)

    text = spp_text(bill)

    assert "SURAT PERMINTAAN PEMBAYARAN LANGSUNG (SPP-LS)" in text
    assert f"Nomor: {SPP_NUMBER}" in text
    assert "Rp 700.000" in text and "Tujuh Ratus Ribu Rupiah" in text
    assert "8888801234567890" in text and "November 2026" in text
    assert "BPJS Kesehatan" in text and "5.1.01.02.04.0001" in text
    assert "Nomor 123/TAG/XI/2026 tanggal 2 November 2026" in text
    assert "DRAF" in text
    # The holder of the post is printed until someone signs.
    assert "Rina Wulandari" in text and "Sekretaris Dinas" in text


def test_spp_before_numbers_reads_unnumbered(pmd):
    text = spp_text(make_bill(pmd))

    assert "Nomor: (belum bernomor)" in text


def test_spp_draft_without_holder_has_blank_signature(pmd):
    bill = make_bill(pmd)
    Assignment.objects.filter(user=pmd.sekdin).update(ends_on=datetime.date(2021, 1, 1))

    text = spp_text(bill)

    assert "Rina Wulandari" not in text
    assert "Sekretaris Dinas" in text and "(………………………………)" in text


def test_spp_signed_by_sekdin_loses_draf_label(pmd):
    bill = make_bill(pmd)

    sign_spp(pmd, bill)

    text = spp_text(bill)
    assert "DRAF" not in text
    assert "Rina Wulandari" in text and "Sekretaris Dinas" in text
    assert "Bambang Setiawan, diperiksa" in text
    assert "Yuni Astuti" in text
    assert "DRAF" in spm_text(bill)


def test_spm_signed_by_ka_dinas_as_pengguna_anggaran(pmd):
    bill = make_bill(pmd)

    sign_spm(pmd, bill)

    text = spm_text(bill)
    assert "SURAT PERINTAH MEMBAYAR (SPM)" in text and f"Nomor: {SPM_NUMBER}" in text
    assert "Rp 700.000" in text and "Tujuh Ratus Ribu Rupiah" in text
    assert "8888801234567890" in text and "November 2026" in text
    assert f"Nomor {SPP_NUMBER} tanggal" in text
    assert "Pengguna Anggaran" in text and "Kepala Dinas PMD" in text
    assert "Adi Sadhono Muryanto" in text and "NIP. 19681202 198803 1 002" in text
    assert "DRAF" not in text


def test_spm_draft_before_signing(pmd):
    bill = make_bill(pmd)
    prepare(pmd, bill)

    text = spm_text(bill)

    assert "DRAF" in text and "Rp 700.000" in text and "Tujuh Ratus Ribu Rupiah" in text
    assert "8888801234567890" in text and "November 2026" in text


def test_refused_spm_turns_both_documents_back_into_drafts(pmd):
    bill = make_bill(pmd)
    case = sign_spp(pmd, bill)

    complete(case, pmd.kadin, decision="tidak", note="Rekap desa belum dilampirkan")

    assert "DRAF" in spp_text(bill) and "DRAF" in spm_text(bill)


def test_check_report_lists_wrong_amount_with_masked_nik(pmd):
    bill = make_bill(pmd, amount=730_000, lines=lines_for(pmd, Sutrisno=150_000))

    text = check_text(bill)

    assert "331904********01 Sutrisno Kutuk jumlah berbeda Rp 120.000 Rp 150.000" in (text)
    assert all(official.nik not in text for official in pmd.roster)
    assert "Selisih (tagihan − perhitungan) Rp 30.000" in text
    assert "1 selisih belum diputuskan: jumlah berbeda (Sutrisno)." in text
    assert "Sesuai: tidak ada selisih" not in text


def test_check_report_of_a_clean_bill(pmd):
    text = check_text(make_bill(pmd))

    assert "Sesuai: tidak ada selisih" in text
    assert "Undaan Kutuk 2 Rp 220.000 Rp 220.000 Rp 0" in text
    assert "Bagian Pemda 4 % dari upah" in text and "Batas atas upah Rp 12.000.000" in text


def test_check_report_lists_unverified_official(pmd):
    endang = pmd.roster[1]
    endang.verified_at = None
    endang.save()

    text = check_text(make_bill(pmd, amount=600_000))

    assert "331904********02 Endang Lestari Sekretaris Desa Kutuk" in text
    assert endang.nik not in text


@pytest.mark.parametrize(
    ("scan", "scan_pages"),
    [(("tagihan.pdf", scan_pdf(2)), 2), (("tagihan.png", scan_png()), 1)],
    ids=["pdf", "png"],
)
def test_archive_is_issued_at_step_four(pmd, private, client, settings, scan, scan_pages):
    bill = bill_with_scan(pmd, scan)
    case = sign_spm(pmd, bill)

    send(pmd, case)

    document = IssuedDocument.objects.get(kind="arsip_iuran")
    pdf = (Path(settings.PRIVATE_DIR) / document.path).read_bytes()
    from pypdf import PdfReader

    # cover, the scan when a PDF, check report, SPP and SPM of two pages each
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1 + scan_pages + 1 + 2 + 2
    assert hashlib.sha256(pdf).hexdigest() == document.sha256
    assert (document.number, document.signer_name, document.signer_title) == (
        SPM_NUMBER,
        "Adi Sadhono Muryanto",
        "Kepala Dinas PMD",
    )
    url = f"http://tertib.test/verifikasi/{document.code}/"
    assert qr_texts(pdf) == [url]
    page = client.get(url.removeprefix("http://tertib.test"))
    assert page.status_code == 200 and "SAH" in page.content.decode()


def test_archive_cover_names_dispatch_and_signers(pmd, private, settings):
    bill = bill_with_scan(pmd, ("tagihan.pdf", scan_pdf(1)))
    case = sign_spm(pmd, bill)
    case = send(pmd, case)

    document = IssuedDocument.objects.get(case=case)

    text = text_of((Path(settings.PRIVATE_DIR) / document.path).read_bytes())
    assert "Arsip Pembayaran Iuran Jaminan Kesehatan Kepala Desa dan Perangkat Desa" in text
    assert "6 November 2026, diterima oleh Sri Handayani, nomor tanda terima" in text
    assert "TT-BPKAD/2026/0451" in text and document.code in text
    assert f"Nomor SPP-LS {SPP_NUMBER}" in text and f"Nomor SPM {SPM_NUMBER}" in text
    assert "Menandatangani SPM (Pengguna Anggaran) Adi Sadhono Muryanto" in text
    assert "Menandatangani SPP Rina Wulandari" in text
    assert "DRAF" not in text


def test_issue_archive_called_directly_refers_to_the_bill(pmd, private):
    bill = bill_with_scan(pmd, ("tagihan.png", scan_png()))
    case = sign_spm(pmd, bill)

    document = issue_archive(case)

    assert document.kind == "arsip_iuran" and document.case == case
    assert document.path == f"documents/{case.code}/arsip_iuran-{document.code}.pdf"
