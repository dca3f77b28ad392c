import os
from pathlib import Path

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in the test thread; the tests touch the database
# from that same thread only before and after driving the browser.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SKTM = Path(settings.SOP_DIR) / "kecamatan-undaan" / "legalisasi-sktm.yaml"
IURAN = Path(settings.SOP_DIR) / "dinas-pmd" / "iuran-jaminan-kesehatan.yaml"
LOGO = Path(settings.SOP_DIR) / "logo-kabupaten-kudus.svg"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Every test makes accounts; the production hasher is slow on purpose, tests need not be."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def own_throttle(settings, tmp_path):
    """Each test counts its own wrong passwords."""
    settings.THROTTLE_DIR = tmp_path / "throttle"


@pytest.fixture(autouse=True)
def own_private_files(settings, tmp_path):
    """Each test keeps its scans, issued and drawn documents apart (never in var/)."""
    settings.PRIVATE_DIR = tmp_path / "private"


@pytest.fixture(autouse=True)
def forget_looked_up_documents():
    """Each test looks up SOP versions and drawn documents afresh (a process remembers them)."""
    from tertib.sop import views

    views._remembered.clear()


@pytest.fixture
def sop_dir(tmp_path: Path) -> Path:
    """An empty office folder whose parent holds the shared logo, like sops/."""
    office = tmp_path / "sops" / "kantor-uji"
    office.mkdir(parents=True)
    (tmp_path / "sops" / LOGO.name).write_bytes(LOGO.read_bytes())
    return office


@pytest.fixture
def write_sop(sop_dir: Path):
    """Write SOP text to a file in the test office folder and return its path."""

    def write(text: str, name: str = "sop.yaml") -> Path:
        path = sop_dir / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


UNDAAN_POSITIONS = {"camat": "Camat Undaan", "kasi_kesra": "Kasi Kesra", "staf": "Staf"}


@pytest.fixture
def undaan(db):
    """Kecamatan Undaan with its SKTM SOP and three officials, plus an outsider office."""
    from types import SimpleNamespace

    from tertib.cases.models import Register
    from tertib.org.testing import assign, make_office, make_user
    from tertib.sop.loading import load_file

    office = make_office(positions=UNDAAN_POSITIONS)
    other = make_office(slug="kecamatan-jati", name="Kecamatan Jati", positions=UNDAAN_POSITIONS)
    Register.objects.create(
        office=office,
        kode="legalisasi-sktm",
        name="Register Legalisasi SKTM",
        number_format="400.7.22/{nomor:04}/{unit}/{tahun}",
    )
    people = SimpleNamespace(
        office=office,
        version=load_file(SKTM).version,
        staf=make_user("staf", full_name="Siti Aminah"),
        kasi=make_user("kasi", full_name="Budi Santoso"),
        camat=make_user("camat", full_name="Arif Budiyanto"),
        outsider=make_user("luar", full_name="Orang Jati"),
    )
    assign(people.staf, office, "staf")
    assign(people.kasi, office, "kasi_kesra")
    assign(people.camat, office, "camat", nip="19730710 199303 1 003")
    assign(people.outsider, other, "staf")
    return people


PMD_POSITIONS = {
    "ka_dinas": "Kepala Dinas PMD",
    "sekdin_kabid": "Sekretaris Dinas",
    "ka_subbag_kasi": "Kasubbag Keuangan",
    "pelaksana": "Pelaksana Keuangan",
}


@pytest.fixture
def pmd(db):
    """Dinas PMD with the iuran SOP and its four officials; Kecamatan Undaan with two desa and a
    verified roster of three (siltap 2.5, 3 and 14 million), and one Jati staff member."""
    import datetime
    from types import SimpleNamespace

    from django.utils import timezone

    from tertib.org.models import Desa
    from tertib.org.testing import assign, make_office, make_user
    from tertib.services.iuran.models import ContributionRule, Official
    from tertib.sop.loading import load_file

    office = make_office(
        slug="dinas-pmd", name="Dinas PMD Kabupaten Kudus", positions=PMD_POSITIONS
    )
    undaan = make_office(positions={"staf": "Staf"})
    jati = make_office(slug="kecamatan-jati", name="Kecamatan Jati", positions={"staf": "Staf"})
    people = SimpleNamespace(
        office=office,
        version=load_file(IURAN).version,
        pelaksana=make_user("pelaksana", full_name="Yuni Astuti"),
        kasubbag=make_user("kasubbag", full_name="Bambang Setiawan"),
        sekdin=make_user("sekdin", full_name="Rina Wulandari"),
        kadin=make_user("kadin", full_name="Adi Sadhono Muryanto"),
        kecamatan_staf=make_user("staf.undaan", full_name="Siti Aminah"),
        jati_staf=make_user("staf.jati", full_name="Orang Jati"),
        kutuk=Desa.objects.create(kecamatan=undaan, name="Kutuk", code="33.19.04.2007"),
        wates=Desa.objects.create(kecamatan=undaan, name="Wates", code="33.19.04.2013"),
        undaan=undaan,
    )
    assign(people.pelaksana, office, "pelaksana")
    assign(people.kasubbag, office, "ka_subbag_kasi")
    assign(people.sekdin, office, "sekdin_kabid")
    assign(people.kadin, office, "ka_dinas", nip="19681202 198803 1 002")
    assign(people.kecamatan_staf, undaan, "staf")
    assign(people.jati_staf, jati, "staf")
    # A transactional test's flush removes the rule the migration wrote; the model's defaults
    # are that rule.
    ContributionRule.objects.get_or_create(valid_from=datetime.date(2020, 7, 1))
    now = timezone.now()
    roster = [
        ("3319040101700001", "Sutrisno", "Kepala Desa", people.kutuk, 3_000_000),
        ("3319045202800002", "Endang Lestari", "Sekretaris Desa", people.kutuk, 2_500_000),
        ("3319040303750003", "Ahmad Fauzi", "Kepala Desa", people.wates, 14_000_000),
    ]
    people.roster = [
        Official.objects.create(
            nik=nik,
            name=name,
            jabatan=jabatan,
            desa=desa,
            siltap=siltap,
            starts_on=datetime.date(2020, 1, 1),
            verified_by=people.kecamatan_staf,
            verified_at=now,
        )
        for nik, name, jabatan, desa, siltap in roster
    ]
    return people


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (its own browser download does not work here)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    # bypass_csp: the tests inject axe-core as an inline script; the pages allow none.
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, accept_downloads=True, bypass_csp=True
    )
    yield context.new_page()
    context.close()


SCREENSHOTS = Path(__file__).resolve().parent / "test-artifacts"


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot under test-artifacts/ for people to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(name: str) -> None:
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

    return take
