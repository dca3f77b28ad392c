import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tertib.cases.documents import pdf_response, render_pdf
from tertib.cases.models import Register
from tertib.cases.signing import stored_signature
from tertib.org.access import may_read, readable_offices
from tertib.org.models import Office
from tertib.org.throttle import client_address, rate_limited
from tertib.reports import charts, evaluation, exports, monitoring
from tertib.reports.evaluation import DraftError
from tertib.reports.figures import Period, office_figures, semester, semester_of
from tertib.reports.models import MonitoringForm, SopDraft
from tertib.reports.monitoring import MonitoringError
from tertib.sop.models import Sop


def _office(request: HttpRequest, slug: str) -> Office:
    """The office, if the user may read its reports; otherwise it does not exist for them."""
    office = Office.objects.filter(slug=slug).first()
    if office is None or not may_read(request.user, office, on=timezone.localdate()):
        raise Http404
    return office


MAX_DAYS = 3 * 366  # a longer period is a different report, and its weekly chart unreadable


def _period(request: HttpRequest) -> tuple[Period, str]:
    """The period asked for (?semester=2026-2, or ?dari= and ?sampai=), else this semester."""
    today, params = timezone.localdate(), request.GET
    try:
        if params.get("semester"):
            year, half = params["semester"].split("-")
            if half not in ("1", "2"):
                raise ValueError
            if not YEARS[0] <= int(year) <= YEARS[1]:
                raise ValueError(f"Semester: tahun {year} di luar {YEARS[0]}–{YEARS[1]}.")
            return semester(int(year), int(half)), ""
        if params.get("dari") or params.get("sampai"):
            start = _date(params.get("dari", ""), "dari")
            end = _date(params.get("sampai", ""), "sampai")
            if end < start:
                return semester_of(today), "Tanggal sampai: tidak boleh sebelum tanggal dari."
            if (end - start).days > MAX_DAYS:
                return semester_of(today), "Periode: paling lama tiga tahun."
            return Period(start, end), ""
    except ValueError as error:
        ours = str(error).startswith(("Tanggal", "Semester"))
        message = str(error) if ours else "Semester: tulis seperti 2026-2."
        return semester_of(today), message
    return semester_of(today), ""


def _period_links(period: Period) -> dict:
    """What the period picker offers: this semester, the one before the period, its year."""
    return {
        "this_semester": semester_of(timezone.localdate()),
        "previous": semester_of(period.start - datetime.timedelta(days=1)),
        "year": period.start.year,
    }


# The years a period may fall in: anything else is a typing slip, and the calendar's ends
# (year 1, year 9999) cannot take the day before or after.
YEARS = (2000, 2100)


def _date(text: str, name: str) -> datetime.date:
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"Tanggal {name}: '{text}' bukan tanggal (tttt-bb-hh).") from None
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise ValueError(f"Tanggal {name}: tahun {day.year} di luar {YEARS[0]}–{YEARS[1]}.")
    return day


@login_required
def index(request: HttpRequest) -> HttpResponse:
    offices = readable_offices(request.user, on=timezone.localdate())
    if len(offices) == 1:
        return redirect("reports:dashboard", offices[0].slug)
    return render(
        request,
        "reports/index.html",
        {"offices": offices, "every_office": request.user.has_perm("org.view_every_office")},
    )


@login_required
def dashboard(request: HttpRequest, office: str) -> HttpResponse:
    office = _office(request, office)
    period, error = _period(request)
    figures = office_figures(office, period)
    return render(
        request,
        "reports/dashboard.html",
        {
            "office": office,
            "period": period,
            "error": error,
            "figures": figures,
            "week_chart": charts.week_chart(figures.weeks),
            "sops": [(sop, charts.step_chart(sop)) for sop in figures.sops],
            **_period_links(period),
            "query": request.GET.urlencode(),
            "registers": Register.objects.filter(office=office),
        },
        status=400 if error else 200,
    )


@login_required
def steps_xlsx(request: HttpRequest, office: str) -> HttpResponse:
    office = _office(request, office)
    period, error = _period(request)
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    content = exports.step_records(office, period)
    return exports.xlsx_response(content, f"catatan-langkah-{office.slug}-{period.start}.xlsx")


