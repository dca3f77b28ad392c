"""The SPP and SPM carry what Permendagri 77/2020 expects and pay the reconciled amount."""

from tertib.cases.documents import render_pdf
from tertib.cases.testing import pdf_text
from tertib.org.models import Position
from tertib.org.testing import assign, make_user
from tertib.services.iuran.documents import spm_context, spp_context
from tertib.services.iuran.reconcile import decide
from tertib.services.iuran.testing import lines_for, make_bill, prepare


def text_of(template: str, context: dict) -> str:
    return " ".join(pdf_text(render_pdf(template, context)).split())


def test_spp_lists_the_budget_parts_and_the_payee(pmd):
    bill = prepare(pmd, make_bill(pmd))

    text = text_of("iuran/spp.html", spp_context(bill))

    assert "Kode SKPD 2.13.0.00.0.00.01.0000" in text
    assert "Nomor dan tanggal SPD 900/012/SPD/2026, 5 Januari 2026" in text
    assert "Sub kegiatan Fasilitasi Pengelolaan Keuangan Desa" in text
    assert "Bank / nama rekening Bank Mandiri / BPJS Kesehatan" in text
    assert "NPWP 01.234.567.8-093.000" in text


def test_spp_pays_the_reconciled_amount_less_deductions(pmd):
    bill = make_bill(pmd, amount=730_000, lines=lines_for(pmd, Sutrisno=150_000))
    decide(
        bill=bill,
        actor=pmd.pelaksana,
        key="selisih:3319040101700001",
        choice="sanggah",
        reason="Siltap menurut SK Rp 3.000.000",
    )
    bill = prepare(pmd, bill, deductions=5_000)

    text = text_of("iuran/spp.html", spp_context(bill))

    assert "Jumlah Rp 700.000" in text
    assert "Potongan Rp 5.000" in text
    assert "Jumlah bersih (neto) Rp 695.000 (Enam Ratus Sembilan Puluh Lima Ribu Rupiah)" in text


def test_spm_has_the_bendahara_and_ppk_blocks_from_their_holders(pmd):
    for kode, title in (("bendahara", "Bendahara Pengeluaran"), ("ppk_skpd", "PPK-SKPD")):
        Position.objects.create(office=pmd.office, kode=kode, title=title)
    assign(
        make_user("bendahara", full_name="Tri Wahyuni"),
        pmd.office,
        "bendahara",
        nip="19800101 200501 2 001",
    )
    assign(make_user("ppk", full_name="Agus Salim"), pmd.office, "ppk_skpd")
    bill = prepare(pmd, make_bill(pmd))

    text = text_of("iuran/spm.html", spm_context(bill))

    assert "Bendahara Pengeluaran, Tri Wahyuni NIP. 19800101 200501 2 001" in text
    assert "PPK-SKPD, Agus Salim" in text


def test_spp_without_finance_officers_leaves_blank_lines(pmd):
    bill = prepare(pmd, make_bill(pmd))

    text = text_of("iuran/spp.html", spp_context(bill))

    assert "Bendahara Pengeluaran, (………………………………)" in text
