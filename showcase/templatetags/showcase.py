"""`{% showcase_home %}`: the featured curated items on the home page, as a cached fragment.

The home page's queries are pinned (catalog/tests/test_examples.py): the block is rendered once
per cache version (bumped by every write in `showcase.services`) and kept for a few minutes, so
a visit usually costs no query; a miss costs two bounded ones (items, their first images)."""

from django import template
from django.core.cache import cache
from django.template.loader import render_to_string

from showcase import selectors, services

register = template.Library()

TIMEOUT = 300


@register.simple_tag
def showcase_home():
    key = f"showcase:home:{services.home_version()}"
    html = cache.get(key)
    if html is None:
        html = render_to_string("showcase/_home_block.html", {"entries": selectors.home_featured()})
        cache.set(key, html, TIMEOUT)
    from django.utils.safestring import mark_safe

    return mark_safe(html)  # rendered by our template, escaped there
