from django import template

from catalog.full_text import full_text_is_public

register = template.Library()


@register.filter
def free_full_text(standard) -> bool:
    """{% if standard|free_full_text %}: anyone may download its full text."""
    return full_text_is_public(standard)
