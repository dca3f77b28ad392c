"""Every page of the desk and of the public site, as each demo role would open it, on a
360 x 740 phone and on a 1280 x 800 desktop: nothing scrolls sideways, every control is big
enough for a thumb on the phone, and axe-core finds no violation. Screenshots of each page at
both sizes go to test-artifacts/phone/ for people to look at."""

import io
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tertib.cases.models import Case, IssuedDocument
from tertib.citizen.survey import survey_url
from tertib.services.iuran.models import Bill, Official

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

AXE = Path(__file__).resolve().parents[1] / "sop" / "tests" / "axe.min.js"
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "phone"
DEMO_PASSWORD = "tertib-demo"
SIZES = {"phone": (360, 740), "desktop": (1280, 800)}

# Controls a thumb must hit on a phone: WCAG 2.5.5 asks 44 x 44 CSS px; links inside running
# text are exempt, so only links laid out on their own (display other than inline) count.
SMALL_TARGETS = """() => [...document.querySelectorAll(
    'a, button, input:not([type=hidden]), select, textarea, summary')]
  .filter(e => {
    const box = e.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return false;
    if (e.matches('input[type=checkbox], input[type=radio]')) {
      const row = e.closest('label');
      return !row || row.getBoundingClientRect().height < 44;
    }
    if (e.matches('a') && getComputedStyle(e).display === 'inline') return false;
    return box.height < 44;
  })
  .map(e => `${e.tagName.toLowerCase()} "${(e.textContent || e.name || '').trim().slice(0, 30)}"`
    + ` ${Math.round(e.getBoundingClientRect().height)} px`)"""


def demo_data(settings, tmp_path) -> None:
    settings.PRIVATE_DIR = tmp_path / "private"
    call_command("sop_load", stdout=io.StringIO())
    call_command("demo", stdout=io.StringIO())


def recent(subject: str) -> str:
    return Case.objects.filter(subject=subject).latest("opened_at").code


def case_page(subject: str) -> str:
    return reverse("cases:detail", args=[recent(subject)])


def public_pages() -> list[tuple[str, str]]:
    finished = Case.objects.get(code=recent("Sumarni"))
    document = IssuedDocument.objects.filter(case=finished).first()
    sktm = ("kecamatan-undaan", "undaan-legalisasi-sktm")
    return [
        ("home", "/"),
        ("login", reverse("login")),
        ("catalogue", reverse("citizen:catalogue")),
        ("service", reverse("citizen:service", args=sktm)),
        ("survey", urlsplit(survey_url(finished)).path),
        ("ikm", reverse("ikm:office", args=["kecamatan-undaan"])),
        ("ikm-paper", reverse("ikm:paper", args=["kecamatan-undaan"])),
        ("track-form", reverse("public:track_form")),
        ("track-open", reverse("public:track", args=[recent("Karsono")])),
        ("track-returned", reverse("public:track", args=[recent("Slamet Riyadi")])),
        ("track-finished", reverse("public:track", args=[finished.code])),
        ("verify", reverse("public:verify", args=[document.code])),
        ("sop-catalogue", reverse("sop:catalogue")),
        ("sop-document", reverse("sop:document", args=["undaan-legalisasi-sktm"])),
        ("404", "/tidak-ada/"),
    ]


def staff_pages() -> dict[str, list[tuple[str, str]]]:
    """Each role's pages; forms that only a POST opens (monitoring, drafts) are opened by
    clicking in the test itself."""
    open_bill = Bill.objects.filter(case__state="berjalan").get()
    paid_bill = Bill.objects.filter(case__state="selesai").latest("month")
    worklist = ("worklist", reverse("cases:worklist"))
    return {
        "staf.undaan": [
            worklist,
            ("new-sktm", reverse("cases:new", args=["undaan-legalisasi-sktm"])),
            ("case-decision-step", case_page("Mulyani")),
            ("case-returned", case_page("Slamet Riyadi")),
            ("case-finished", case_page("Sumarni")),
            ("register", reverse("registers:book", args=["kecamatan-undaan", "legalisasi-sktm"])),
            ("reports", reverse("reports:index")),
            ("dashboard", reverse("reports:dashboard", args=["kecamatan-undaan"])),
            ("api-tokens", reverse("api_tokens")),
        ],
        "kasi.kesra": [worklist, ("case-fiat-step", case_page("Warsini"))],
        "camat.undaan": [
            worklist,
            ("case-signature-step", case_page("Karsono")),
            ("monitoring-list", reverse("reports:monitoring_list", args=["kecamatan-undaan"])),
            ("studio", reverse("sop:studio")),
        ],
        "sekcam.undaan": [worklist],
        "pengelola.undaan": [
            worklist,
            ("studio", reverse("sop:studio")),
            ("studio-new", reverse("sop:studio_new", args=["kecamatan-undaan"])),
        ],
        "pelaksana.pmd": [
            worklist,
            ("iuran", reverse("iuran:index")),
            ("new-bill", reverse("iuran:new_bill")),
            ("bill-open", reverse("cases:detail", args=[open_bill.case.code])),
            ("bill-paid", reverse("cases:detail", args=[paid_bill.case.code])),
            ("roster", reverse("iuran:roster")),
            ("official", reverse("iuran:official", args=[Official.objects.first().pk])),
            ("roster-import", reverse("iuran:roster_import")),
            ("dashboard", reverse("reports:dashboard", args=["dinas-pmd"])),
        ],
        "kasubbag.pmd": [worklist],
        "sekdin.pmd": [worklist],
        "kadin.pmd": [worklist],
        "organisasi": [
            ("reports", reverse("reports:index")),
            ("kabupaten", reverse("reports:kabupaten")),
            ("studio", reverse("sop:studio")),
            ("studio-sop", reverse("sop:studio_sop", args=["undaan-legalisasi-sktm"])),
        ],
    }


