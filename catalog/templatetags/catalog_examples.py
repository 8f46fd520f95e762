"""``{% search_examples as ex %}``: examples from the catalog actually loaded (catalog.search.summary)."""

from django import template

from catalog.search.summary import Summary, public_summary

register = template.Library()


@register.simple_tag
def search_examples() -> Summary:
    return public_summary()
