"""Pages for citizens: no login, no personal data beyond a masked name."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from tertib.cases.clock import calendar, local, total_mutu_baku_minutes
from tertib.cases.documents import shown_subject, stored_path
from tertib.cases.engine import open_record
from tertib.cases.models import Case, IssuedDocument
from tertib.cases.signing import stored_signature


def track_form(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("kode", "").strip().upper()
    if code:
        return redirect("public:track", code)
    return render(request, "public/track_form.html")


def track(request: HttpRequest, code: str) -> HttpResponse:
    case = Case.objects.filter(code=code.upper()).select_related("office", "sop_version").first()
    if case is None:
        return render(
            request,
            "public/track_form.html",
            {"error": f"Kode lacak {code} tidak ditemukan."},
            status=404,
        )
    definition = case.sop_version.definition
    record = open_record(case)
    step = next((s for s in definition.langkah if record and s.no == record.step_no), None)
    with timezone.override(case.office.tz):
        return render(
            request,
            "public/track.html",
            {
                "case": case,
                "sop": definition,
                "step": step,
                "name": shown_subject(case),
                "expected": _expected_finish(case, definition) if case.is_open else None,
            },
        )


def _expected_finish(case: Case, definition):
    """Now plus the mutu baku of the steps still ahead, in office time."""
    current = case.current_step or definition.langkah[0].no
    ahead = [s for s in definition.langkah if s.no >= current]
    minutes = total_mutu_baku_minutes(ahead)
    moment = calendar().add_office_minutes(local(timezone.now(), case.office.tz), minutes)
    return moment


def verify(request: HttpRequest, code: str) -> HttpResponse:
    document = (
        IssuedDocument.objects.filter(code=code.upper())
        .select_related("case", "case__office")
        .first()
    )
    return render(
        request,
        "public/verify.html",
        {
            "document": document,
            "code": code,
            "name": shown_subject(document.case) if document else "",
            "signature": stored_signature(stored_path(document)) if document else None,
        },
        status=200 if document else 404,
    )
