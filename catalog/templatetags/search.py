from django import template

from catalog.search.highlight import highlight as _highlight

register = template.Library()


@register.filter
def highlight(text, terms):
    """{{ s.title|highlight:terms }}: matched parts in <mark>, everything escaped."""
    return _highlight(text, terms or [])
