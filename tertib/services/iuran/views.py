from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from tertib.cases.actions import ActionError
from tertib.cases.documents import pdf_response, render_pdf
from tertib.cases.uploads import UploadError
from tertib.cases.views import refused_page
from tertib.org.access import offices_of
from tertib.services.iuran import documents
from tertib.services.iuran.access import IURAN_SOP, pmd_office
from tertib.services.iuran.bills import (
    BillError,
    SppParts,
    correct_bill,
    lines_from_table,
    prepare_payment,
    register_bill,
)
from tertib.services.iuran.contribution import NoRule
from tertib.services.iuran.deadlines import days_left, iuran_calendar, limits
from tertib.services.iuran.forms import (
    BillForm,
    CorrectionForm,
    DecisionForm,
    OfficialForm,
    PaymentForm,
    RosterImportForm,
    Sp2dForm,
)
from tertib.services.iuran.models import Bill, ContributionRule, Official
from tertib.services.iuran.payment import record_sp2d
from tertib.services.iuran.reconcile import decide
from tertib.services.iuran.roster import import_roster, update_official, verify_official
from tertib.services.iuran.tables import TableError
from tertib.sop.models import Sop

ROSTER_PAGE = 100


def _office(request: HttpRequest):
    office = pmd_office(request.user)
    if office is None:
        raise Http404
    return office


def _bill(request: HttpRequest, code: str) -> Bill:
    office = _office(request)
    return get_object_or_404(Bill.objects.select_related("case"), case__code=code, office=office)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The bills of the Dinas, the riskiest open one first."""
    office = _office(request)
    today, calendar = timezone.localdate(), iuran_calendar()
    bills = list(Bill.objects.filter(office=office).select_related("case")[:36])
    rows = [
        (bill, days_left(limits(bill.month, calendar=calendar), today=today, calendar=calendar))
        for bill in bills
    ]
    rows.sort(key=lambda row: (not row[0].case.is_open, row[1].to_due))
    return render(
        request,
        "iuran/index.html",
        {"rows": rows, "office": office, "rules": ContributionRule.objects.all()},
    )


@login_required
def new_bill(request: HttpRequest) -> HttpResponse:
    office = _office(request)
    form = BillForm(request.POST or None, request.FILES or None, owner=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            lines = (
                lines_from_table(data["lines"].read(), data["lines"].name) if data["lines"] else []
            )
            scan = (data["scan"].name, data["scan"].read())
            bill = register_bill(
                sop_version=Sop.objects.get(kode=IURAN_SOP).current_version,
                office=office,
                actor=request.user,
                number=data["number"],
                issued_on=data["issued_on"],
                month=data["month"],
                amount=data["amount"],
                virtual_account=data["virtual_account"],
                lines=lines,
                scan=scan,
            )
        except (BillError, UploadError, ActionError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{bill.case.subject} dicatat ({bill.case.code}).")
            return redirect("cases:detail", bill.case.code)
    return render(request, "iuran/new_bill.html", {"form": form, "office": office})


@login_required
@require_POST
def payment(request: HttpRequest, code: str) -> HttpResponse:
    """Step 1: numbers and budget account of the SPP and SPM."""
    bill = _bill(request, code)
    form = PaymentForm(request.POST)
    if not form.is_valid():
        return _refused(request, code, "payment", form)
    data = form.cleaned_data
    parts = SppParts(
        **{name: data[name] for name in PaymentForm.PARTS if name != "deductions"},
        deductions=data["deductions"] or 0,
    )
    numbers = {
        name: data[name] for name in ("spp_number", "spm_number", "account_code", "account_name")
    }
    try:
        prepare_payment(bill=bill, actor=request.user, parts=parts, **numbers)
    except BillError as error:
        return _refused(request, code, "payment", form, str(error))
    messages.success(request, "SPP dan SPM disiapkan.")
    return redirect("cases:detail", code)


def _refused(request: HttpRequest, code: str, name: str, form, error: str = "") -> HttpResponse:
    """The case page again, the refused form in the panel as typed, its errors on top."""
    for message in [error] if error else [" ".join(e) for e in form.errors.values()]:
        messages.error(request, message)
    request.iuran_refused = (name, form)  # read by the panel (service.panel)
    return refused_page(request, code)


@login_required
@require_POST
def decide_difference(request: HttpRequest, code: str) -> HttpResponse:
    """Step 1: the pelaksana's decision on one difference of the reconciliation."""
    bill = _bill(request, code)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _refused(request, code, "decide", form)
    try:
        decide(bill=bill, actor=request.user, **form.cleaned_data)
    except BillError as error:
        return _refused(request, code, "decide", form, str(error))
    messages.success(request, "Keputusan selisih dicatat.")
    return redirect(reverse("cases:detail", args=[code]) + "#rekonsiliasi")


