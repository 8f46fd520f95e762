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

from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from core import menu

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


def walk_site(user=None, *, start: tuple[str, ...] = ("/",)) -> Walk:
    """Open every parameterless URL as ``user`` (None: anonymous), then follow links from the
    start pages (and the workspace) through the parameterless pages found."""
    client = Client()
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
    return result


def _workspace_path() -> str | None:
    try:
        return reverse("workspace:home")
    except NoReverseMatch:  # no workspace installed
        return None
