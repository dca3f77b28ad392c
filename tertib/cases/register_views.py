import io

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from tertib.cases.documents import masked_name
from tertib.cases.models import Register
from tertib.forms import BadInput
from tertib.lib.dates import tanggal
from tertib.lib.text import is_ascii_digits, spreadsheet_row
from tertib.org.access import my_offices

COLUMNS = ["No", "Nomor", "Tanggal", "Perihal", "Kode lacak", "Dicatat oleh", "Dicabut"]


def _register(request: HttpRequest, office: str, kode: str) -> Register:
    """The register, if the user works in its office or reads every office's books."""
    register = get_object_or_404(
        Register.objects.select_related("office"), office__slug=office, kode=kode
    )
    if not (_personal(request, register) or request.user.has_perm("org.view_every_office")):
        raise Http404
    return register


def _personal(request: HttpRequest, register: Register) -> bool:
    """Only the office that handles the cases sees who the applicants are."""
    return register.office in my_offices(request)


def _entries(register: Register, year: int):
    return (
        register.entries.filter(year=year).select_related("case", "entered_by").order_by("number")
    )


@login_required
def book(request: HttpRequest, office: str, kode: str) -> HttpResponse:
    """The register book of one year, as a page."""
    register = _register(request, office, kode)
    year = _year(request)
    return render(
        request,
        "cases/register.html",
        {
            "register": register,
            "year": year,
            "entries": _entries(register, year),
            "personal": _personal(request, register),
        },
    )


@login_required
def book_xlsx(request: HttpRequest, office: str, kode: str) -> HttpResponse:
    """The same register book as an Excel file."""
    from openpyxl import Workbook  # slow import, only for the export

    register = _register(request, office, kode)
    year = _year(request)
    personal = _personal(request, register)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Register {year}"
    sheet.append(spreadsheet_row([f"{register.name} — {register.office.name} — tahun {year}"]))
    sheet.append(COLUMNS)
    for entry in _entries(register, year):
        sheet.append(
            spreadsheet_row(
                [
                    entry.number,
                    entry.formatted,
                    entry.entered_on,
                    entry.subject if personal else masked_name(entry.subject),
                    entry.case.code,
                    entry.entered_by.get_full_name(),
                    _revoked(entry),
                ]
            )
        )
    for column, width in zip("ABCDEFG", [6, 32, 12, 40, 14, 24, 40], strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="register-{kode}-{year}.xlsx"'
    return response


def _year(request: HttpRequest) -> int:
    text = request.GET.get("tahun", "").strip()
    if not text:
        return timezone.localdate().year
    if not is_ascii_digits(text) or not 2000 <= int(text[:5]) <= 2100:
        raise BadInput("Tahun: tulis empat angka antara 2000 dan 2100, misalnya 2026.")
    return int(text)


def _revoked(entry) -> str:
    if entry.revoked_at is None:
        return ""
    return f"{tanggal(timezone.localdate(entry.revoked_at))}: {entry.revoked_reason}"
