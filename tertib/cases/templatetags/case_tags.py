import sys

from django import template
from django.utils import timezone

from tertib.cases.documents import masked_name as mask_name
from tertib.cases.documents import shown_subject
from tertib.lib.dates import tanggal_jam
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
def waktu(moment, style: str = "") -> str:
    """A moment in office time: 22 November 2026 14:05; |waktu:"singkat" gives 22 Nov 2026 14:05.

    Written out here because Django's date filter looks up every month name through gettext,
    which made the worklist's dates most of its render time."""
    if moment is None:
        return ""
    return tanggal_jam(timezone.localtime(moment), short=style == "singkat")


@register.filter
def get(mapping: dict, key):
    return mapping.get(key)
