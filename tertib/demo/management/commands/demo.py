"""Demo data for a newcomer: both offices, one account per position, cases in every state."""

import datetime
import random
import zoneinfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from tertib.cases.actions import StepInput
from tertib.cases.clock import calendar
from tertib.cases.engine import claim_step, complete_step, open_record, reject_case, resume_case
from tertib.cases.models import Case, Register
from tertib.cases.requests import take_in
from tertib.citizen import demo as citizen_demo
from tertib.org.models import Assignment, Desa, Office, Position
from tertib.services.iuran import demo as iuran_demo
from tertib.sop.models import Sop

PASSWORD = "tertib-demo"
WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
UNDAAN_DESA = [
    "Berugenjang",
    "Glagahwaru",
    "Kalirejo",
    "Karangrowo",
    "Kutuk",
    "Lambangan",
    "Larikrejo",
    "Medini",
    "Ngemplak",
    "Sambung",
    "Terangmas",
    "Undaan Kidul",
    "Undaan Lor",
    "Undaan Tengah",
    "Wates",
    "Wonosoco",
]
OFFICES = {
    "kecamatan-undaan": {
        "name": "Kecamatan Undaan",
        "address": "Jalan Kudus Purwodadi Km. 12 Kudus",
        "phone": "0291 - 433400",
        "email": "kecamatan.undaa@gmail.com",
        "city": "Undaan",
        "positions": [
            (
                "camat",
                "Camat Undaan",
                "camat.undaan",
                "Arif Budiyanto, S.Sos, M.Si",
                "19730710 199303 1 003",
            ),
            ("kasi_kesra", "Kasi Kesra", "kasi.kesra", "Dwi Lestari", ""),
            ("staf", "Staf", "staf.undaan", "Siti Aminah", ""),
        ],
    },
    "dinas-pmd": {
        "name": "Dinas Pemberdayaan Masyarakat dan Desa Kabupaten Kudus",
        "address": "Komplek Perkantoran Mejobo, Jl. Mejobo Nomor 45",
        "phone": "(0291) 438177",
        "email": "",
        "city": "Kudus",
        "positions": [
            (
                "ka_dinas",
                "Kepala Dinas PMD",
                "kadin.pmd",
                "Drs. Adi Sadhono Muryanto, M.M",
                "19681202 198803 1 002",
            ),
            ("sekdin_kabid", "Sekretaris Dinas", "sekdin.pmd", "Rina Wulandari", ""),
            ("ka_subbag_kasi", "Kasubbag Keuangan", "kasubbag.pmd", "Bambang Setiawan", ""),
            ("pelaksana", "Pelaksana Keuangan", "pelaksana.pmd", "Yuni Astuti", ""),
        ],
    },
}


PEMDA = "PEMERINTAH KABUPATEN KUDUS"  # as on the letterhead (orgs/demo-kudus.yaml)


class Command(BaseCommand):
    help = "Siapkan data demo (kantor, akun, permohonan) dan cetak login demo."

    def handle(self, *args, **options):
        with transaction.atomic():
            logins = [login for slug, spec in OFFICES.items() for login in _office(slug, spec)]
            _plh_sekcam(logins)
            _organisasi(logins)
        call_command("wilayah_import", stdout=self.stdout)
        if not Case.objects.exists():
            _history()
            _demo_cases()
        with transaction.atomic():
            rincian = iuran_demo.load()
            citizen_demo.load()
        self.stdout.write("\nTertib siap di http://127.0.0.1:8000/")
        self.stdout.write("Login demo (kata sandi semua akun: " + PASSWORD + "):")
        for username, title, office in logins:
            self.stdout.write(f"  {username:<16} {title} — {office}")
        self.stdout.write(f"  {'admin':<16} Admin aplikasi (/admin/)")
        self.stdout.write("Lacak permohonan tanpa login: http://127.0.0.1:8000/lacak/")
        self.stdout.write(f"Rincian tagihan BPJS bulan ini untuk dicoba di /iuran/: {rincian}\n")


