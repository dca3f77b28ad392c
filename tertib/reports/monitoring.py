"""The six-monthly Monitoring Pelaksanaan SOP AP, filled from what the records show.

The facts propose a grade and write the notes; the assessor may change both, types the action to
take, and finalises the form with their password. A final form is a stored PDF with a QR to its
public verification page and never changes again.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tertib.cases import storage
from tertib.cases.audit import record_event
from tertib.cases.clock import calendar
from tertib.cases.documents import new_document_code, public_url, qr_data_uri, render_pdf
from tertib.cases.signing import SigningError, sign_pdf
from tertib.lib.dates import tanggal
from tertib.lib.durations import minutes_text
from tertib.lib.stats import percent_text, share, times_text
from tertib.lib.text import strip_bidi
from tertib.org.access import assignment_for
from tertib.org.models import Office
from tertib.org.throttle import Throttled, verify_password
from tertib.reports.figures import OfficeFigures, Period, SopFigure, office_figures
from tertib.reports.models import MonitoringForm, MonitoringRow, ReportAction

TEXT_MAX = 2000  # a note or an action on one row of the form


class MonitoringError(Exception):
    """The change is refused; the message names the field, in Indonesian."""


@dataclass
class Proposal:
    grade: str
    reasons: list[str]


def propose(figure: SopFigure, grades: list[str]) -> Proposal:
    """Each condition of the rule that the facts miss moves the grade one step down the list."""
    if not figure.has_steps_done:
        return Proposal("", ["Belum ada langkah yang selesai pada periode ini."])
    missed = []
    share = figure.share_within
    if share is not None and share * 100 < settings.MONITORING_MIN_SHARE:
        missed.append(
            f"hanya {percent_text(share)} permohonan selesai dalam mutu baku total "
            f"(batas {settings.MONITORING_MIN_SHARE} %)"
        )
    limit = settings.MONITORING_MAX_P90_RATIO
    slow = [s for s in figure.ordered_steps if s.count and s.ratio > limit]
    if slow:
        names = ", ".join(f"langkah {s.step_no} ({s.pelaksana})" for s in slow)
        missed.append(f"p90 {names} lebih dari {times_text(limit)} mutu bakunya")
    return Proposal(grades[min(len(missed), len(grades) - 1)], missed)


def notes_for(figure: SopFigure) -> str:
    """The facts that decided the grade, as the assessor would write them."""
    per_day = calendar().minutes_per_day()
    lines = [
        f"{figure.started} permohonan masuk, {figure.finished} selesai, {figure.rejected} ditolak, "
        f"{figure.cancelled} dibatalkan; {figure.open_now} masih berjalan."
    ]
    if figure.case_totals:
        lines.append(
            f"{percent_text(figure.share_within)} permohonan selesai dalam mutu baku total "
            f"({minutes_text(figure.total_mutu_baku, per_day)})."
        )
    late = sorted(
        (s for s in figure.steps.values() if s.count and s.ratio > 1),
        key=lambda s: -s.ratio,
    )
    for step in late:
        lines.append(
            f"Langkah {step.step_no} ({step.pelaksana}) terlambat: p90 "
            f"{minutes_text(step.total_p90, per_day)} terhadap mutu baku "
            f"{minutes_text(step.mutu_baku, per_day)} ({times_text(step.ratio)}, lebih "
            f"{minutes_text(step.total_p90 - step.mutu_baku, per_day)}); "
            f"{percent_text(step.share_within)} dalam mutu baku."
        )
    if figure.started:
        returned, rejected = (share(n, figure.started) for n in (figure.returned, figure.rejected))
        lines.append(
            f"Dikembalikan {figure.returned} kali "
            f"({percent_text(returned)} dari permohonan masuk); "
            f"ditolak {figure.rejected} ({percent_text(rejected)})."
        )
    if figure.late_now:
        lines.append(f"Saat ini {figure.late_now} langkah melewati mutu baku.")
    return "\n".join(lines)


def facts_of(figure: SopFigure) -> dict:
    """What the form keeps of the figures, so a final form needs no recomputation."""
    bottleneck = figure.bottleneck
    return {
        "masuk": figure.started,
        "selesai": figure.finished,
        "ditolak": figure.rejected,
        "dibatalkan": figure.cancelled,
        "dikembalikan": figure.returned,
        "berjalan": figure.open_now,
        "dalam_mutu_baku": figure.share_within,
        "mutu_baku_total": figure.total_mutu_baku,
        "langkah_terlambat": bottleneck.label if bottleneck else "",
    }


def grades() -> list[str]:
    """The grade list of the settings, best first."""
    return list(settings.MONITORING_GRADES)


def assessor_title(user, office: Office) -> str | None:
    """How the user signs as the office's assessor today; None when they are not one."""
    today = timezone.localdate()
    for kode in settings.MONITORING_ASSESSORS:
        assignment = assignment_for(user, office=office, kode=kode, on=today)
        if assignment is not None:
            return assignment.signature_title
    return None


