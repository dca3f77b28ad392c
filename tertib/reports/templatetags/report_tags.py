from django import template

from tertib.cases.clock import calendar
from tertib.lib.durations import minutes_text
from tertib.lib.stats import percent_text, times_text

register = template.Library()


@register.filter
def durasi(minutes) -> str:
    """Office minutes as people say them, days counted as working days."""
    return minutes_text(minutes, calendar().minutes_per_day())


@register.filter
def persen(fraction) -> str:
    return percent_text(fraction)


@register.filter
def kali(ratio) -> str:
    return times_text(ratio)


@register.filter
def total(figures, name: str) -> int:
    return figures.total(name)


@register.filter
def proposed_count(times) -> int:
    """How many steps of an evaluation get a new mutu baku time."""
    return sum(1 for time in times if time.proposed)
