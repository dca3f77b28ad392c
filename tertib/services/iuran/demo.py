"""Demo data of the iuran service: a roster for three Undaan desa and bills in several states.

BPJS computes its bill by rounding each share down, so a siltap that is not a round figure
leaves a Rp 1 difference: every past month shows it reconciled in one decision. The names,
NIKs and amounts are invented for the demo.
"""

import datetime
import zoneinfo
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from tertib.cases.actions import StepInput
from tertib.cases.clock import calendar
from tertib.cases.engine import claim_step, complete_step, open_record
from tertib.org.models import Desa, Office
from tertib.services.iuran.access import IURAN_SOP
from tertib.services.iuran.bills import LineInput, SppParts, prepare_payment, register_bill
from tertib.services.iuran.check import check_bill
from tertib.services.iuran.contribution import rule_for, share, truncated
from tertib.services.iuran.models import Bill, ContributionRule, Decision, Official
from tertib.services.iuran.payment import record_sp2d
from tertib.services.iuran.reconcile import decide
from tertib.sop.models import Sop

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
# (desa, name, jabatan, siltap, woman, birth DDMMYY, starts_on)
ROSTER = [
    ("Kutuk", "Sutrisno", "Kepala Desa", 4_500_000, False, "120372", "2019-12-20"),
    ("Kutuk", "Endang Lestari", "Sekretaris Desa", 3_200_000, True, "050585", "2016-03-01"),
    ("Kutuk", "Ahmad Fauzi", "Kaur Keuangan", 2_600_000, False, "170890", "2018-07-01"),
    ("Kutuk", "Siti Rohmah", "Kasi Pemerintahan", 2_612_345, True, "220993", "2021-02-01"),
    ("Wates", "Hadi Santoso", "Kepala Desa", 4_500_000, False, "030468", "2019-12-20"),
    ("Wates", "Sri Wahyuni", "Sekretaris Desa", 3_200_000, True, "141180", "2015-05-04"),
    ("Wates", "Joko Purnomo", "Kepala Dusun", 2_400_000, False, "250677", "2012-09-01"),
    ("Medini", "Muh. Ridwan", "Kepala Desa", 4_500_000, False, "090975", "2019-12-20"),
    ("Medini", "Nur Hidayah", "Sekretaris Desa", 3_200_000, True, "300688", "2017-01-02"),
    ("Medini", "Bayu Prasetyo", "Kaur Keuangan", 2_600_000, False, "111196", "2026-10-01"),
]
PASSWORD = "tertib-demo"
DEMO_DIR = Path(settings.VAR_DIR) / "demo"


def load() -> Path:
    """Roster, last months' bills, and the rincian file of this month's bill to register."""
    people = {u.username: u for u in get_user_model().objects.all()}
    # The rule in force since July 2020 (a migration writes it; a flushed database lacks it).
    ContributionRule.objects.get_or_create(valid_from=datetime.date(2020, 7, 1))
    _roster(verifier=people["staf.undaan"])
    this_month = timezone.localdate().replace(day=1)
    months = [_months_back(this_month, n) for n in (5, 4, 3, 2, 1)]
    if not Bill.objects.exists():
        # Four months reconciled, paid and archived; last month's bill, with an unverified
        # newcomer decided as billed, waits at step 4 for BPKAD's SP2D.
        for month, done in zip(months, (5, 5, 5, 5, 4), strict=True):
            _bill(month, people, done=done, unverified_billed=month == months[-1])
    return _rincian_file(this_month)


def _nik(index: int, woman: bool, birth: str) -> str:
    day = int(birth[:2]) + (40 if woman else 0)
    return f"331904{day:02d}{birth[2:]}{index + 1:04d}"


def _roster(*, verifier) -> None:
    kecamatan = Office.objects.get(slug="kecamatan-undaan")
    for index, (desa, name, jabatan, siltap, woman, birth, starts) in enumerate(ROSTER):
        newcomer = starts.startswith("2026-10")
        Official.objects.get_or_create(
            nik=_nik(index, woman, birth),
            starts_on=datetime.date.fromisoformat(starts),
            defaults={
                "desa": Desa.objects.get(kecamatan=kecamatan, name=desa),
                "name": name,
                "jabatan": jabatan,
                "siltap": siltap,
                "bpjs_number": f"000{index + 1:010d}",
                # The newcomer in Medini waits for the kecamatan's verification.
                "verified_by": None if newcomer else verifier,
                "verified_at": None if newcomer else timezone.now(),
            },
        )


def _months_back(month: datetime.date, count: int) -> datetime.date:
    for _ in range(count):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return month


def _lines(month: datetime.date, *, with_unverified: bool) -> list[LineInput]:
    rule = rule_for(month)
    officials = Official.objects.active_in(month)
    if not with_unverified:
        officials = officials.filter(verified_at__isnull=False)
    # BPJS rounds each share down.
    return [
        LineInput(
            o.nik,
            o.name,
            o.bpjs_number,
            truncated(share(o.siltap, rule).base, rule.employer_percent),
        )
        for o in officials
    ]