def draft_rows(figures: OfficeFigures, grades: list[str]) -> list[dict]:
    """The rows the facts propose, one per SOP of the office."""
    rows = []
    for order, figure in enumerate(figures.sops, start=1):
        proposal = propose(figure, grades)
        rows.append(
            {
                "order": order,
                "sop": figure.sop,
                "procedure": figure.name,
                "proposed_grade": proposal.grade,
                "grade": proposal.grade,
                "notes": notes_for(figure),
                "facts": {**facts_of(figure), "alasan": proposal.reasons},
            }
        )
    return rows


def recap(period: Period) -> list[tuple[Office, MonitoringForm | None, list]]:
    """Every office's rows for the period: its saved form's, else those the facts propose."""
    forms = MonitoringForm.objects.filter(period_start=period.start, period_end=period.end)
    forms = forms.select_related("finalised_by").prefetch_related("rows")
    by_office = {form.office_id: form for form in forms}
    recap = []
    for office in Office.objects.all():
        form = by_office.get(office.pk)
        if form is not None:
            rows = list(form.rows.all())
        else:
            rows = draft_rows(office_figures(office, period), grades())
        if rows:
            recap.append((office, form, rows))
    return recap


@transaction.atomic
def open_form(*, office: Office, period: Period, actor) -> MonitoringForm:
    """Start the office's form for the period, with grades and notes proposed from the facts."""
    _require_assessor(actor, office)
    existing = MonitoringForm.objects.filter(
        office=office, period_start=period.start, period_end=period.end
    ).first()
    if existing is not None:
        return existing
    grade_list = grades()
    form = MonitoringForm.objects.create(
        office=office,
        period_start=period.start,
        period_end=period.end,
        grades=grade_list,
        opened_at=timezone.now(),
        opened_by=actor,
    )
    for row in draft_rows(office_figures(office, period), grade_list):
        MonitoringRow.objects.create(form=form, **row)
    record_event(
        case=None,
        actor=actor,
        action=ReportAction.BUKA_MONITORING,
        at=form.opened_at,
        payload=_about(form),
    )
    return form


@transaction.atomic
def refresh_form(*, form: MonitoringForm, actor) -> MonitoringForm:
    """Propose again from today's facts; the assessor's actions stay."""
    form = _lock_draft(form, actor)
    figures = office_figures(form.office, Period(form.period_start, form.period_end))
    proposed = {row["sop"].pk: row for row in draft_rows(figures, form.grades)}
    for row in form.rows.all():
        fresh = proposed.get(row.sop_id)
        if fresh is not None:
            row.proposed_grade, row.grade = fresh["proposed_grade"], fresh["proposed_grade"]
            row.notes, row.facts = fresh["notes"], fresh["facts"]
            row.save(update_fields=["proposed_grade", "grade", "notes", "facts"])
    record_event(
        case=None,
        actor=actor,
        action=ReportAction.PERBARUI_MONITORING,
        at=timezone.now(),
        payload=_about(form),
    )
    return form


@transaction.atomic
def save_form(*, form: MonitoringForm, actor, entries: dict[int, dict]) -> MonitoringForm:
    """Keep the assessor's grades, notes and actions: entries maps a row id to its fields."""
    form = _lock_draft(form, actor)
    rows = {row.pk: row for row in form.rows.all()}
    for row_id, entry in entries.items():
        row = rows.get(row_id)
        if row is None:
            raise MonitoringError("baris: tidak ada pada formulir ini.")
        grade = entry.get("grade", "")
        if grade and grade not in form.grades:
            raise MonitoringError(
                f"penilaian {row.procedure}: harus salah satu dari {', '.join(form.grades)}."
            )
        row.grade = grade
        row.notes = _limited(entry.get("notes", ""), f"catatan {row.procedure}")
        row.action = _limited(entry.get("action", ""), f"tindakan {row.procedure}")
        row.save(update_fields=["grade", "notes", "action"])
    record_event(
        case=None,
        actor=actor,
        action=ReportAction.SIMPAN_MONITORING,
        at=timezone.now(),
        payload=_about(form),
    )
    return form