@login_required
def monitoring_list(request: HttpRequest, office: str) -> HttpResponse:
    office = _office(request, office)
    period, error = _period(request)
    forms = MonitoringForm.objects.filter(office=office)
    return render(
        request,
        "reports/monitoring_list.html",
        {
            "office": office,
            "period": period,
            "error": error,
            "forms": forms,
            "existing": forms.filter(period_start=period.start, period_end=period.end).first(),
            "assessor": monitoring.assessor_title(request.user, office),
            "rows": monitoring.draft_rows(office_figures(office, period), monitoring.grades()),
            **_period_links(period),
        },
    )


@login_required
@require_POST
def monitoring_open(request: HttpRequest, office: str) -> HttpResponse:
    office = _office(request, office)
    period, error = _period(request)
    if error:
        messages.error(request, error)
        return redirect("reports:monitoring_list", office.slug)
    try:
        form = monitoring.open_form(office=office, period=period, actor=request.user)
    except MonitoringError as refused:
        messages.error(request, str(refused))
        return redirect("reports:monitoring_list", office.slug)
    return redirect("reports:monitoring", form.pk)


def _form(request: HttpRequest, pk: int) -> MonitoringForm:
    form = get_object_or_404(MonitoringForm.objects.select_related("office"), pk=pk)
    if not may_read(request.user, form.office, on=timezone.localdate()):
        raise Http404
    return form


@login_required
def monitoring_form(request: HttpRequest, pk: int) -> HttpResponse:
    form = _form(request, pk)
    if request.method == "POST":
        return _monitoring_post(request, form)
    return _monitoring_page(request, form)


def _monitoring_page(
    request, form: MonitoringForm, status: int = 200, typed: dict | None = None
) -> HttpResponse:
    rows = list(form.rows.all())
    assessor = monitoring.assessor_title(request.user, form.office)
    editable = assessor and not form.is_final
    for row in rows if editable else []:  # refused: what was typed, not what was saved before
        for name, value in (typed or {}).get(row.pk, {}).items():
            setattr(row, name, value)
    return render(
        request,
        "reports/monitoring.html",
        {
            "form": form,
            "office": form.office,
            "rows": rows,
            "period": Period(form.period_start, form.period_end),
            "assessor": assessor,
            "early": not form.is_final and monitoring.is_early(form),
            "alasan": request.POST.get("alasan", ""),
        },
        status=status,
    )


def _monitoring_post(request: HttpRequest, form: MonitoringForm) -> HttpResponse:
    action = request.POST.get("aksi", "simpan")
    entries = {
        row.pk: {
            "grade": request.POST.get(f"grade-{row.pk}", row.grade),
            "notes": request.POST.get(f"notes-{row.pk}", row.notes),
            "action": request.POST.get(f"action-{row.pk}", row.action),
        }
        for row in form.rows.all()
    }
    try:
        if action == "perbarui":
            monitoring.refresh_form(form=form, actor=request.user)
            messages.success(request, "Usulan penilaian dan catatan diperbarui dari data terbaru.")
        else:
            monitoring.save_form(form=form, actor=request.user, entries=entries)
            if action == "finalkan":
                monitoring.finalise_form(
                    form=form,
                    actor=request.user,
                    password=request.POST.get("password", ""),
                    reason=request.POST.get("alasan", ""),
                    address=client_address(request),
                )
                messages.success(request, "Formulir monitoring final dan tersimpan sebagai PDF.")
            else:
                messages.success(request, "Formulir monitoring disimpan.")
    except MonitoringError as refused:
        messages.error(request, str(refused))
        return _monitoring_page(request, form, status=400, typed=entries)
    return redirect("reports:monitoring", form.pk)


@login_required
def monitoring_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    form = _form(request, pk)
    name = f"monitoring-{form.office.slug}-{form.period_start}.pdf"
    if form.is_final:
        return pdf_response(monitoring.stored_pdf(form), name)
    pdf = render_pdf("reports/monitoring_print.html", monitoring.print_context(form))
    return pdf_response(pdf, "draf-" + name)


@login_required
def monitoring_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    form = _form(request, pk)
    content = exports.monitoring_form(form)
    return exports.xlsx_response(content, f"monitoring-{form.office.slug}-{form.period_start}.xlsx")


@login_required
def kabupaten(request: HttpRequest) -> HttpResponse:
    """Every office's SOPs on one monitoring recap, for the Bagian Organisasi."""
    if not request.user.has_perm("org.view_every_office"):
        raise Http404
    period, error = _period(request)
    context = {
        "period": period,
        "error": error,
        "offices": monitoring.recap(period),
        "pemda": Office.objects.exclude(pemda="").values_list("pemda", flat=True).first() or "",
        **_period_links(period),
    }
    if request.GET.get("format") == "pdf":
        pdf = render_pdf("reports/kabupaten_print.html", context)
        return pdf_response(pdf, f"rekap-monitoring-{period.start}.pdf")
    return render(request, "reports/kabupaten.html", context)


