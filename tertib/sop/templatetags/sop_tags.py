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


@register.filter
def notes_for(by_field: dict, name: str) -> list:
    """The check's messages for one form field (see studio_views._edit_context)."""
    return by_field.get(name, []) if by_field else []


@register.filter
def split(text: str) -> list[str]:
    return text.split()


@register.filter
def field(form, name: str):
    """The bound field of that name: form|field:"tolak"."""
    return form[name]
