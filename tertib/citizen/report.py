"""The semester SKM report of an office: the IKM per service beside the measured times, in the
layout of Permenpan RB 14/2017 (respondents, NRR per element, IKM, grade, weakest elements)."""

from django.db.models import Count
from django.utils import timezone

from tertib.cases.clock import calendar
from tertib.citizen.figures import WEAKEST, office_ikm
from tertib.citizen.models import SurveyResponse
from tertib.citizen.skm import ELEMENTS, GRADE_NAMES
from tertib.lib.durations import minutes_text
from tertib.lib.stats import percent_text
from tertib.org.models import Office
from tertib.reports.figures import Period, office_figures


def report_context(office: Office, period: Period) -> dict:
    """What the IKM page and its PDF show."""
    ikm = office_ikm(office, period)
    times = {figure.sop: figure for figure in office_figures(office, period).sops}
    per_day = calendar().minutes_per_day()
    rows = [
        {
            "figure": figure,
            "weakest": figure.weakest[:WEAKEST],
            "within": percent_text(times[figure.sop].share_within) if figure.sop in times else "-",
            "finished": len(times[figure.sop].case_totals) if figure.sop in times else 0,
            "mutu_baku": minutes_text(times[figure.sop].total_mutu_baku, per_day)
            if figure.sop in times
            else "-",
        }
        for figure in ikm.sops
    ]
    table = ikm.total.table
    return {
        "office": office,
        "period": period,
        "ikm": ikm,
        "total": ikm.total,
        "weakest": ikm.total.weakest[:WEAKEST],
        "rows": rows,
        "elements": ELEMENTS,
        "grades": [(letter, name, table.interval(letter)) for letter, name in GRADE_NAMES.items()],
        "table": table,
        "profile": respondent_profile(office, period),
        "saran": _saran(office, period),
        "printed_on": timezone.localdate(),
    }


def respondent_profile(office: Office, period: Period) -> list[tuple[str, list[tuple[str, int]]]]:
    """How many respondents by sex, education and occupation (counts only)."""
    lo, hi = period.bounds()
    rows = SurveyResponse.objects.filter(office=office, answered_at__gte=lo, answered_at__lt=hi)
    facts = [
        ("Jenis kelamin", "sex", SurveyResponse.Sex),
        ("Pendidikan", "education", SurveyResponse.Education),
        ("Pekerjaan", "occupation", SurveyResponse.Occupation),
    ]
    profile = []
    for title, name, choices in facts:
        counts = dict(rows.values_list(name).annotate(n=Count("pk")).order_by())
        items = [(label, counts.get(value, 0)) for value, label in choices.choices]
        profile.append((title, [*items, ("Tidak diisi", counts.get("", 0))]))
    return profile


def _saran(office: Office, period: Period) -> list[str]:
    lo, hi = period.bounds()
    return list(
        SurveyResponse.objects.filter(office=office, answered_at__gte=lo, answered_at__lt=hi)
        .exclude(saran="")
        .order_by("-answered_at")
        .values_list("saran", flat=True)[:50]
    )