@rate_limited("verifikasi")
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: is this monitoring form the one the office finalised?"""
    form = (
        MonitoringForm.objects.filter(
            code=code.strip().upper()[:40], status=MonitoringForm.Status.FINAL
        )
        .select_related("office", "finalised_by")
        .first()
    )
    return render(
        request,
        "reports/verify.html",
        {
            "form": form,
            "code": code,
            "rows": list(form.rows.all()) if form else [],
            "signature": stored_signature(form.path) if form else None,
        },
        status=200 if form else 404,
    )


@login_required
def evaluation_page(request: HttpRequest, office: str, year: int) -> HttpResponse:
    office = _office(request, office)
    if not YEARS[0] <= year <= YEARS[1]:
        raise Http404
    period = Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    figures = office_figures(office, period)
    return render(
        request,
        "reports/evaluation.html",
        {
            "office": office,
            "year": year,
            "period": period,
            "sops": [
                (sop, evaluation.criteria(sop, figures), evaluation.proposed_times(sop))
                for sop in figures.sops
            ],
            "drafts": SopDraft.objects.filter(sop__in=[s.sop for s in figures.sops]).select_related(
                "sop", "base_version", "loaded_version"
            ),
            "assessor": monitoring.assessor_title(request.user, office),
            "min_observations": settings.EVALUATION_MIN_OBSERVATIONS,
        },
    )


@login_required
@require_POST
def draft_open(request: HttpRequest, office: str, year: int) -> HttpResponse:
    office = _office(request, office)
    sop = get_object_or_404(Sop, kode=request.POST.get("sop", ""))
    try:
        draft = evaluation.open_proposed_draft(
            sop=sop, office=office, year=year, actor=request.user
        )
    except DraftError as refused:
        messages.error(request, str(refused))
        return redirect("reports:evaluation", office.slug, year)
    return redirect("reports:draft", draft.pk)


def _draft(request: HttpRequest, pk: int) -> tuple[SopDraft, Office]:
    """The draft and the office that owns its SOP, if the user may read that office."""
    draft = get_object_or_404(SopDraft.objects.select_related("sop", "base_version"), pk=pk)
    return draft, _office(request, draft.sop.office_slug)


@login_required
def draft_page(request: HttpRequest, pk: int) -> HttpResponse:
    (draft, office), problems, status = _draft(request, pk), [], 200
    text = request.POST.get("text", draft.text).replace("\r\n", "\n")
    if request.method == "POST":
        try:
            if request.POST.get("aksi") == "muat":
                draft = evaluation.load_draft(draft=draft, actor=request.user, text=text)
                messages.success(request, f"Dimuat sebagai {draft.loaded_version}.")
                return redirect("reports:draft", draft.pk)
            draft = evaluation.save_draft(draft=draft, actor=request.user, text=text)
            problems = evaluation.check_draft(text, draft.sop)[1]
            messages.success(
                request, "Draf disimpan." + (" Masih ada masalah." if problems else "")
            )
        except DraftError as refused:
            problems, status = refused.problems, 400
    return render(
        request,
        "reports/draft.html",
        {
            "draft": draft,
            "text": text,
            "problems": problems,
            "office": office,
            "editor": monitoring.assessor_title(request.user, office),
        },
        status=status,
    )


@login_required
@require_POST
def draft_to_studio(request: HttpRequest, pk: int) -> HttpResponse:
    """The evaluation's proposed times, opened as a draft of the SOP studio."""
    from tertib.sop import studio

    draft, _office = _draft(request, pk)
    try:
        opened = studio.start_draft(
            sop=draft.sop, actor=request.user, text=draft.text, reason=draft.reason
        )
    except studio.StudioError as refused:
        messages.error(request, str(refused))
        return redirect("reports:draft", draft.pk)
    return redirect("sop:studio_draft", opened.pk)


@login_required
def draft_yaml(request: HttpRequest, pk: int) -> HttpResponse:
    draft, _ = _draft(request, pk)
    response = HttpResponse(draft.text, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{draft.sop.kode}-draf.yaml"'
    return response
