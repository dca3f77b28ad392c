from django import template

from tertib.cases.documents import masked_name as mask_name
from tertib.cases.documents import shown_subject
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
    """Office minutes as people say them: "1 jam 5 menit"."""
    if minutes is None:
        return "-"
    hours, rest = divmod(int(minutes), 60)
    parts = ([f"{hours} jam"] if hours else []) + ([f"{rest} menit"] if rest or not hours else [])
    return " ".join(parts)


@register.filter
def get(mapping: dict, key):
    return mapping.get(key)