def _office(slug: str, spec: dict) -> list[tuple[str, str, str]]:
    fields = {k: spec[k] for k in ("name", "address", "phone", "email", "city")}
    fields["pemda"] = PEMDA
    office, _ = Office.objects.update_or_create(slug=slug, defaults=fields)
    logins = []
    for kode, title, username, full_name, nip in spec["positions"]:
        position, _ = Position.objects.update_or_create(
            office=office, kode=kode, defaults={"title": title}
        )
        user = _user(username, full_name)
        Assignment.objects.get_or_create(
            position=position,
            user=user,
            defaults={"starts_on": datetime.date(2020, 1, 1), "nip": nip},
        )
        logins.append((username, title, office.name))
    manager = _user(f"pengelola.{slug.split('-')[-1]}", f"Pengelola {spec['name']}")
    manager.is_staff = True
    manager.save(update_fields=["is_staff"])
    office.admins.add(manager)
    logins.append((manager.username, "Pengelola kantor (/admin/)", office.name))
    if slug == "kecamatan-undaan":
        for name in UNDAAN_DESA:
            Desa.objects.get_or_create(kecamatan=office, name=name)
        Register.objects.get_or_create(
            office=office,
            kode="legalisasi-sktm",
            defaults={
                "name": "Buku Register Legalisasi SKTM",
                "number_format": settings.REGISTER_FORMAT,
            },
        )
    return logins


def _plh_sekcam(logins: list) -> None:
    """The Sekcam signs as Plh. Camat while the Camat is away (the coming week)."""
    office = Office.objects.get(slug="kecamatan-undaan")
    position = Position.objects.get(office=office, kode="camat")
    user = _user("sekcam.undaan", "Hendro Prasetyo, S.IP")
    today = timezone.localdate()
    Assignment.objects.get_or_create(
        position=position,
        user=user,
        kind="plh",
        defaults={
            "starts_on": today,
            "ends_on": today + datetime.timedelta(days=7),
            "nip": "19800101 200501 1 001",
        },
    )
    logins.append(("sekcam.undaan", "Plh. Camat Undaan (7 hari ini)", office.name))


def _organisasi(logins: list) -> None:
    """The kabupaten's Bagian Organisasi reads every office's reports and changes nothing."""
    user = _user("organisasi", "Rahmat Hidayat, S.STP")
    user.user_permissions.add(Permission.objects.get(codename="view_every_office"))
    logins.append(("organisasi", "Bagian Organisasi Setda (baca semua kantor)", "Kabupaten Kudus"))


def _user(username: str, full_name: str):
    users = get_user_model().objects
    first, _, last = full_name.partition(" ")
    user, created = users.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last}
    )
    if created:
        user.set_password(PASSWORD)
        user.save()
    if not users.filter(username="admin").exists():
        users.create_superuser(username="admin", password=PASSWORD, email="")
    return user


EVERYTHING = ["sktm_asli", "fotokopi_ktp", "fotokopi_kk", "kartu_jkn", "surat_pernyataan"]


def _demo_cases() -> None:
    office = Office.objects.get(slug="kecamatan-undaan")
    version = Sop.objects.get(kode="undaan-legalisasi-sktm").current_version
    people = {u.username: u for u in get_user_model().objects.all()}
    start = _working_morning(days_back=3)
    applicants = [
        ("Sumarni", "3319045203850002", ["lanjut", "ya", "lanjut", "lanjut", "lanjut", "lanjut"]),
        ("Karsono", "3319041207700003", ["lanjut", "ya", "lanjut"]),
        ("Warsini", "3319044511800004", ["lanjut", "ya"]),
        ("Slamet Riyadi", "3319040101650005", ["lanjut", "tidak"]),
        ("Mulyani", "3319045506900006", []),
    ]
    for index, (name, nik, path) in enumerate(applicants):
        at = start + datetime.timedelta(minutes=40 * index)
        checklist = EVERYTHING[:2] if "tidak" in path else EVERYTHING
        case = take_in(
            sop_version=version,
            office=office,
            actor=people["staf.undaan"],
            subject=name,
            intake=_intake(name, nik),
            checklist=checklist,
            scans=[],
            at=at,
        )
        _walk(case, path[1:], people, at, checklist)


HISTORY_NAMES = ["Sumiyati", "Kasmin", "Rukayah", "Sutarno", "Painah", "Rasimin", "Juwariyah"]


def _history() -> None:
    """Five months of cases up to last week, for the reports: the same history on every
    machine. The Camat is often away from the desk, so step 4 runs past its 4 minutes."""
    office = Office.objects.get(slug="kecamatan-undaan")
    version = Sop.objects.get(kode="undaan-legalisasi-sktm").current_version
    people = {u.username: u for u in get_user_model().objects.all()}
    rng, today = random.Random(35), timezone.localdate()
    day = today - datetime.timedelta(days=150)
    while day < today - datetime.timedelta(days=7):
        if calendar().is_working_day(day) and rng.random() < 0.45:
            _past_case(office, version, people, rng, day)
        day += datetime.timedelta(days=1)


