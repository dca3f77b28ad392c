from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, Window
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST

from tertib.cases import documents, engine, storage
from tertib.cases.actions import ActionError, prove_password
from tertib.cases.clock import mutu_baku_minutes
from tertib.cases.documents import pdf_response
from tertib.cases.engine import (
    Stale,
    cancel_case,
    claim_step,
    complete_step,
    reject_case,
    resume_case,
)
from tertib.cases.forms import ActionForm, IntakeForm, RevokeForm, SearchForm, StepForm
from tertib.cases.models import Attachment, Case, IssuedDocument, StepRecord
from tertib.cases.public_views import typed_code
from tertib.cases.requests import take_in
from tertib.cases.revocation import may_revoke, may_revoke_as, revoke_document
from tertib.cases.search import SEARCH_LIMIT, found_cases, terms
from tertib.cases.uploads import UploadError
from tertib.org.access import my_offices
from tertib.org.models import Office
from tertib.org.throttle import client_address
from tertib.sop import services
from tertib.sop.access import office_sops
from tertib.sop.models import Sop, source_fields


def _today():
    return timezone.localdate()


def my_case(request: HttpRequest, code: str) -> Case:
    """The case, if the user works in its office; otherwise it does not exist for them."""
    return _my_case_and_kodes(request, code)[0]


def _my_case_and_kodes(request: HttpRequest, code: str) -> tuple[Case, set[str]]:
    """The case and the pelaksana kodes the user may act as in its office (at least one)."""
    cases = Case.objects.select_related("office", "sop_version__sop")
    case = get_object_or_404(cases.defer(*source_fields("sop_version")), code=code)
    kodes = my_offices(request).get(case.office, set())
    if not kodes:
        raise Http404
    return case, kodes


WORKLIST_PAGE = 25  # rows per page of the worklist, the most urgent first
WORKLIST_FIELDS = [
    *("step_no", "arrived_at", "due_at", "completed_at", "mutu_baku_minutes", "case"),
    *("case__code", "case__subject", "case__deadline", "case__sop_version"),
]


@login_required
def worklist(request: HttpRequest) -> HttpResponse:
    """What waits for me in each of my offices: a step with an outside limit first, then by due
    time, so the late ones lead; the cases back with their applicant, newest first."""
    if request.GET.get("kode"):  # the search box's earlier name
        return search(request)
    now, today = timezone.now(), _today()
    kodes = my_offices(request)
    page, late = _waiting_page(
        StepRecord.objects.waiting_for(kodes), request.GET.get("halaman"), now
    )
    returned = Case.objects.returned_to_applicant(list(kodes)).select_related("sop_version")
    returned = returned.only("code", "subject", "note", "sop_version__content_hash")
    returned = list(returned[: WORKLIST_PAGE + 1])  # one more says whether there are more
    return render(
        request,
        "cases/worklist.html",
        {
            "page": page,
            "late": late,
            "rows": [
                {
                    "record": r,
                    "case": r.case,
                    "late": r.is_overdue(now),
                    "past_deadline": bool(r.case.deadline and r.case.deadline < today),
                    "kegiatan": _kegiatan(r),
                }
                for r in page
            ],
            "returned": returned[:WORKLIST_PAGE],
            "returned_more": len(returned) > WORKLIST_PAGE,
            "startable": _startable(request, kodes),
            "extras": [
                html
                for service in services.SERVICES.values()
                for extra in service.worklist
                if (html := extra(request))
            ],
            "notices": request.user.notices.filter(case__state=Case.State.BERJALAN)
            .select_related("case")
            .only("kind", "message", "created_at", "case__code")[:20],
        },
    )


