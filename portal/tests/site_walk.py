"""Walk the site as one user: every parameterless URL, the pages it may open, the links it finds.

Used by the menu reachability test and the Chinese-interface test, so both see the same pages:
what a role can reach from the menus, the workspace and the pages those lead to.
"""

from __future__ import annotations

import contextlib
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.urls import (
    NoReverseMatch,
    Resolver404,
    URLPattern,
    URLResolver,
    get_resolver,
    resolve,
    reverse,
)

from core import menu
from testing.second_factor import VerifiedClient

# Who the site-walking tests visit: anonymous (None) and each PersonaTestCase persona by name.
PERSONAS = (
    None,
    "citizen",
    "enterprise_user",
    "expert",
    "county_officer",
    "sector_officer",
    "city_officer",
    "administrator",
)

# The admin is its own site with its own navigation; only its index must be linked (for staff).
ADMIN_NAMESPACE = "admin"


def parameterless_url_names() -> dict[str, str]:
    """{url name: path} for every named pattern that takes no parameter (namespaced names)."""
    found: dict[str, str] = {}

    def walk(patterns, namespace: str, has_params: bool) -> None:
        for p in patterns:
            params = has_params or bool(p.pattern.converters) or p.pattern.regex.groups > 0
            if isinstance(p, URLResolver):
                ns = p.namespace
                walk(p.url_patterns, f"{namespace}{ns}:" if ns else namespace, params)
            elif isinstance(p, URLPattern) and p.name and not params:
                name = f"{namespace}{p.name}"
                if name.startswith(f"{ADMIN_NAMESPACE}:") and name != f"{ADMIN_NAMESPACE}:index":
                    continue
                with contextlib.suppress(NoReverseMatch):
                    found[name] = reverse(name)

    walk(get_resolver().url_patterns, "", False)
    return found


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links_of(html: str) -> set[str]:
    """Local paths linked from a page (query strings and fragments dropped)."""
    parser = _Links()
    parser.feed(html)
    paths = set()
    for href in parser.hrefs:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        paths.add(parts.path)
    return paths


@dataclass
class Walk:
    """What one user sees: the pages it may open (200, HTML) and the paths reachable by links."""

    openable: dict[str, str] = field(default_factory=dict)  # path -> url name
    reachable: set[str] = field(default_factory=set)
    pages: dict[str, str] = field(default_factory=dict)  # path -> HTML, for reachable pages

    signed_in: bool = False

    def unlinked(self) -> dict[str, str]:
        """Openable pages that no menu, workspace or reachable page links to."""
        skip = set(menu.unlisted_names())
        if self.signed_in:
            skip |= menu.visitors_only_names()
        return {
            path: name
            for path, name in self.openable.items()
            if path not in self.reachable and name not in skip
        }


def _html(response) -> str | None:
    if response.status_code != 200:
        return None
    if not response.get("Content-Type", "").startswith("text/html"):
        return None
    return response.content.decode()


def walk_site(user=None, *, start: tuple[str, ...] = ("/",), details: bool = False) -> Walk:
    """Open every parameterless URL as ``user`` (None: anonymous), then follow links from the
    start pages (and the workspace) through the parameterless pages found; with ``details``,
    also open one linked page per URL pattern with parameters."""
    client = VerifiedClient()  # officers sign in through their second factor
    if user is not None:
        client.force_login(user)
    names = parameterless_url_names()
    result = Walk(signed_in=user is not None)
    html_of: dict[str, str] = {}
    for name, path in names.items():
        html = _html(client.get(path))
        if html is not None:
            result.openable[path] = name
            html_of[path] = html
    starts = [p for p in (*start, _workspace_path()) if p and p in html_of]
    queue = deque(starts)
    seen = set(starts)
    while queue:
        path = queue.popleft()
        result.pages[path] = html_of[path]
        for link in links_of(html_of[path]):
            result.reachable.add(link)
            if link in html_of and link not in seen:
                seen.add(link)
                queue.append(link)
    if details:
        _sample_details(client, result)
    return result


def _sample_details(client, result: Walk) -> None:
    """Open one linked page per URL pattern with parameters (a standard's, an organization's
    page) and add it to ``pages``, so that page checks see more than the lists."""
    sampled: set[str] = set()
    for path in sorted(result.reachable - set(result.pages)):
        try:
            match = resolve(path)
        except Resolver404:
            continue
        name = match.view_name
        if not (match.args or match.kwargs) or name in sampled or name.startswith("admin:"):
            continue
        sampled.add(name)
        html = _html(client.get(path))
        if html is not None:
            result.pages[path] = html


def _workspace_path() -> str | None:
    try:
        return reverse("workspace:home")
    except NoReverseMatch:  # no workspace installed
        return None


# Latin-script words allowed in the Chinese interface: abbreviations and proper nouns people read
# as such. Anything with a digit, "/", ".", "@" or ":" is a code, a URL, an address or a version
# and is never flagged; so is text inside <code>, <kbd>, <samp>, <script>, <style> or any element
# marked translate="no" (names and codes that stay as they are: wrap user names in it).
LATIN_ALLOWED = frozenset(
    {
        "API", "Excel", "ICS", "CCS", "GB", "DB", "ISO", "IEC", "ITU", "IEEE", "ASTM", "EN",
        "JSON", "XLSX", "XLS", "DOCX", "PDF", "CSV", "ICP", "IP", "URL", "HTTP", "HTTPS", "RSS",
        "Atom", "OpenAPI", "Swagger", "WTO", "TBT", "SPS", "TC", "SC", "WG", "SAC", "SAMR",
        "CNAS", "CMA", "ID", "Email", "E", "mail", "Word", "WPS",
    }
)  # fmt: skip
_SKIP_TAGS = {"script", "style", "code", "kbd", "samp", "pre", "textarea", "option"}
_VOID = {"br", "hr", "img", "input", "link", "meta", "source", "wbr", "col", "area", "base"}
_TOKEN = __import__("re").compile(
    r"[^\s\u3000-\u303f\u4e00-\u9fff\uff00-\uffef（）“”‘’《》、，。：；！？·—…]+"
)
_WORD = __import__("re").compile(r"[A-Za-z]{2,}")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # per open element: inside a skipped region?
        self.chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            return
        skipped = bool(self.stack and self.stack[-1])
        attributes = dict(attrs)
        skipped = (
            skipped
            or tag in _SKIP_TAGS
            or attributes.get("translate") == "no"
            or (attributes.get("lang") or "").startswith("en")  # declared English (title_en)
        )
        self.stack.append(skipped)

    def handle_endtag(self, tag):
        if tag not in _VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.chunks.append(data)


def latin_words(html: str) -> set[str]:
    """Untranslated Latin-script words in a page's visible text (see LATIN_ALLOWED)."""
    parser = _Text()
    parser.feed(html)
    found = set()
    for token in _TOKEN.findall(" ".join(parser.chunks)):
        if any(ch.isdigit() for ch in token) or any(ch in token for ch in "/.@:_=&?#"):
            continue
        for word in _WORD.findall(token):
            if word not in LATIN_ALLOWED and not (word.isupper() and len(word) <= 4):
                found.add(word)
    return found
