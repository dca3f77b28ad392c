"""The legalisation sheet as printed: the Kabupaten logo, the Camat's NIP or a blank line for
it, the register number whole, and the QR never alone on a page."""

import datetime

import pytest

from tertib.cases.actions import StepInput
from tertib.cases.documents import render_pdf, signing_record
from tertib.cases.engine import claim_step, complete_step, open_record, start_case
from tertib.cases.testing import logo_pixels, nearly_empty_pages, page_texts
from tertib.org.models import Assignment
from tertib.org.testing import PASSWORD
from tertib.services.sktm.documents import TEMPLATE, legalisation_context

pytestmark = pytest.mark.django_db
WIB = datetime.timezone(datetime.timedelta(hours=7))
EVERYTHING = StepInput(
    checklist=["sktm_asli", "fotokopi_ktp", "fotokopi_kk", "kartu_jkn", "surat_pernyataan"],
    password=PASSWORD,
)
INTAKE = {
    "nama": "Sumarni",
    "nik": "3319045203850002",
    "kk": "3319041503120007",
    "alamat": "RT 02 RW 01",
    "desa": "Wates",
    "nomor_jkn": "0001234567890",
    "nomor_sktm": "400.7.22/015/2026",
    "tanggal_sktm": "2026-11-16",
    "desa_sktm": "Wates",
}


def legalised(u, *, alamat: str = "RT 02 RW 01"):
    """An SKTM case taken through the Camat's signature (step 4)."""
    at = datetime.datetime(2026, 11, 23, 8, tzinfo=WIB)
    case = start_case(
        sop_version=u.version,
        office=u.office,
        actor=u.staf,
        subject="Sumarni",
        intake={**INTAKE, "alamat": alamat},
        at=at,
    )
    actors = {"staf": u.staf, "kasi_kesra": u.kasi, "camat": u.camat}
    for decision in ("lanjut", "ya", "lanjut", "lanjut"):
        record = open_record(case)
        at += datetime.timedelta(minutes=3)
        actor = actors[record.pelaksana]
        if record.step_no > 1:
            claim_step(case=case, record_id=record.pk, actor=actor, at=at)
        case = complete_step(
            case=case,
            record_id=record.pk,
            actor=actor,
            decision=decision,
            note="",
            given=EVERYTHING,
            at=at,
        )
    return case


def sheet(case) -> bytes:
    context = legalisation_context(
        case, code="ABCDEFGHJK", signing=signing_record(case), final=True
    )
    return render_pdf(TEMPLATE, context)


def test_legalisation_sheet_has_the_logo_and_the_camats_nip(undaan):
    pdf = sheet(legalised(undaan))

    text = page_texts(pdf)[0]
    assert logo_pixels(pdf) > 200
    assert "NIP. 19730710 199303 1 003" in text
    assert "Kode verifikasi: ABCDEFGHJK" in text


def test_a_camat_without_a_nip_gets_a_blank_line(undaan):
    Assignment.objects.filter(user=undaan.camat).update(nip="")

    lines = [line.strip() for line in page_texts(sheet(legalised(undaan)))[0].splitlines()]

    assert "NIP." in lines
    assert [line for line in lines if line.startswith("NIP") and "…" in line] == []


@pytest.mark.parametrize("lines", [1, 12, 18, 24, 30])
def test_the_qr_never_stands_alone_on_a_page(undaan, lines):
    case = legalised(undaan, alamat=" ".join(["Dukuh Krajan RT 02 RW 01 Desa Wates"] * lines))

    pdf = sheet(case)

    assert nearly_empty_pages(pdf) == []
