"""`{% open_consultations %}`: drafts open for comment, for the home page or any page."""

from django import template

from consultation.selectors import consultations_open_now

register = template.Library()


@register.inclusion_tag("consultation/_open_list.html")
def open_consultations(limit: int = 5):
    return {"consultations": list(consultations_open_now()[:limit])}