def _past_case(office, version, people, rng: random.Random, day: datetime.date) -> None:
    name = rng.choice(HISTORY_NAMES)
    birth = datetime.date(rng.randint(1950, 1995), rng.randint(1, 12), rng.randint(1, 28))
    nik = f"331904{birth:%d%m%y}{rng.randint(1, 9999):04d}"
    at = datetime.datetime.combine(day, datetime.time(8, rng.randint(0, 50)), tzinfo=WIB)
    returned = rng.random() < 0.1
    checklist = EVERYTHING[:3] if returned else EVERYTHING
    case = take_in(
        sop_version=version,
        office=office,
        actor=people["staf.undaan"],
        subject=name,
        intake=_intake(name, nik),
        checklist=checklist,
        scans=[],
        at=at,
    )
    # (who, wait, handle) of steps 2-6 in minutes; the Camat's wait is the long one
    plan = [
        ("staf.undaan", rng.choice([0, 1, 2]), rng.choice([3, 4, 5, 6])),
        ("kasi.kesra", rng.choice([0, 1, 2]), rng.choice([1, 2])),
        ("camat.undaan", rng.choice([0, 10, 20, 30, 60]), rng.choice([2, 3, 4, 6])),
        ("staf.undaan", rng.choice([0, 1]), rng.choice([1, 2, 3])),
        ("staf.undaan", rng.choice([0, 0, 1, 2]), 1),
    ]
    if returned:
        case = _past_step(case, people, "staf.undaan", at, 0, 4, "tidak", checklist)
        at = datetime.datetime.combine(
            calendar().next_working_day(day + datetime.timedelta(days=2)),
            datetime.time(9, 0),
            tzinfo=WIB,
        )
        case = resume_case(case=case, actor=people["staf.undaan"], note="Berkas dilengkapi", at=at)
    for index, (who, wait, handle) in enumerate(plan):
        if index == 2 and rng.random() < 0.04:
            record = open_record(case)
            reject_case(
                case=case,
                record_id=record.pk,
                actor=people[who],
                reason="SKTM tidak sah",
                at=at + datetime.timedelta(minutes=wait),
            )
            return
        decision = "ya" if index == 0 else "lanjut"
        case = _past_step(case, people, who, at, wait, handle, decision, EVERYTHING)
        at += datetime.timedelta(minutes=wait + handle)


def _past_step(case, people, who, at, wait, handle, decision, checklist):
    record = open_record(case)
    claimed = at + datetime.timedelta(minutes=wait)
    claim_step(case=case, record_id=record.pk, actor=people[who], at=claimed)
    return complete_step(
        case=case,
        record_id=record.pk,
        actor=people[who],
        decision=decision,
        note="Fotokopi KK dan kartu JKN-KIS belum ada" if decision == "tidak" else "",
        given=StepInput(checklist=checklist, password=PASSWORD, recipient="Pemohon sendiri"),
        at=claimed + datetime.timedelta(minutes=handle),
    )


def _walk(case: Case, path: list[str], people: dict, at, checklist) -> None:
    actors = ["staf.undaan", "kasi.kesra", "camat.undaan", "staf.undaan", "staf.undaan"]
    for offset, decision in enumerate(path):
        handle = 3 + 4 * offset
        case = _past_step(case, people, actors[offset], at, 0, handle, decision, checklist)
        at += datetime.timedelta(minutes=handle)


def _intake(name: str, nik: str) -> dict:
    return {
        "nama": name,
        "nik": nik,
        "kk": nik[:6] + "1503120007",
        "alamat": "RT 02 RW 01",
        "desa": "Wates",
        "telepon": "081234567890",
        "nomor_jkn": "0001234567890",
        "nomor_sktm": "400.7.22/015/2026",
        "tanggal_sktm": "2026-11-16",
        "desa_sktm": "Wates",
    }


def _working_morning(*, days_back: int) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days_back)
    while not calendar().is_working_day(day):
        day -= datetime.timedelta(days=1)
    return datetime.datetime.combine(day, datetime.time(8, 5), tzinfo=WIB)
