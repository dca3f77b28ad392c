import sys

from django import template

from tertib.cases.documents import masked_name as mask_name
from tertib.cases.documents import shown_subject
from tertib.lib.durations import minutes_text
from tertib.lib.nik import mask

register = template.Library()


@register.filter
def masked_name(name: str) -> str:
    return mask_name(name or "")


@register.filter
def subject(case) -> str:
    return shown_subject(case)


@register.filter
def masked(value: str) -> str:
    return mask(str(value)) if value else ""


@register.filter
def menit(minutes: int | None) -> str:
    """Office minutes as people say them: "1 jam 5 menit" (hours, never days)."""
    return "-" if minutes is None else minutes_text(int(minutes), per_day=sys.maxsize)


@register.filter
def get(mapping: dict, key):
    return mapping.get(key)