@login_required
@require_POST
def correct(request: HttpRequest, code: str) -> HttpResponse:
    """Step 1: the bill's amount (and rincian) corrected, with the reason."""
    bill = _bill(request, code)
    form = CorrectionForm(request.POST, request.FILES, owner=request.user)
    if not form.is_valid():
        return _refused(request, code, "correct", form)
    data = form.cleaned_data
    try:
        lines = (
            lines_from_table(data["lines"].read(), data["lines"].name) if data["lines"] else None
        )
        correct_bill(
            bill=bill, actor=request.user, amount=data["amount"], reason=data["reason"], lines=lines
        )
    except BillError as error:
        return _refused(request, code, "correct", form, str(error))
    messages.success(request, "Tagihan dikoreksi.")
    return redirect("cases:detail", code)


@login_required
@require_POST
def sp2d(request: HttpRequest, code: str) -> HttpResponse:
    """Step 4: the SP2D and the transfer proof (or BPJS's lunas status)."""
    bill = _bill(request, code)
    form = Sp2dForm(request.POST, request.FILES, owner=request.user)
    if not form.is_valid():
        return _refused(request, code, "sp2d", form)
    data = form.cleaned_data
    proof = (data["proof"].name, data["proof"].read()) if data["proof"] else None
    try:
        record_sp2d(
            bill=bill,
            actor=request.user,
            sp2d_number=data["sp2d_number"],
            sp2d_date=data["sp2d_date"],
            paid_on=data["paid_on"],
            proof=proof,
            bpjs_paid=data["bpjs_paid"],
        )
    except (BillError, UploadError) as error:
        return _refused(request, code, "sp2d", form, str(error))
    messages.success(request, "SP2D dan pembayaran dicatat.")
    return redirect("cases:detail", code)


@login_required
def document(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    """The SPP, SPM or check report as it stands now (draft until signed)."""
    bill = _bill(request, code)
    contexts = {
        "spp": documents.spp_context,
        "spm": documents.spm_context,
        "pemeriksaan": documents.check_context,
    }
    if kind not in contexts:
        raise Http404
    try:
        context = contexts[kind](bill)
    except NoRule as error:
        messages.error(request, str(error))
        return redirect("cases:detail", code)
    return pdf_response(render_pdf(f"iuran/{kind}.html", context), f"{kind}-{code}.pdf")


@login_required
def roster(request: HttpRequest) -> HttpResponse:
    """The officials: Dinas PMD sees all, a kecamatan sees its own desa to verify them."""
    pmd = pmd_office(request.user)
    kecamatan = offices_of(request.user, on=timezone.localdate())
    officials = Official.objects.select_related("desa__kecamatan", "verified_by")
    if pmd is None:
        officials = officials.filter(desa__kecamatan__in=kecamatan)
        if not kecamatan:
            raise Http404
    shown = request.GET.get("tampil", "")
    if shown == "belum":
        officials = officials.filter(verified_at__isnull=True)
    page = Paginator(officials, ROSTER_PAGE).get_page(request.GET.get("halaman"))
    return render(
        request,
        "iuran/roster.html",
        {
            "officials": page,
            "page": page,
            "pmd": pmd,
            "verifier_offices": set(kecamatan),
            "shown": shown,
            "report": None,
        },
    )


@login_required
def roster_import(request: HttpRequest) -> HttpResponse:
    office = _office(request)
    report = None
    posted = request.method == "POST"
    form = RosterImportForm(
        request.POST if posted else None, request.FILES if posted else None, owner=request.user
    )
    if posted and form.is_valid():
        upload = form.cleaned_data["berkas"]
        report = import_roster(
            content=upload.read(),
            filename=upload.name,
            actor=request.user,
            today=timezone.localdate(),
        )
        if report.ok:  # saved: the next import starts from an empty form
            form = RosterImportForm(owner=request.user)
    return render(
        request, "iuran/roster_import.html", {"report": report, "office": office, "form": form}
    )


@login_required
@require_POST
def verify(request: HttpRequest, pk: int) -> HttpResponse:
    official = get_object_or_404(Official.objects.select_related("desa__kecamatan"), pk=pk)
    try:
        verify_official(official=official, actor=request.user, at=timezone.now())
    except PermissionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{official.name} diverifikasi.")
    return redirect(request.POST.get("next") or "iuran:roster")


@login_required
def edit_official(request: HttpRequest, pk: int) -> HttpResponse:
    _office(request)
    official = get_object_or_404(Official.objects.select_related("desa"), pk=pk)
    initial = {
        "siltap": official.siltap,
        "jabatan": official.jabatan,
        "bpjs_number": official.bpjs_number,
        "ends_on": official.ends_on,
    }
    form = OfficialForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            update_official(official=official, actor=request.user, **form.cleaned_data)
        except TableError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Data {official.name} disimpan.")
            return redirect(request.POST.get("next") or "iuran:roster")
    return render(request, "iuran/official.html", {"form": form, "official": official})
