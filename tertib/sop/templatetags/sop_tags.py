import datetime

from django import template
from django.utils.dateformat import format as date_format

register = template.Library()


@register.filter
def tanggal(value: datetime.date | str | None) -> str:
    """22 November 2026, in the active language (Indonesian); blank stays blank."""
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    return date_format(value, "j F Y")
