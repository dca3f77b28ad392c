"""Small factories for tests of the roster: kecamatan with coded desa, and officials."""

import datetime

from tertib.org.models import Desa, Office
from tertib.services.iuran.models import Official


def make_kecamatan(*, name: str, code: str) -> Office:
    """The kecamatan office as the wilayah import names it, e.g. kecamatan-undaan."""
    office, _ = Office.objects.get_or_create(
        slug=f"kecamatan-{name.lower().replace(' ', '-')}", defaults={"name": f"Kecamatan {name}"}
    )
    office.region_code = code
    office.save(update_fields=["region_code"])
    return office


def make_desa(*, kecamatan: Office, name: str, code: str, is_kelurahan: bool = False) -> Desa:
    return Desa.objects.create(kecamatan=kecamatan, name=name, code=code, is_kelurahan=is_kelurahan)


def make_official(
    *,
    desa: Desa,
    nik: str = "3319041507800001",
    name: str = "Sutrisno",
    jabatan: str = "Kepala Desa",
    siltap: int = 3_500_000,
    bpjs_number: str = "0001234567890",
    starts_on: datetime.date = datetime.date(2020, 1, 1),
    ends_on: datetime.date | None = None,
    verified_by=None,
    verified_at: datetime.datetime | None = None,
) -> Official:
    return Official.objects.create(
        desa=desa,
        nik=nik,
        name=name,
        jabatan=jabatan,
        siltap=siltap,
        bpjs_number=bpjs_number,
        starts_on=starts_on,
        ends_on=ends_on,
        verified_by=verified_by,
        verified_at=verified_at,
    )


# Bills and their steps, for the tests of the iuran service.

NOVEMBER = datetime.date(2026, 11, 1)
EXPECTED = {"Sutrisno": 120_000, "Endang": 100_000, "Ahmad": 480_000}  # the pmd fixture's roster


def scan_pdf(pages: int = 1) -> bytes:
    """A blank PDF, as a scanned bill or transfer proof."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def lines_for(pmd, **amounts):
    """Bill lines for the fixture roster; amounts by first name override the expected ones."""
    from tertib.services.iuran.bills import LineInput

    expected = {**EXPECTED, **amounts}
    return [
        LineInput(nik=o.nik, name=o.name, bpjs_number="", amount=expected[o.name.split()[0]])
        for o in pmd.roster
    ]


def make_bill(pmd, *, month=NOVEMBER, amount=700_000, lines=None, scan=True, at=None):
    from tertib.services.iuran.bills import register_bill

    return register_bill(
        sop_version=pmd.version,
        office=pmd.office,
        actor=pmd.pelaksana,
        number="123/TAG/XI/2026",
        issued_on=month.replace(day=2),
        month=month,
        amount=amount,
        virtual_account="8888801234567890",
        lines=lines_for(pmd) if lines is None else lines,
        scan=("tagihan.pdf", scan_pdf()) if scan is True else scan,
        at=at,
    )


SPP_PARTS = dict(
    spd_number="900/012/SPD/2026",
    spd_date=datetime.date(2026, 1, 5),
    program="Program Pemberdayaan Lembaga Kemasyarakatan, Lembaga Adat dan Masyarakat Hukum Adat",
    kegiatan="Pembinaan dan Pengawasan Penyelenggaraan Administrasi Pemerintahan Desa",
    sub_kegiatan="Fasilitasi Pengelolaan Keuangan Desa",
    skpd_code="2.13.0.00.0.00.01.0000",
    bank_name="Bank Mandiri",
    bank_account_name="BPJS Kesehatan",
    npwp="01.234.567.8-093.000",
    deductions=0,
)


def prepare(pmd, bill, **parts):
    from tertib.services.iuran.bills import SppParts, prepare_payment

    return prepare_payment(
        bill=bill,
        actor=pmd.pelaksana,
        spp_number="00123/SPP-LS/2026",
        spm_number="00123/SPM-LS/2026",
        account_code="5.1.01.02.04.0001",
        account_name="Belanja Iuran Jaminan Kesehatan bagi Kepala Desa dan Perangkat Desa",
        parts=SppParts(**{**SPP_PARTS, **parts}),
    )


def complete(case, actor, decision="lanjut", note="", at=None, **given):
    """Claim (when nobody has) and complete the open step."""
    from tertib.cases.actions import StepInput
    from tertib.cases.engine import claim_step, complete_step, open_record

    record = open_record(case)
    if record.claimed_by_id is None:
        claim_step(case=case, record_id=record.pk, actor=actor, at=at)
    return complete_step(
        case=case,
        record_id=record.pk,
        actor=actor,
        decision=decision,
        note=note,
        given=StepInput(**given),
        at=at,
    )


def decide_all(pmd, bill, choice="sesuai_tagihan", reason="Sesuai hasil rekonsiliasi dengan BPJS"):
    """Every listed difference decided the same way."""
    from tertib.services.iuran.check import check_bill
    from tertib.services.iuran.reconcile import decide

    for item in check_bill(bill).items:
        decide(bill=bill, actor=pmd.pelaksana, key=item.key, choice=choice, reason=reason)


def to_step_four(pmd, bill, at=None):
    """Prepared, initialled, SPP signed, SPM signed: the case waits at step 4."""
    from tertib.org.testing import PASSWORD

    prepare(pmd, bill)
    case = complete(bill.case, pmd.pelaksana, at=at)
    case = complete(case, pmd.kasubbag, at=at)
    case = complete(case, pmd.sekdin, password=PASSWORD, at=at)
    return complete(case, pmd.kadin, decision="ya", password=PASSWORD, at=at)


def pay(pmd, bill, *, sp2d_date=datetime.date(2026, 11, 6), paid_on=None, bpjs_paid=False, at=None):
    from tertib.services.iuran.payment import record_sp2d

    return record_sp2d(
        bill=bill,
        actor=pmd.pelaksana,
        sp2d_number="00456/SP2D-LS/2026",
        sp2d_date=sp2d_date,
        paid_on=paid_on or sp2d_date,
        proof=None if bpjs_paid else ("bukti.pdf", scan_pdf()),
        bpjs_paid=bpjs_paid,
        at=at,
    )


def send(pmd, case, sent_on=datetime.date(2026, 11, 4), at=None):
    return complete(
        case,
        pmd.pelaksana,
        sent_on=sent_on,
        recipient="Sri Handayani",
        receipt_number="TT-BPKAD/2026/0451",
        at=at,
    )
