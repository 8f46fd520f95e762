"""Sections other apps add to the standard detail page, without catalog importing them.

An app registers a template name in its `AppConfig.ready` (`register_section(...)`); the page
renders `{% standard_sections standard %}`, which includes each with `standard` and `request`.
"""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

register = template.Library()

SECTIONS: list[str] = []


def register_section(template_name: str) -> None:
    if template_name not in SECTIONS:
        SECTIONS.append(template_name)


@register.simple_tag(takes_context=True)
def standard_sections(context, standard) -> str:
    request = context.get("request")
    html = "".join(
        render_to_string(name, {"standard": standard}, request=request) for name in SECTIONS
    )
    return mark_safe(html)  # rendered templates, escaped by the engine
