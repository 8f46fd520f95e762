"""Rich text written by the bureau (call guidance, notices), sanitized by an allow-list on save.

nh3 (ammonia) parses the HTML and keeps only the tags and attributes listed here: no scripts,
no event handlers, no `style` (the CSP forbids inline styles anyway), links to http(s)/mailto only.
Never a hand-written sanitizer."""

from __future__ import annotations

import nh3

TAGS = frozenset(
    {
        "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "blockquote",
        "h2", "h3", "h4", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
        "caption", "hr", "span",
    }
)  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


def sanitize_html(html: str) -> str:
    """The allow-listed subset of `html` (stored as it will be shown)."""
    return nh3.clean(
        html or "",
        tags=set(TAGS),
        attributes={k: set(v) for k, v in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()