def _limited(text: str, field: str) -> str:
    if len(text) > TEXT_MAX:
        raise MonitoringError(f"{field}: paling banyak {TEXT_MAX} karakter.")
    return strip_bidi(text).strip()


def finalise_form(
    *, form: MonitoringForm, actor, password: str, reason: str = "", address: str = ""
) -> MonitoringForm:
    """The assessor's paraf: password again, every row graded; the PDF is stored for good.
    Before the period has ended it takes a reason, kept in the audit event.

    The password is checked before the transaction, so a wrong one is counted by the throttle
    even though nothing else is written."""
    try:
        right = verify_password(user=actor, password=password, address=address)
    except Throttled as refused:
        raise MonitoringError(f"kata sandi: {refused}") from None
    if not right:
        raise MonitoringError("kata sandi: salah; paraf penilai memerlukan kata sandi Anda.")
    return _finalise(form=form, actor=actor, reason=reason)


def is_early(form: MonitoringForm) -> bool:
    """Whether the form's period has not ended yet on the office's calendar."""
    return timezone.localdate(timezone=form.office.tz) <= form.period_end


def _early_reason(form: MonitoringForm, reason: str) -> dict:
    """What the audit event keeps of a finalisation before the period's end: its reason."""
    if not is_early(form):
        return {}
    reason = _limited(reason, "alasan")
    if not reason:
        raise MonitoringError(
            f"alasan: periode ini baru berakhir {tanggal(form.period_end)}; tulis alasan "
            "memfinalkan formulir sebelum periode berakhir."
        )
    return {"alasan_sebelum_periode_berakhir": reason}


@transaction.atomic
def _finalise(*, form: MonitoringForm, actor, reason: str = "") -> MonitoringForm:
    form = _lock_draft(form, actor)
    for row in form.rows.all():
        if not row.grade:
            raise MonitoringError(f"penilaian {row.procedure}: belum diisi.")
        if row.grade != form.grades[0] and not row.action:
            raise MonitoringError(
                f"tindakan {row.procedure}: wajib diisi bila tidak berjalan baik."
            )
    early = _early_reason(form, reason)
    form.status, form.finalised_by = MonitoringForm.Status.FINAL, actor
    form.finalised_at = timezone.now()
    form.assessor_title = assessor_title(actor, form.office)
    form.code = new_document_code()
    pdf = render_pdf("reports/monitoring_print.html", print_context(form))
    try:
        pdf = sign_pdf(pdf, office=form.office)
    except SigningError as error:
        raise MonitoringError(f"tanda tangan elektronik: {error}") from error
    form.sha256, form.path = hashlib.sha256(pdf).hexdigest(), _store(form, pdf)
    form.save()
    record_event(
        case=None,
        actor=actor,
        action=ReportAction.FINALKAN_MONITORING,
        at=form.finalised_at,
        payload={**_about(form), "kode": form.code, "sha256": form.sha256, **early},
    )
    return form


def print_context(form: MonitoringForm) -> dict:
    url = public_url(reverse("reports:verify", args=[form.code])) if form.code else ""
    return {
        "form": form,
        "office": form.office,
        "rows": list(form.rows.all()),
        "period": Period(form.period_start, form.period_end),
        "verify_url": url,
        "qr": qr_data_uri(url) if url else "",
    }


def stored_pdf(form: MonitoringForm) -> bytes:
    return storage.read(form.path)


def _store(form: MonitoringForm, pdf: bytes) -> str:
    """The final form's PDF, written to the private storage when the paraf commits."""
    name = f"monitoring/{form.office.slug}/monitoring-{form.period_start:%Y%m%d}-{form.code}.pdf"
    return storage.keep(name, pdf)


def _lock_draft(form: MonitoringForm, actor) -> MonitoringForm:
    form = MonitoringForm.objects.select_for_update().select_related("office").get(pk=form.pk)
    _require_assessor(actor, form.office)
    if form.is_final:
        raise MonitoringError("Formulir ini sudah final dan tidak dapat diubah lagi.")
    return form


def _require_assessor(actor, office: Office) -> None:
    if assessor_title(actor, office) is None:
        raise MonitoringError(
            "Hanya penilai kantor ini (pemegang jabatan "
            f"{', '.join(settings.MONITORING_ASSESSORS)}) yang dapat mengisi formulir monitoring."
        )


def _about(form: MonitoringForm) -> dict:
    return {
        "kantor": form.office.slug,
        "dari": form.period_start.isoformat(),
        "sampai": form.period_end.isoformat(),
    }
