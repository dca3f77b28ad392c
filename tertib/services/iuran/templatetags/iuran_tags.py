from django import template
from django.conf import settings
from django.utils import timezone

from tertib.lib.money import rupiah as format_rupiah
from tertib.lib.money import terbilang as in_words
from tertib.services.iuran.check import check_bill
from tertib.services.iuran.deadlines import days_left, iuran_calendar, limits
from tertib.services.iuran.models import Bill, Decision

register = template.Library()


@register.inclusion_tag("iuran/_panel.html")
def iuran_panel(case, record, may_act):
    """The bill, its month limits, the reconciliation and the payment, on the case page."""
    bill = getattr(case, "bill", None)  # the reverse one-to-one raises, getattr turns it to None
    if bill is None:
        return {"bill": None}
    calendar = iuran_calendar()
    month_limits = limits(bill.month, calendar=calendar)
    check = check_bill(bill)
    step = record.step_no if (record and case.is_open and may_act) else None
    return {
        "bill": bill,
        "case": case,
        "check": check,
        "rule": check.rule,
        "limits": month_limits,
        "left": days_left(month_limits, today=timezone.localdate(), calendar=calendar),
        "editable": step == 1,
        "paying": step == 4,
        "choices": Decision.Choice.choices,
        "replacement": Bill.objects.filter(replaces=bill).select_related("case").first(),
        "account_code": bill.account_code or settings.IURAN_ACCOUNT_CODE,
        "account_name": bill.account_name or settings.IURAN_ACCOUNT_NAME,
        "parts": {
            name: getattr(bill, name) or default
            for name, default in settings.IURAN_SPP_DEFAULTS.items()
        },
        "typed_numbers": {k: not v for k, v in settings.IURAN_NUMBER_FORMATS.items()},
    }


@register.filter
def rupiah(amount) -> str:
    return format_rupiah(int(amount or 0))


@register.filter
def terbilang(amount) -> str:
    return in_words(int(amount or 0))


@register.filter
def hari(days: int) -> str:
    """Working days to a limit as people say them: "5 hari kerja lagi", "hari ini", "lewat 2
    hari"."""
    if days > 0:
        return f"{days} hari kerja lagi"
    return "hari ini" if days == 0 else f"lewat {-days} hari"