class CountedPaginator(Paginator):
    """A paginator told its count, which the worklist reads with the late steps in one query."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


def _late(now) -> Q:
    """A step past its due time, or of a case past its outside limit (a bill's due date)."""
    return Q(due_at__lt=now) | Q(case__deadline__lt=timezone.localdate(now))


def _waiting_page(records, asked: str | None, now) -> tuple[Page, int]:
    """The page of waiting steps asked for and how many steps are late, the counts read with the
    page's rows (window counts); an empty worklist, or a page past its end, counts apart."""
    rows = records.select_related("case__sop_version").only(
        *WORKLIST_FIELDS, "case__sop_version__content_hash"
    )
    number = _page_number(asked)
    if number is not None:
        counted = rows.annotate(
            waiting_total=Window(Count("pk")),
            late_total=Window(Count("pk", filter=_late(now))),
        )
        fetched = list(counted[(number - 1) * WORKLIST_PAGE : number * WORKLIST_PAGE])
        if fetched or number == 1:  # nothing on the first page: nothing waits
            total, late = (fetched[0].waiting_total, fetched[0].late_total) if fetched else (0, 0)
            return Page(fetched, number, CountedPaginator(rows, WORKLIST_PAGE, count=total)), late
    waiting, late = _waiting_and_late(records, now)
    return CountedPaginator(rows, WORKLIST_PAGE, count=waiting).get_page(asked), late


def _page_number(asked: str | None) -> int | None:
    """The page asked for (the first when none), or None for what only the paginator can judge
    (not a number, or a page past the end)."""
    if not asked:
        return 1
    return int(asked) if asked.isdigit() and int(asked) > 0 else None


def _waiting_and_late(records, now) -> tuple[int, int]:
    """How many steps wait, and how many of them are past their due time: one query."""
    counts = records.order_by().aggregate(waiting=Count("pk"), late=Count("pk", filter=_late(now)))
    return counts["waiting"], counts["late"]


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """The counter's search: open and returned requests by name, NIK/KK or tracking code; in
    the user's offices with names in full, and for the Bagian Organisasi in every office, masked.
    A tracking code of one of the user's offices opens its page."""
    typed = request.GET.get("cari") or request.GET.get("kode", "")
    query = SearchForm({"cari": typed}).query()
    mine = list(my_offices(request))
    code = typed_code(query)
    if code and Case.objects.filter(code=code, office__in=mine).exists():
        return redirect("cases:detail", code)
    every = request.user.has_perm("org.view_every_office")
    rows = found_cases(query=query, offices=Office.objects.all() if every else mine, mine=mine)
    return render(
        request,
        "cases/search.html",
        {
            "query": query,
            "too_short": not terms(query),
            "rows": rows[:SEARCH_LIMIT],
            "more": len(rows) > SEARCH_LIMIT,
            "every": every,
        },
    )


def _kegiatan(record: StepRecord) -> str:
    return record.case.sop_version.definition.step(record.step_no).kegiatan


def _startable(request: HttpRequest, kodes: dict[Office, set[str]]) -> list[tuple]:
    """The SOPs whose first step the user may take in, per office."""
    sops = office_sops(request)
    result = []
    for office, office_kodes in kodes.items():
        for sop in (sop for sop in sops if sop.office_slug == office.slug):
            definition = sop.current_version.definition
            if definition.langkah[0].pelaksana[0] in office_kodes and definition.layanan.formulir:
                result.append((office, sop, definition))
    return result


@login_required
def new_case(request: HttpRequest, kode: str) -> HttpResponse:
    sop = get_object_or_404(Sop.objects.select_related("current_version"), kode=kode)
    offices = [o for o in my_offices(request) if o.slug == sop.office_slug]
    if not offices or not sop.current_version.definition.layanan.formulir:
        raise Http404
    office = offices[0]
    # New requests take the version in force today (an approved version may wait for its date).
    version = sop.version_on(timezone.localdate(timezone=office.tz)) or sop.current_version
    form = IntakeForm(
        request.POST or None,
        request.FILES or None,
        definition=version.definition,
        office=office,
        today=_today(),
        owner=request.user,
    )
    if request.method == "POST" and form.is_valid():
        case = _take_in(request, form, version, office)
        if case is not None:
            return redirect("cases:detail", case.code)
    return render(
        request, "cases/new.html", {"form": form, "sop": version.definition, "office": office}
    )


def _take_in(request: HttpRequest, form: IntakeForm, version, office) -> Case | None:
    scans = [(kode, label, upload.name, upload.read()) for kode, label, upload in form.scans()]
    try:
        case = take_in(
            sop_version=version,
            office=office,
            actor=request.user,
            subject=form.subject(),
            intake=form.intake(),
            checklist=form.checklist(),
            scans=scans,
            decision=form.decision(),
            note=form.cleaned_data.get("catatan", ""),
            given=form.step_input(address=client_address(request)),
        )
    except (UploadError, ActionError) as error:
        form.add_error(None, str(error))
        return None
    if case.state == Case.State.MENUNGGU_PEMOHON:
        messages.warning(
            request,
            f"Permohonan dicatat dengan kode lacak {case.code} dan dikembalikan ke pemohon: "
            "cetak slip pengembalian.",
        )
    else:
        messages.success(request, f"Permohonan dicatat dengan kode lacak {case.code}.")
    return case


@login_required
def detail(request: HttpRequest, code: str) -> HttpResponse:
    case, kodes = _my_case_and_kodes(request, code)
    return _detail_page(request, case, kodes)


def refused_page(request: HttpRequest, code: str) -> HttpResponse:
    """The case page again with status 400, for a service's form that was refused: its panel
    shows the form as typed (the service keeps the bound form on the request)."""
    case, kodes = _my_case_and_kodes(request, code)
    return _detail_page(request, case, kodes, status=400)


def _detail_page(
    request: HttpRequest,
    case: Case,
    kodes: set[str],
    form=None,
    status=200,
    refused=None,
    revoke_form=None,
):
    definition = case.sop_version.definition
    records = list(case.records.select_related("claimed_by", "completed_by").order_by("pk"))
    record = next((r for r in records if r.completed_at is None), None)
    step = definition.step(record.step_no) if record else None
    last_stage = bool(step) and record.stage + 1 == len(step.pelaksana)
    may_act = bool(record) and record.pelaksana in kodes
    if may_act and form is None:
        form = StepForm(
            initial={"record": record.pk, "ada": case.checklist},
            definition=definition,
            step=step,
            last_stage=last_stage,
        )
    resume_step = definition.step(case.current_step)
    issued = list(case.documents.all())
    context = {
        "case": case,
        "sop": definition,
        "record": record,
        "step": step,
        "form": form if may_act else None,
        "aksi": definition.aksi(step.no) if step else None,
        "last_stage": last_stage,
        "may_act": may_act,
        "may_reject": may_act and definition.aksi(step.no).tolak,
        "noun": services.case_noun(definition),
        "may_resume": case.state == Case.State.MENUNGGU_PEMOHON
        and resume_step is not None
        and resume_step.pelaksana[0] in kodes,
        "may_cancel": case.is_open and definition.langkah[0].pelaksana[0] in kodes,
        "records": records,
        "steps": {s.no: s for s in definition.langkah},
        # A paraf chain's records each carry their share; the page shows the step's whole time.
        "step_minutes": {
            s.no: mutu_baku_minutes(s.mutu_baku.parsed_waktu)
            for s in definition.langkah
            if len(s.pelaksana) > 1
        },
        "past_deadline": case.days_past_deadline(_today()),
        "pelaksana": {p.kode: p.nama for p in definition.pelaksana},
        "fields": documents.case_context(case)["fields"],
        "attachments": case.attachments.all(),
        "issued": issued,
        "revoke_form": revoke_form
        or _revoke_form(
            request,
            case,
            issued,
            allowed=may_revoke_as(
                request.user, documents.latest_signing(definition, records), kodes
            ),
        ),
        "persyaratan": definition.layanan.persyaratan,
        "panels": _panels(request, case, record, may_act),
        "refused": request.resolver_match.url_name if refused is not None else "",
        "typed": refused or {},
    }
    with timezone.override(case.office.tz):
        return render(request, "cases/detail.html", context, status=status)


def _revoke_form(
    request: HttpRequest, case: Case, issued, data=None, allowed: bool | None = None
) -> RevokeForm | None:
    """The *Cabut dokumen* form, for the official who may revoke the case's documents in force
    (`allowed` when the caller already knows, from what it read)."""
    in_force = [document for document in issued if document.revoked_at is None]
    if not in_force:
        return None
    if allowed is None:
        allowed = may_revoke(request.user, case, _today())
    return RevokeForm(data, documents=in_force) if allowed else None


@login_required
@require_POST
def revoke(request: HttpRequest, code: str) -> HttpResponse:
    """Withdraw an issued document with a reason; it then verifies as DICABUT."""
    case, kodes = _my_case_and_kodes(request, code)
    form = _revoke_form(request, case, case.documents.all(), request.POST)
    if form is None:
        raise Http404
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return _detail_page(request, case, kodes, status=400, revoke_form=form)
    document = get_object_or_404(IssuedDocument, case=case, pk=form.cleaned_data["dokumen"])
    try:
        revoke_document(document=document, actor=request.user, reason=form.cleaned_data["alasan"])
    except ActionError as error:
        messages.error(request, str(error))
        return _detail_page(request, case, kodes, status=400, revoke_form=form)
    messages.success(request, f"{document.get_kind_label()} dicabut.")
    return redirect("cases:detail", case.code)


def _panels(request: HttpRequest, case: Case, record, may_act: bool) -> list[str]:
    """The blocks that services add to the page of a case whose SOP uses them."""
    return [
        html
        for service in services.used_by(case.sop_version.definition)
        for panel in service.panels
        if (html := panel(request, case, record, may_act))
    ]


def _act(request: HttpRequest, code: str, action) -> HttpResponse:
    """One of the page's small forms; refused, the page comes back with the reason or note as
    typed in the form that was sent (`typed` and `refused`, its url name)."""
    case, kodes = _my_case_and_kodes(request, code)
    try:
        action(case)
    except Stale as error:
        messages.info(request, str(error))
    except ActionError as error:
        messages.error(request, str(error))
        return _detail_page(request, case, kodes, status=400, refused=request.POST)
    return redirect("cases:detail", case.code)


def _record_id(posted: dict) -> int:
    if posted["record"] is None:
        raise Http404
    return posted["record"]


@login_required
@require_POST
def claim(request: HttpRequest, code: str) -> HttpResponse:
    return _act(
        request,
        code,
        lambda case: claim_step(
            case=case, record_id=_record_id(ActionForm(request.POST).checked()), actor=request.user
        ),
    )


@login_required
@require_POST
def complete(request: HttpRequest, code: str) -> HttpResponse:
    """Finish the open step; a refused input comes back with everything as typed."""
    case, kodes = _my_case_and_kodes(request, code)
    definition = case.sop_version.definition
    record = engine.open_record(case)
    if record is None or str(record.pk) != request.POST.get("record"):
        messages.info(request, "Langkah ini sudah diproses.")
        return redirect("cases:detail", case.code)
    step = definition.step(record.step_no)
    last_stage = record.stage + 1 == len(step.pelaksana)
    form = StepForm(request.POST, definition=definition, step=step, last_stage=last_stage)
    if form.is_valid():
        try:
            given = prove_password(
                case=case,
                record=record,
                decision=form.decision(),
                actor=request.user,
                given=form.step_input(address=client_address(request)),
            )
            complete_step(
                case=case,
                record_id=record.pk,
                actor=request.user,
                decision=form.decision(),
                note=form.cleaned_data["catatan"],
                given=given,
            )
        except Stale as error:
            messages.info(request, str(error))
        except ActionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Langkah {step.no} selesai.")
            return redirect("cases:detail", case.code)
        if not form.errors:
            return redirect("cases:detail", case.code)
    return _detail_page(request, case, kodes, form=form, status=400)


@login_required
@require_POST
def resume(request: HttpRequest, code: str) -> HttpResponse:
    return _act(
        request,
        code,
        lambda case: resume_case(
            case=case, actor=request.user, note=ActionForm(request.POST).checked()["catatan"]
        ),
    )


@login_required
@require_POST
def reject(request: HttpRequest, code: str) -> HttpResponse:
    return _act(
        request,
        code,
        lambda case: reject_case(
            case=case,
            record_id=_record_id(posted := ActionForm(request.POST).checked()),
            actor=request.user,
            reason=posted["alasan"],
        ),
    )


@login_required
@require_POST
def cancel(request: HttpRequest, code: str) -> HttpResponse:
    return _act(
        request,
        code,
        lambda case: cancel_case(
            case=case, actor=request.user, reason=ActionForm(request.POST).checked()["alasan"]
        ),
    )


@login_required
def receipt(request: HttpRequest, code: str) -> HttpResponse:
    case = my_case(request, code)
    pdf = documents.render_pdf("cases/receipt.html", documents.receipt_context(case))
    return pdf_response(pdf, f"tanda-terima-{case.code}.pdf")


@login_required
def return_slip(request: HttpRequest, code: str) -> HttpResponse:
    case = my_case(request, code)
    pdf = documents.render_pdf("cases/return_slip.html", documents.return_slip_context(case))
    return pdf_response(pdf, f"slip-pengembalian-{case.code}.pdf")


@login_required
def issued(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """A final document as it was issued, byte for byte."""
    case = my_case(request, code)
    document = get_object_or_404(IssuedDocument, case=case, pk=pk)
    return pdf_response(documents.stored_pdf(document), f"{document.kind}-{case.code}.pdf")


@login_required
def attachment(request: HttpRequest, code: str, pk: int) -> FileResponse:
    """A scan, under a name of ours with the extension of its checked type."""
    case = my_case(request, code)
    item = get_object_or_404(Attachment, case=case, pk=pk)
    return FileResponse(
        storage.private().open(item.path, "rb"),
        content_type=item.content_type,
        filename=storage.download_name(f"{item.requirement}-{case.code}", item.content_type),
    )
