"""Render every printed paper of the demo to PDF and PNG, to look at them.

Run after `make run` has seeded the demo (or `manage.py demo`):
    DEBUG=1 .venv/bin/python scripts/render_papers.py [out-dir]
Writes test-artifacts/papers/<paper>.pdf and <paper>-<page>.png.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tertib.settings")

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402

from tertib.cases import documents  # noqa: E402
from tertib.cases.models import Case, Outcome  # noqa: E402


def papers() -> dict[str, bytes]:
    from tertib.citizen import standard
    from tertib.citizen.forms import SurveyForm
    from tertib.citizen.survey import receipt_link
    from tertib.services.iuran import documents as iuran
    from tertib.services.iuran.models import Bill
    from tertib.services.sktm.documents import TEMPLATE, legalisation_context
    from tertib.sop import document as sop_document
    from tertib.sop.models import Sop

    out = {}
    sktm = Case.objects.filter(documents__kind="lembar_legalisasi").first()
    out["tanda-terima"] = documents.render_pdf(
        "cases/receipt.html", documents.receipt_context(sktm)
    )
    signing = documents.signing_record(sktm)
    out["legalisasi"] = documents.render_pdf(
        TEMPLATE, legalisation_context(sktm, code="ABCDEFGHJK", signing=signing, final=True)
    )
    returned = Case.objects.filter(records__outcome=Outcome.TIDAK).first()
    if returned:
        out["slip-pengembalian"] = documents.render_pdf(
            "cases/return_slip.html", documents.return_slip_context(returned)
        )
    bill = Bill.objects.filter(case__documents__kind="arsip_iuran").first() or Bill.objects.first()
    out["spp"] = documents.render_pdf("iuran/spp.html", iuran.spp_context(bill))
    out["spm"] = documents.render_pdf("iuran/spm.html", iuran.spm_context(bill))
    out["pemeriksaan"] = documents.render_pdf("iuran/pemeriksaan.html", iuran.check_context(bill))
    cover = iuran._cover_context(bill.case, "ABCDEFGHJK", None)
    out["arsip-sampul"] = documents.render_pdf("iuran/arsip_sampul.html", cover)
    out.update(reports_papers())
    undaan = sktm.office
    sop = sktm.sop_version.sop
    context = standard.components(sop, undaan, today=timezone.localdate())
    out["maklumat"] = documents.render_pdf(
        "citizen/maklumat.html", {**context, "today": timezone.localdate()}
    )
    link = receipt_link(sktm)
    out["kuesioner"] = documents.render_pdf(
        "citizen/questionnaire.html",
        {
            "case": sktm,
            "office": undaan,
            "sop": sktm.sop_version.definition,
            "form": SurveyForm(),
            "link": link,
            "qr": documents.qr_data_uri(link["url"]),
        },
    )
    for sop in Sop.objects.exclude(current_version=None):
        out[f"sop-{sop.kode}"] = sop_document.render_pdf(sop.current_version)
    return out


def reports_papers() -> dict[str, bytes]:
    """The monitoring form of the semester, as a draft and as finalised (rolled back after)."""
    from django.contrib.auth.models import User
    from django.db import transaction

    from tertib.citizen import report
    from tertib.org.models import Office
    from tertib.reports import monitoring
    from tertib.reports.figures import semester

    today = timezone.localdate()
    period = semester(today.year, 1 if today.month <= 6 else 2)
    office = Office.objects.get(slug="kecamatan-undaan")
    assessor = User.objects.get(username="camat.undaan")
    out = {}
    with transaction.atomic():
        form = monitoring.open_form(office=office, period=period, actor=assessor)
        form.rows.update(grade=form.grades[0])
        out["monitoring-draf"] = documents.render_pdf(
            "reports/monitoring_print.html", monitoring.print_context(form)
        )
        form.status, form.finalised_by = form.Status.FINAL, assessor
        form.finalised_at, form.code = timezone.now(), "ABCDEFGHJK"
        form.assessor_title = monitoring.assessor_title(assessor, office)
        out["monitoring"] = documents.render_pdf(
            "reports/monitoring_print.html", monitoring.print_context(form)
        )
        out["rekap-kabupaten"] = documents.render_pdf(
            "reports/kabupaten_print.html",
            {"period": period, "offices": monitoring.recap(period), "pemda": office.pemda},
        )
        transaction.set_rollback(True)
    out["ikm"] = documents.render_pdf(
        "citizen/ikm_print.html", report.report_context(office, period)
    )
    return out


def main() -> None:
    import pypdfium2

    from tertib.cases.testing import nearly_empty_pages, page_texts

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "test-artifacts/papers")
    target.mkdir(parents=True, exist_ok=True)
    with timezone.override("Asia/Jakarta"):
        rendered = papers()
    for name, pdf in rendered.items():
        for old in target.glob(f"{name}-[0-9]*.png"):
            old.unlink()
        (target / f"{name}.pdf").write_bytes(pdf)
        for number, page in enumerate(pypdfium2.PdfDocument(pdf), start=1):
            page.render(scale=1.4).to_pil().save(target / f"{name}-{number}.png")
        pages, empty = len(page_texts(pdf)), nearly_empty_pages(pdf)
        print(f"{name}: {pages} halaman" + (f", hampir kosong: {empty}" if empty else ""))


if __name__ == "__main__":
    main()
