"""Excel exports: an office's step records for a period (for the inspectorate) and the
monitoring forms. Step records carry no applicant's name or number, only the case code."""

import io

from django.http import HttpResponse
from django.utils import timezone

from tertib.cases.models import StepRecord
from tertib.lib.text import spreadsheet_row
from tertib.org.models import Office
from tertib.reports.figures import Period
from tertib.reports.models import MonitoringForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STEP_COLUMNS = [
    ("Kode lacak", 14),
    ("SOP", 28),
    ("Versi", 6),
    ("Langkah", 8),
    ("Pelaksana", 14),
    ("Tiba", 17),
    ("Diambil", 17),
    ("Selesai", 17),
    ("Diselesaikan oleh", 24),
    ("Sebagai", 24),
    ("Hasil", 10),
    ("Tunggu (menit kerja)", 10),
    ("Proses (menit kerja)", 10),
    ("Mutu baku (menit kerja)", 10),
    ("Dalam mutu baku", 10),
]


def xlsx_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _local(moment, office: Office):
    """A moment on the office's clock, as Excel wants it (no zone)."""
    return timezone.localtime(moment, office.tz).replace(tzinfo=None) if moment else None


def step_records(office: Office, period: Period) -> bytes:
    """Every step finished in the period, one row each, streamed so a big office fits."""
    from openpyxl import Workbook  # slow import, only for the export

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(f"Langkah {period.start:%Y-%m-%d}")
    for index, (_, width) in enumerate(STEP_COLUMNS):
        sheet.column_dimensions[chr(65 + index)].width = width
    sheet.append(spreadsheet_row([f"Catatan langkah {office.name}, {period}"]))
    sheet.append([name for name, _ in STEP_COLUMNS])
    lo, hi = period.bounds()
    records = (
        StepRecord.objects.filter(office=office, completed_at__gte=lo, completed_at__lt=hi)
        .select_related("case__sop_version__sop", "completed_by")
        .order_by("completed_at", "pk")
    )
    for record in records.iterator(chunk_size=2000):
        sheet.append(spreadsheet_row(_step_row(record, office)))
    return _saved(workbook)


def _step_row(record: StepRecord, office: Office) -> list:
    """Words, not codes: the SOP's name, the pelaksana as the SOP names it, the outcome's label."""
    total = (record.waiting_minutes or 0) + (record.handling_minutes or 0)
    version = record.case.sop_version
    definition = version.definition
    pelaksana = {p.kode: p.nama for p in definition.pelaksana}
    return [
        record.case.code,
        definition.nama,
        version.number,
        record.step_no,
        pelaksana.get(record.pelaksana, record.pelaksana),
        _local(record.arrived_at, office),
        _local(record.claimed_at, office),
        _local(record.completed_at, office),
        record.completed_by.get_full_name() or record.completed_by.username,
        record.signed_as,
        record.get_outcome_display(),
        record.waiting_minutes,
        record.handling_minutes,
        record.mutu_baku_minutes,
        "ya" if total <= record.mutu_baku_minutes else "tidak",
    ]


def monitoring_form(form: MonitoringForm) -> bytes:
    """The form as the Permenpan table: No, Prosedur, Penilaian, Catatan, Tindakan, Paraf."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Monitoring"
    sheet.append(["MONITORING PELAKSANAAN SOP ADMINISTRASI PEMERINTAHAN"])
    sheet.append(spreadsheet_row([form.office.name]))
    sheet.append([f"Periode {Period(form.period_start, form.period_end)}"])
    sheet.append([])
    sheet.append(
        [
            "No",
            "Prosedur",
            "Penilaian",
            "Catatan hasil penilaian",
            "Tindakan yang harus diambil",
            "Paraf penilai",
        ]
    )
    paraf = form.paraf or "(draf, belum diparaf)"
    for row in form.rows.all():
        sheet.append(
            spreadsheet_row([row.order, row.procedure, row.grade, row.notes, row.action, paraf])
        )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEF", [5, 36, 22, 70, 40, 24], strict=True):
        sheet.column_dimensions[column].width = width
    for line in sheet.iter_rows(min_row=6):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return _saved(workbook)


def _saved(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
