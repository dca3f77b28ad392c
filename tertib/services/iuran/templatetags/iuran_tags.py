from django import template
from django.conf import settings
from django.utils import timezone

from tertib.lib.money import rupiah as format_rupiah
from tertib.lib.money import terbilang as in_words
from tertib.services.iuran.check import check_bill
from tertib.services.iuran.contribution import NoRule, rule_for
from tertib.services.iuran.deadlines import days_left

register = template.Library()


@register.inclusion_tag("iuran/_panel.html")
def iuran_panel(case, record, may_act):
    """The bill, its month limit and the contribution check, on the case page of a bill."""
    bill = getattr(case, "bill", None)  # the reverse one-to-one raises, getattr turns it to None
    if bill is None:
        return {"bill": None}
    try:
        check, rule = check_bill(bill), rule_for(bill.month)
    except NoRule as error:
        check, rule = None, str(error)
    return {
        "bill": bill,
        "case": case,
        "check": check,
        "rule": rule,
        "left": days_left(
            due=bill.due_on, month_end=bill.suspended_after, today=timezone.localdate()
        ),
        "editable": may_act and case.is_open and record and record.step_no == 1,
        "account_code": bill.account_code or settings.IURAN_ACCOUNT_CODE,
        "account_name": bill.account_name or settings.IURAN_ACCOUNT_NAME,
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
    """Days to a limit as people say them: "5 hari lagi", "hari ini", "lewat 2 hari"."""
    if days > 0:
        return f"{days} hari lagi"
    return "hari ini" if days == 0 else f"lewat {-days} hari"
