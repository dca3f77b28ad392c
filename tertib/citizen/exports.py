"""The raw SKM answers of a period as a spreadsheet, for the office's own analysis. No personal
data: no case code (it leads to the applicant), no name; free text had long numbers removed
when it was entered."""

import io

from django.utils import timezone

from tertib.citizen.models import SurveyResponse
from tertib.citizen.skm import ELEMENTS
from tertib.org.models import Office
from tertib.reports.exports import xlsx_response
from tertib.reports.figures import Period

__all__ = ["answers_xlsx", "xlsx_response"]
COLUMNS = [
    ("No", 6),
    ("Layanan (SOP)", 28),
    ("Tanggal diisi", 12),
    ("Cara", 12),
    *[(f"U{e.no} {e.name}", 12) for e in ELEMENTS],
    ("Umur", 6),
    ("Jenis kelamin", 12),
    ("Pendidikan", 12),
    ("Pekerjaan", 16),
    ("Saran dan masukan", 50),
]


def answers_xlsx(office: Office, period: Period) -> bytes:
    from openpyxl import Workbook  # slow import, only for the export

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(f"SKM {period.start:%Y-%m-%d}")
    for index, (_, width) in enumerate(COLUMNS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.append([title for title, _ in COLUMNS])
    for number, response in enumerate(_answers(office, period), start=1):
        sheet.append(_row(number, response))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _answers(office: Office, period: Period):
    lo, hi = period.bounds()
    return (
        SurveyResponse.objects.filter(office=office, answered_at__gte=lo, answered_at__lt=hi)
        .select_related("sop")
        .order_by("answered_at", "pk")
        .iterator()
    )


def _row(number: int, response: SurveyResponse) -> list:
    return [
        number,
        response.sop.kode,
        timezone.localtime(response.answered_at).date(),
        response.get_channel_display(),
        *response.answers,
        response.age,
        response.get_sex_display(),
        response.get_education_display(),
        response.get_occupation_display(),
        response.saran,
    ]
