"""The IKM of a service beside its step times, for the report pages (monitoring, evaluation,
dashboard) which load this tag rather than import the citizen app."""

from django import template
from django.urls import reverse

from tertib.citizen.figures import WEAKEST, office_ikm
from tertib.lib.stats import percent_text

register = template.Library()


@register.inclusion_tag("citizen/_ikm_beside.html", takes_context=True)
def ikm_beside(context, office, period, sop, within=None):
    """One service's IKM, grade, respondents and weakest elements; within is the measured share
    of requests finished within the total mutu baku, to set the time element beside."""
    cache = context.render_context.setdefault("citizen_ikm", {})
    key = (office.pk, period)
    if key not in cache:
        cache[key] = office_ikm(office, period)
    figure = cache[key].of(sop)
    return {
        "figure": figure,
        "weakest": figure.weakest[:WEAKEST],
        "within": percent_text(within),
        "url": reverse("ikm:office", args=[office.slug]),
    }
