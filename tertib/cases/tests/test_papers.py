"""The papers every office prints from the core: one letterhead with the Kabupaten logo and even
lines, codes kept whole, no page that holds only a QR."""

import datetime

import pytest

from tertib.cases.actions import StepInput
from tertib.cases.documents import (
    receipt_context,
    render_html,
    render_pdf,
    return_slip_context,
)
from tertib.cases.engine import claim_step, complete_step, open_record, start_case
from tertib.cases.testing import letterhead_lines, logo_pixels, nearly_empty_pages, page_texts
from tertib.sop.models import SopVersion

pytestmark = pytest.mark.django_db
MONDAY = datetime.datetime(
    2026, 11, 23, 8, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7))
)
# Long names of real kinds of units: each must print in even lines, never one word alone.
LONG_NAMES = [
    "Dinas Pemberdayaan Masyarakat dan Desa Kabupaten Kudus",
    "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Kudus",
    "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah Kabupaten Kudus",
    "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kabupaten Kudus",
    "Dinas Tenaga Kerja, Perindustrian, Koperasi dan Usaha Kecil dan Menengah Kabupaten Kudus",
    "Kecamatan Undaan",
]


def opened(u):
    return start_case(
        sop_version=u.version,
        office=u.office,
        actor=u.staf,
        subject="Sumarni",
        intake={},
        at=MONDAY,
    )


def returned(u):
    """A case whose completeness check said "tidak": the applicant gets the return slip."""
    case = opened(u)
    at = MONDAY
    for decision in ("lanjut", "tidak"):
        record = open_record(case)
        at += datetime.timedelta(minutes=5)
        if record.step_no > 1:
            claim_step(case=case, record_id=record.pk, actor=u.staf, at=at)
        case = complete_step(
            case=case,
            record_id=record.pk,
            actor=u.staf,
            decision=decision,
            note="Fotokopi KK belum ada" if decision == "tidak" else "",
            given=StepInput(checklist=["sktm_asli"]),
            at=at,
        )
    return case


def unit_lines(lines: list[str], unit: str) -> list[str]:
    """The first lines that together print the unit's name."""
    for count in range(1, len(lines) + 1):
        if " ".join(lines[:count]) == unit:
            return lines[:count]
    raise AssertionError(f"{unit!r} is not printed whole at the head of {lines!r}")


def receipt(case) -> bytes:
    return render_pdf("cases/receipt.html", receipt_context(case))


def test_receipt_carries_the_kabupaten_logo_on_page_one(undaan):
    pdf = receipt(opened(undaan))

    assert logo_pixels(pdf) > 200


def test_return_slip_carries_the_kabupaten_logo_on_page_one(undaan):
    pdf = render_pdf("cases/return_slip.html", return_slip_context(returned(undaan)))

    assert logo_pixels(pdf) > 200
    assert "Fotokopi KK" in page_texts(pdf)[0]


def test_letterhead_has_no_logo_when_no_sop_carries_one(undaan):
    SopVersion.objects.update(logo=None)

    html = render_html("cases/receipt.html", receipt_context(opened(undaan)))

    assert 'class="logo"' not in html
    assert logo_pixels(render_pdf("cases/receipt.html", receipt_context(opened(undaan)))) == 0


def test_an_office_without_an_sop_of_its_own_borrows_the_pemda_logo(undaan):
    case = opened(undaan)
    case.office.slug = "kantor-tanpa-sop"
    case.office.save(update_fields=["slug"])

    html = render_html("cases/receipt.html", receipt_context(case))

    assert 'src="data:image/svg+xml;base64,' in html


@pytest.mark.parametrize("name", LONG_NAMES)
def test_letterhead_lines_are_even_and_never_one_word(undaan, name):
    undaan.office.name, undaan.office.pemda = name, "Pemerintah Kabupaten Kudus"
    undaan.office.save(update_fields=["name", "pemda"])

    lines = letterhead_lines(receipt(opened(undaan)), title="TANDA TERIMA BERKAS")

    assert lines[0] == "PEMERINTAH KABUPATEN KUDUS"
    assert " ".join(lines).startswith("PEMERINTAH KABUPATEN KUDUS " + name.upper())
    assert [line for line in lines if len(line.split()) < 2] == []
    unit = unit_lines(lines[1:], name.upper())
    assert max(map(len, unit)) - min(map(len, unit)) <= 16


def test_dinas_letterhead_keeps_kudus_with_its_words(undaan):
    undaan.office.name = "Dinas Pemberdayaan Masyarakat dan Desa Kabupaten Kudus"
    undaan.office.save(update_fields=["name"])

    lines = letterhead_lines(receipt(opened(undaan)), title="TANDA TERIMA BERKAS")

    assert "KUDUS" not in lines
    assert lines[:2] == ["DINAS PEMBERDAYAAN MASYARAKAT", "DAN DESA KABUPATEN KUDUS"]


def test_letterhead_address_breaks_between_its_parts(undaan):
    undaan.office.address = "Jalan Kudus Purwodadi Km. 12 Kudus"
    undaan.office.phone, undaan.office.email = "0291 - 433400", "kecamatan.undaa@gmail.com"
    undaan.office.save(update_fields=["address", "phone", "email"])

    lines = letterhead_lines(receipt(opened(undaan)), title="TANDA TERIMA BERKAS")

    assert lines[-2:] == [
        "Jalan Kudus Purwodadi Km. 12 Kudus",
        "Telp. 0291 - 433400 · kecamatan.undaa@gmail.com",
    ]


def test_receipt_and_return_slip_have_no_nearly_empty_page(undaan):
    slip = render_pdf("cases/return_slip.html", return_slip_context(returned(undaan)))

    assert nearly_empty_pages(receipt(opened(undaan))) == []
    assert nearly_empty_pages(slip) == []


def test_tracking_code_is_printed_whole(undaan):
    case = opened(undaan)

    lines = page_texts(receipt(case))[0].splitlines()

    assert f"Kode lacak: {case.code}" in lines


def test_a_page_with_only_a_qr_caption_counts_as_nearly_empty():
    from weasyprint import HTML

    pdf = HTML(
        string="<p>" + "Isi halaman pertama yang cukup panjang. " * 5 + "</p>"
        '<p style="break-before: page">Formulir ini dapat diverifikasi dengan memindai kode QR'
        "<br>atau membuka <b>http://tertib.test/verifikasi/ABCDEFGHJK/</b>"
        "<br>Kode verifikasi: ABCDEFGHJK</p>"
    ).write_pdf()

    assert nearly_empty_pages(pdf) == [2]
