"""The citizen's side: service standards and the survey (no login), and the IKM for staff."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from tertib.cases.documents import pdf_response, qr_data_uri, render_pdf
from tertib.cases.models import Case
from tertib.citizen import exports, report, standard
from tertib.citizen.forms import PaperSurveyForm, SurveyForm
from tertib.citizen.models import SurveyResponse
from tertib.citizen.survey import (
    SurveyError,
    receipt_link,
    record_survey,
    refusal,
    serves_citizens,
    token_matches,
)
from tertib.org.access import handles_cases_of, may_read
from tertib.org.models import Office
from tertib.reports.figures import Period, semester, semester_of
from tertib.sop.models import Sop


def catalogue(request: HttpRequest) -> HttpResponse:
    sops = Sop.objects.filter(current_version__isnull=False).select_related("current_version")
    by_office = {office: [] for office in Office.objects.all()}
    slugs = {office.slug: office for office in by_office}
    for sop in sops.defer("current_version__source_text", "current_version__logo"):
        office = slugs.get(sop.office_slug)
        if office is None:
            continue
        in_force = sop.version_on(timezone.localdate(timezone=office.tz)) or sop.current_version
        if serves_citizens(in_force.definition):
            by_office[office].append((sop, in_force.definition))
    offices = [(office, sops) for office, sops in by_office.items() if sops]
    return render(request, "citizen/catalogue.html", {"offices": offices})


def _service(office: str, kode: str) -> tuple[Office, Sop]:
    sop = Sop.objects.filter(kode=kode, office_slug=office, current_version__isnull=False).first()
    office_row = Office.objects.filter(slug=office).first()
    if sop is None or office_row is None or not serves_citizens(sop.current_version.definition):
        raise Http404
    return office_row, sop


def service(request: HttpRequest, office: str, kode: str) -> HttpResponse:
    office_row, sop = _service(office, kode)
    today = timezone.localdate(timezone=office_row.tz)
    context = standard.components(sop, office_row, today=today)
    return render(request, "citizen/service.html", context)


def maklumat(request: HttpRequest, office: str, kode: str) -> HttpResponse:
    office_row, sop = _service(office, kode)
    today = timezone.localdate(timezone=office_row.tz)
    context = standard.components(sop, office_row, today=today)
    context["today"] = today
    return pdf_response(render_pdf("citizen/maklumat.html", context), f"maklumat-{kode}.pdf")


def answer(request: HttpRequest, code: str, token: str) -> HttpResponse:
    """The survey of one request, reached from the QR on its receipt."""
    case = Case.objects.filter(code=code.upper()).select_related("office", "sop_version").first()
    if case is None or not token_matches(case.code, token):
        return render(request, "citizen/survey_closed.html", {"reason": _UNKNOWN}, status=404)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record_survey(
                case=case,
                answers=form.answers(),
                facts=form.facts(),
                saran=form.cleaned_data["saran"],
                channel=SurveyResponse.Channel.ONLINE,
            )
        except SurveyError as refused:
            return _closed(request, case, str(refused), status=409)
        return render(request, "citizen/survey_thanks.html", {"case": case})
    reason = refusal(case)
    if reason:
        return _closed(request, case, reason, status=409 if request.method == "POST" else 200)
    status = 400 if form.errors else 200
    return render(request, "citizen/survey.html", _survey_context(case, form), status=status)


_UNKNOWN = "Tautan survei ini tidak dikenal. Periksa kembali kode QR pada tanda terima Anda."


def _closed(request, case: Case, reason: str, *, status: int) -> HttpResponse:
    return render(
        request, "citizen/survey_closed.html", {"case": case, "reason": reason}, status=status
    )


def _survey_context(case: Case, form) -> dict:
    return {"case": case, "office": case.office, "sop": case.sop_version.definition, "form": form}


# Staff pages: the IKM of an office and paper questionnaires.


def _readable(request: HttpRequest, slug: str) -> Office:
    office = Office.objects.filter(slug=slug).first()
    if office is None or not may_read(request.user, office, on=timezone.localdate()):
        raise Http404
    return office


def _period(request: HttpRequest) -> tuple[Period, str]:
    """?semester=2026-2, else this semester."""
    text = request.GET.get("semester", "")
    if not text:
        return semester_of(timezone.localdate()), ""
    year, _, half = text.partition("-")
    if not (year.isdigit() and half in ("1", "2") and 2000 <= int(year) <= 2100):
        return semester_of(timezone.localdate()), "Semester: tulis seperti 2026-2."
    return semester(int(year), int(half)), ""


@login_required
def ikm_page(request: HttpRequest, office: str) -> HttpResponse:
    office = _readable(request, office)
    period, error = _period(request)
    context = report.report_context(office, period)
    previous = semester_of(period.start - datetime.timedelta(days=1))
    context.update(
        error=error,
        previous=previous,
        semester_param=_param(period),
        previous_param=_param(previous),
        may_enter=handles_cases_of(request.user, office, on=timezone.localdate()),
    )
    return render(request, "citizen/ikm.html", context, status=400 if error else 200)


def _param(period: Period) -> str:
    return f"{period.start.year}-{1 if period.start.month <= 6 else 2}"


@login_required
def ikm_pdf(request: HttpRequest, office: str) -> HttpResponse:
    office = _readable(request, office)
    period, _ = _period(request)
    pdf = render_pdf("citizen/ikm_print.html", report.report_context(office, period))
    return pdf_response(pdf, f"laporan-skm-{office.slug}-{_param(period)}.pdf")


@login_required
def ikm_xlsx(request: HttpRequest, office: str) -> HttpResponse:
    office = _readable(request, office)
    period, _ = _period(request)
    content = exports.answers_xlsx(office, period)
    return exports.xlsx_response(content, f"jawaban-skm-{office.slug}-{_param(period)}.xlsx")


def _own_office(request: HttpRequest, slug: str) -> Office:
    """The office, if the user works there; otherwise it does not exist for them."""
    office = Office.objects.filter(slug=slug).first()
    if office is None or not handles_cases_of(request.user, office, on=timezone.localdate()):
        raise Http404
    return office


@login_required
def questionnaire(request: HttpRequest, office: str) -> HttpResponse:
    """The paper questionnaire of one request, with the QR of its online survey: handed to the
    applicant with the result."""
    office = _own_office(request, office)
    code = request.GET.get("kode", "").strip().upper()[:20]
    case = Case.objects.filter(code=code, office=office).select_related("sop_version").first()
    if case is None or not serves_citizens(case.sop_version.definition):
        messages.error(request, f"Kode lacak permohonan: '{code}' bukan permohonan kantor ini.")
        return redirect("ikm:paper", office.slug)
    context = {**_survey_context(case, SurveyForm()), "link": receipt_link(case)}
    context["qr"] = qr_data_uri(context["link"]["url"])
    pdf = render_pdf("citizen/questionnaire.html", context)
    return pdf_response(pdf, f"kuesioner-skm-{case.code}.pdf")


@login_required
def paper(request: HttpRequest, office: str) -> HttpResponse:
    """Staff of the office type in a paper questionnaire for one of its requests."""
    office = _own_office(request, office)
    form = PaperSurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = Case.objects.filter(code=form.cleaned_data["kode"], office=office).first()
        if case is None:
            form.add_error("kode", "Kode lacak permohonan: tidak ada permohonan kantor ini.")
        else:
            try:
                record_survey(
                    case=case,
                    answers=form.answers(),
                    facts=form.facts(),
                    saran=form.cleaned_data["saran"],
                    channel=SurveyResponse.Channel.KERTAS,
                    actor=request.user,
                )
            except SurveyError as refused:
                form.add_error("kode", f"Kode lacak permohonan: {refused}")
            else:
                messages.success(request, f"Kuesioner untuk permohonan {case.code} tersimpan.")
                return redirect("ikm:paper", office.slug)
    status = 400 if form.errors else 200
    return render(request, "citizen/paper.html", {"office": office, "form": form}, status=status)
