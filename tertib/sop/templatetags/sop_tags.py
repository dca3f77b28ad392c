import datetime

from django import template

from tertib.lib.dates import tanggal as written_date

register = template.Library()


@register.filter
def tanggal(value: datetime.date | str | None) -> str:
    """22 November 2026; blank stays blank."""
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    return written_date(value)
