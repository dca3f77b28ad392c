import sys

from django import template
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from tertib.cases.documents import masked_name as mask_name
from tertib.cases.documents import shown_subject
from tertib.lib.dates import tanggal_jam
from tertib.lib.durations import minutes_text
from tertib.lib.nik import mask
from tertib.lib.text import balanced_lines

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


@register.filter
def balanced(text: str, width: int) -> str:
    """Text as even lines of at most width characters, each kept whole: letterheads."""
    return _lines_html(balanced_lines(str(text or ""), width=int(width)))


@register.simple_tag
def letterhead_address(office, width: int = 76) -> str:
    """The office's address, telephone and e-mail for the letterhead, in even lines that break
    between the parts, not inside one (unless a part alone is too long for a line)."""
    parts = [
        office.address,
        f"Telp. {office.phone}" if office.phone else "",
        office.email,
    ]
    text = " · ".join(part for part in parts if part)
    if any(len(part) > width for part in parts):
        return balanced(text, width)
    return _lines_html(balanced_lines(text, width=width, separator=" · "))


def _lines_html(lines: list[str]) -> str:
    return format_html_join(
        mark_safe("<br>"), '<span class="lh-line">{}</span>', ((x,) for x in lines)
    )