class Inspector:
    """Looks at each page at both sizes and writes down what is wrong with it."""

    def __init__(self, base: str):
        self.base = base
        self.problems: list[str] = []
        self.seen = 0

    def visit(self, page, who: str, name: str, url: str, status: int = 200) -> None:
        for size in SIZES:
            self.resize(page, size)
            response = page.goto(self.base + url)
            if response is None or response.status != status:
                self.problems.append(f"{who} {name}: HTTP {response and response.status}")
            self.inspect(page, who, name, size)

    def inspect(self, page, who: str, name: str, size: str) -> None:
        """Check the page as it stands at the given size."""
        self.resize(page, size)
        self.seen += 1
        where = f"{who} {name} {size}"
        width = SIZES[size][0]
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            self.problems.append(f"{where}: {scroll} px wide")
        if size == "phone":
            self.problems += [f"{where}: small target {t}" for t in page.evaluate(SMALL_TARGETS)]
        self.problems += [f"{where}: axe {v}" for v in axe_violations(page)]
        page.screenshot(path=SHOTS / f"{who}-{name}-{width}.png", full_page=True)

    @staticmethod
    def resize(page, size: str) -> None:
        width, height = SIZES[size]
        page.set_viewport_size({"width": width, "height": height})


def axe_violations(page) -> list[str]:
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}) x{len(v['nodes'])}: {v['nodes'][0]['target']}"
        for v in result["violations"]
    ]


def new_page(browser):
    """A page of its own context that loads axe-core into every document it opens."""
    context = browser.new_context(bypass_csp=True)  # axe-core goes in as an inline script
    context.add_init_script(path=str(AXE))
    return context, context.new_page()


def signed_in(browser, base: str, username: str):
    context, page = new_page(browser)
    page.goto(base + reverse("login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/layanan/")
    return context, page


def admin_opens_a_draft(page, inspector: Inspector, who: str) -> None:
    """The office admin opens a revision of the SKTM SOP in the studio."""
    page.goto(inspector.base + reverse("sop:studio_sop", args=["undaan-legalisasi-sktm"]))
    page.get_by_role("button", name="Ubah SOP (buka draf)").click()
    page.wait_for_url("**/sop/studio/draf/*/")
    inspector.visit(page, who, "studio-draft", page.url.removeprefix(inspector.base))


def camat_opens_forms(page, inspector: Inspector, who: str) -> None:
    """The Camat opens this semester's monitoring form and next version's evaluation draft."""
    page.goto(inspector.base + reverse("reports:monitoring_list", args=["kecamatan-undaan"]))
    page.get_by_role("button", name="Isi formulir monitoring").first.click()
    page.wait_for_url("**/laporan/monitoring/*/")
    inspector.visit(page, who, "monitoring-form", page.url.removeprefix(inspector.base))
    year = timezone.localdate().year
    inspector.visit(
        page, who, "evaluation", reverse("reports:evaluation", args=["kecamatan-undaan", year])
    )
    page.get_by_role("button", name="Buka draf versi berikutnya").click()
    page.wait_for_url("**/laporan/draf/*/")
    inspector.visit(page, who, "evaluation-draft", page.url.removeprefix(inspector.base))


OPENED_BY_POST = {"camat.undaan": camat_opens_forms, "pengelola.undaan": admin_opens_a_draft}


def csrf_refused(page, inspector: Inspector) -> None:
    """A form posted without its token: the Indonesian 403 page."""
    page.goto(inspector.base + reverse("public:track_form"))
    with page.expect_navigation() as navigation:
        page.evaluate(
            """() => { const form = document.createElement('form'); form.method = 'post';
            form.action = '/lacak/'; document.body.append(form); form.submit(); }"""
        )
    assert navigation.value.status == 403
    for size in SIZES:
        inspector.inspect(page, "anonim", "403-csrf", size)


def test_every_page_fits_a_phone_and_passes_axe(live_server, browser, settings, tmp_path):
    demo_data(settings, tmp_path)
    SHOTS.mkdir(parents=True, exist_ok=True)
    inspector = Inspector(live_server.url)

    context, page = new_page(browser)
    for name, url in public_pages():
        inspector.visit(page, "anonim", name, url, status=404 if name == "404" else 200)
    csrf_refused(page, inspector)
    context.close()
    for who, pages in staff_pages().items():
        context, page = signed_in(browser, live_server.url, who)
        for name, url in pages:
            inspector.visit(page, who, name, url)
        if who in OPENED_BY_POST:
            OPENED_BY_POST[who](page, inspector, who)
        context.close()

    assert inspector.problems == [], "\n".join(inspector.problems)
    assert inspector.seen >= 100  # every page above, at both sizes
