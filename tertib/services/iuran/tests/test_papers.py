"""The iuran papers as printed: the Kabupaten logo, NIP lines, whole codes, no nearly empty
page, and an archive whose signing table keeps every round, a returned one too."""

import datetime
import re

import pytest
from django.test import TestCase

from tertib.cases.documents import render_pdf
from tertib.cases.models import IssuedDocument
from tertib.cases.storage import read
from tertib.cases.testing import logo_pixels, nearly_empty_pages, page_texts
from tertib.org.testing import PASSWORD
from tertib.services.iuran.documents import check_context, spm_context, spp_context
from tertib.services.iuran.testing import complete, make_bill, pay, prepare

pytestmark = pytest.mark.django_db
ROW = re.compile(r"^(\d+) (Menyiapkan|Memeriksa|Menandatangani SP[PM]|Mengembalikan|Mengirim)")
RECEIPT_NUMBER = "TT-BPKAD/2026/XI/000451-PPKD/KUDUS-PMD"


def to_spm(pmd, case):
    """From step 1: prepared, initialled, SPP signed, SPM signed."""
    prepare(pmd, case.bill)
    case = complete(case, pmd.pelaksana)
    case = complete(case, pmd.kasubbag)
    case = complete(case, pmd.sekdin, password=PASSWORD)
    return complete(case, pmd.kadin, decision="ya", password=PASSWORD)


def returned_once(pmd, bill):
    """The Ka. Dinas refuses the first SPM; the second round goes through to step 4."""
    prepare(pmd, bill)
    case = complete(bill.case, pmd.pelaksana)
    case = complete(case, pmd.kasubbag)
    case = complete(case, pmd.sekdin, password=PASSWORD)
    case = complete(case, pmd.kadin, decision="tidak", note="Rekap desa belum dilampirkan")
    return to_spm(pmd, case)


def archive(pmd, case) -> bytes:
    pay(pmd, case.bill)
    with TestCase.captureOnCommitCallbacks(execute=True):  # the archive is written on commit
        complete(
            case,
            pmd.pelaksana,
            sent_on=datetime.date(2026, 11, 6),
            recipient="Sri Handayani",
            receipt_number=RECEIPT_NUMBER,
        )
    return read(IssuedDocument.objects.get(case=case, kind="arsip_iuran").path)


def papers(bill) -> dict[str, bytes]:
    bill.refresh_from_db()
    return {
        "spp": render_pdf("iuran/spp.html", spp_context(bill)),
        "spm": render_pdf("iuran/spm.html", spm_context(bill)),
        "pemeriksaan": render_pdf("iuran/pemeriksaan.html", check_context(bill)),
    }


def cover_lines(pdf: bytes) -> list[str]:
    return [line.strip() for line in page_texts(pdf)[0].splitlines()]


def signing_rows(pdf: bytes) -> list[tuple[str, str]]:
    """(round, act) of each row of the archive cover's signing table, in order."""
    lines = cover_lines(pdf)
    table = lines[
        lines.index("Putaran Kegiatan Nama Jabatan Waktu") + 1 : lines.index("Isi berkas")
    ]
    return [(m[1], m[2]) for line in table if (m := ROW.match(line))]


def test_every_iuran_paper_carries_the_logo_and_no_nearly_empty_page(pmd):
    bill = make_bill(pmd)
    case = to_spm(pmd, bill.case)
    printed = {**papers(bill), "arsip": archive(pmd, case)}

    assert {name: logo_pixels(pdf) > 200 for name, pdf in printed.items()} == dict.fromkeys(
        printed, True
    )
    empty = {name: nearly_empty_pages(pdf) for name, pdf in printed.items()}
    assert empty == {"spp": [], "spm": [], "pemeriksaan": [], "arsip": [2]}  # 2: the blank scan


def test_signers_without_a_nip_get_a_blank_line_not_dots(pmd):
    bill = make_bill(pmd)
    to_spm(pmd, bill.case)

    printed = papers(bill)

    for name in ("spp", "spm"):
        text = " ".join(page_texts(printed[name]))
        assert "…………………………" not in text.replace("(………………………………)", ""), name
    assert "NIP. 19681202 198803 1 002" in " ".join(page_texts(printed["spm"]))
    spp_lines = [line.strip() for line in " \n".join(page_texts(printed["spp"])).splitlines()]
    # Pelaksana and Sekdin have no NIP in the fixture; Bendahara and PPK are not set at all.
    assert spp_lines.count("NIP.") == 4


def test_archive_signing_table_keeps_the_returned_first_round(pmd):
    bill = make_bill(pmd)
    case = returned_once(pmd, bill)

    pdf = archive(pmd, case)

    assert signing_rows(pdf) == [
        ("1", "Menyiapkan"),
        ("1", "Memeriksa"),
        ("1", "Menandatangani SPP"),
        ("1", "Mengembalikan"),
        ("2", "Menyiapkan"),
        ("2", "Memeriksa"),
        ("2", "Menandatangani SPP"),
        ("2", "Menandatangani SPM"),
        ("2", "Mengirim"),
    ]
    text = " ".join(" ".join(cover_lines(pdf)).split())
    assert "Mengembalikan SPP dan SPM ke langkah 1: Rekap desa belum dilampirkan" in text


def test_archive_of_a_single_round_numbers_every_row_one(pmd):
    bill = make_bill(pmd)
    case = to_spm(pmd, bill.case)

    rows = signing_rows(archive(pmd, case))

    assert rows == [
        ("1", "Menyiapkan"),
        ("1", "Memeriksa"),
        ("1", "Menandatangani SPP"),
        ("1", "Menandatangani SPM"),
        ("1", "Mengirim"),
    ]


def test_archive_never_breaks_the_receipt_number(pmd):
    bill = make_bill(pmd)
    case = to_spm(pmd, bill.case)

    text = page_texts(archive(pmd, case))[0]

    assert [line for line in text.splitlines() if RECEIPT_NUMBER in line] != []
    assert [line for line in text.splitlines() if bill.virtual_account in line] != []


def test_money_dates_and_words_on_the_spp(pmd):
    bill = make_bill(pmd)
    to_spm(pmd, bill.case)

    text = " ".join(" ".join(page_texts(papers(bill)["spp"])).split())

    assert "Jumlah Rp 700.000 Terbilang Tujuh Ratus Ribu Rupiah" in text
    assert "Tahun Anggaran 2026" in text
    assert "Surat tagihan BPJS Kesehatan Nomor 123/TAG/XI/2026 tanggal 2 November 2026" in text
    assert "Nomor dan tanggal SPD 900/012/SPD/2026, 5 Januari 2026" in text
    assert "Potongan Rp 0" in text
