"""Pages for citizens: no login, no personal data beyond a masked name, no word typed by staff;
each address may look up PUBLIC_LOOKUPS_PER_MINUTE codes a minute."""

import re

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from tertib.cases.clock import calendar, local, total_mutu_baku_minutes
from tertib.cases.documents import shown_subject
from tertib.cases.engine import open_record
from tertib.cases.issuing import rendered
from tertib.cases.models import Case, IssuedDocument
from tertib.cases.signing import stored_signature
from tertib.org.throttle import rate_limited

# What a citizen reads about each state: fixed sentences, never a note typed by staff (a return
# note may carry a NIK or an address).
STATE_SENTENCES = {
    Case.State.BERJALAN: "Permohonan Anda sedang diproses oleh petugas.",
    Case.State.MENUNGGU_PEMOHON: (
        "Permohonan dikembalikan kepada Anda. Datanglah ke kantor dengan membawa slip "
        "pengembalian atau tanda terima; petugas menjelaskan apa yang perlu dilengkapi."
    ),
    Case.State.SELESAI: "Permohonan selesai diproses.",
    Case.State.DITOLAK: (
        "Permohonan tidak dapat dikabulkan. Alasannya dapat ditanyakan di kantor dengan "
        "membawa tanda terima."
    ),
    Case.State.DIBATALKAN: (
        "Permohonan dibatalkan. Keterangannya dapat ditanyakan di kantor dengan membawa "
        "tanda terima."
    ),
}


def typed_code(text: str) -> str:
    """A code as typed at home: any case, spaces or no dashes; "und 7kqm x3pa 9rte" and
    "UND7KQMX3PA9RTE" both become UND-7KQM-X3PA-9RTE. Older six-letter codes keep their dash."""
    code = text.strip().upper()[:40]
    compact = re.sub(r"[^A-Z0-9]", "", code)
    if len(compact) in (14, 15):
        body = compact[-12:]
        return "-".join([compact[:-12], body[:4], body[4:8], body[8:]])
    return code


def track_form(request: HttpRequest) -> HttpResponse:
    code = typed_code(request.GET.get("kode", ""))
    if code:
        return redirect("public:track", code)
    return render(request, "public/track_form.html")


@rate_limited("lacak")
def track(request: HttpRequest, code: str) -> HttpResponse:
    code = typed_code(code)
    case = Case.objects.filter(code=code).select_related("office", "sop_version").first()
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
                "sentence": STATE_SENTENCES[case.state],
                # What to bring back: the SOP's own words for the papers not ticked, never a note.
                "missing": [
                    s.nama for s in definition.layanan.persyaratan if s.kode not in case.checklist
                ]
                if case.state == Case.State.MENUNGGU_PEMOHON
                else [],
                # A request back with its applicant is promised no finishing time.
                "expected": _expected_finish(case, definition)
                if case.state == Case.State.BERJALAN
                else None,
            },
        )


def _expected_finish(case: Case, definition):
    """Now plus the mutu baku of the steps still ahead, in office time."""
    current = case.current_step or definition.langkah[0].no
    ahead = [s for s in definition.langkah if s.no >= current]
    minutes = total_mutu_baku_minutes(ahead)
    moment = calendar().add_office_minutes(local(timezone.now(), case.office.tz), minutes)
    return moment


@rate_limited("verifikasi")
def verify(request: HttpRequest, code: str) -> HttpResponse:
    document = (
        IssuedDocument.objects.filter(code=code.strip().upper()[:40])
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
            "signature": stored_signature(rendered(document).path) if document else None,
        },
        status=200 if document else 404,
    )