def _bill(month, people, *, done: int, unverified_billed: bool) -> None:
    """Register the month's bill on its 2nd (or next weekday) and do its first `done` parts."""
    lines = _lines(month, with_unverified=unverified_billed)
    at = datetime.datetime.combine(month.replace(day=2), datetime.time(8, 30), tzinfo=WIB)
    while at.weekday() >= 5:
        at += datetime.timedelta(days=1)
    bill = register_bill(
        sop_version=Sop.objects.get(kode=IURAN_SOP).current_version,
        office=Office.objects.get(slug="dinas-pmd"),
        actor=people["pelaksana.pmd"],
        number=f"{month.month:02d}/TAG-PPU/KDS/{month.year}",
        issued_on=at.date(),
        month=month,
        amount=sum(line.amount for line in lines),
        virtual_account="8888801190000019",
        lines=lines,
        scan=(f"tagihan-{month:%Y-%m}.pdf", _blank_pdf()),
        at=at,
    )
    for item in check_bill(bill).items:
        decide(
            bill=bill,
            actor=people["pelaksana.pmd"],
            key=item.key,
            choice=Decision.Choice.SESUAI_TAGIHAN,
            reason=REASONS.get(item.kind, "Sesuai hasil rekonsiliasi dengan BPJS"),
            at=at,
        )
    prepare_payment(
        bill=bill,
        actor=people["pelaksana.pmd"],
        spp_number=f"{40 + month.month:05d}/SPP-LS/1.1.01/{month.year}",
        spm_number=f"{40 + month.month:05d}/SPM-LS/1.1.01/{month.year}",
        account_code=settings.IURAN_ACCOUNT_CODE or "(kode rekening dari SIPD)",
        account_name=settings.IURAN_ACCOUNT_NAME,
        parts=SppParts(
            spd_number=f"900/{month.month:03d}/SPD/{month.year}",
            spd_date=datetime.date(month.year, 1, 6),
            program="Program Penataan Desa",
            kegiatan="Pembinaan dan Pengawasan Penyelenggaraan Administrasi Pemerintahan Desa",
            sub_kegiatan="Fasilitasi Jaminan Kesehatan Kepala Desa dan Perangkat Desa",
            skpd_code="2.13.0.00.0.00.01.0000",
            bank_name="Bank Mandiri",
            bank_account_name="BPJS Kesehatan",
            npwp="01.234.567.8-093.000",
        ),
        at=at,
    )
    walk = [
        ("pelaksana.pmd", "lanjut", StepInput()),
        ("kasubbag.pmd", "lanjut", StepInput()),
        ("sekdin.pmd", "lanjut", StepInput(password=PASSWORD)),
        ("kadin.pmd", "ya", StepInput(password=PASSWORD)),
        (
            "pelaksana.pmd",
            "lanjut",
            StepInput(
                sent_on=at.date(),
                recipient="Dwi Hartono, BPKAD Kabupaten Kudus",
                receipt_number=f"TT-{month.month:02d}/{month.year}",
            ),
        ),
    ]
    case = bill.case
    for index, (username, decision, given) in enumerate(walk[:done]):
        at += datetime.timedelta(minutes=9)
        if index == 3 and month.month % 2 == 0:  # the Ka. Dinas away: signed two days later
            later = calendar().next_working_day(at.date() + datetime.timedelta(days=2))
            at = datetime.datetime.combine(later, at.timetz())
        if index == 4:  # BPKAD issued the SP2D and transferred two working days later
            paid = calendar().next_working_day(at.date() + datetime.timedelta(days=2))
            at = datetime.datetime.combine(paid, at.timetz())
            record_sp2d(
                bill=bill,
                actor=people[username],
                sp2d_number=f"{60 + month.month:05d}/SP2D-LS/{month.year}",
                sp2d_date=paid,
                paid_on=paid,
                bpjs_paid=True,
                at=at,
            )
        record = open_record(case)
        if record.claimed_by_id is None:  # the first step is claimed by whoever opened it
            claim_step(case=case, record_id=record.pk, actor=people[username], at=at)
        case = complete_step(
            case=case,
            record_id=record.pk,
            actor=people[username],
            decision=decision,
            given=given,
            at=at + datetime.timedelta(minutes=6),
        )


REASONS = {
    "pembulatan": "BPJS membulatkan iuran per orang ke bawah; selisih pembulatan diterima",
    "belum_verifikasi": "Perangkat baru sudah dilantik; verifikasi kecamatan menyusul",
    "desa_kosong": "Data perangkat desa lain belum masuk ke daftar demo",
}


def _blank_pdf() -> bytes:
    """A one-page PDF standing for the scanned bill."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _rincian_file(month: datetime.date) -> Path:
    """This month's bill detail as BPJS would send it, the newcomer included."""
    DEMO_DIR.mkdir(parents=True, exist_ok=True)
    path = DEMO_DIR / f"rincian-tagihan-{month:%Y-%m}.csv"
    lines = _lines(month, with_unverified=True)
    rows = ["nik,nama,nomor_bpjs,iuran"] + [
        f"{line.nik},{line.name},{line.bpjs_number},{line.amount}" for line in lines
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path
