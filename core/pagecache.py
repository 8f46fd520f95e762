"""A whole-page cache for what strangers read: anonymous GET requests of public pages.

One line on a view (`@public_page`, or `@public_page(version=fn)` when a cheap stamp of the data
exists, such as the search index's generation) and a page built for one stranger is served to
the next ones for PAGE_CACHE_SECONDS (0 turns it off), in the cache `CACHES["pages"]` (per
process, or shared through Redis). The middleware still runs on a hit: the response gets
its request id, security headers and CSP as a built page does.

Only what is the same for every stranger is kept: a page is read from or written to the cache
only for an anonymous visitor with no pending message, and kept only when it answered 200,
set no cookie, did not touch the session and carries no CSRF token (a page with a form that
posts is never cached). The key is the scheme, host, full path with its query string and the
language, so a page is never served across languages.

What a page counts (analytics) is counted on hits too: a view calls `replayed(counter_fn,
request, ...)` instead of `counter_fn(request, ...)`; the call is made now and stored with the
page, then made again, with the new request, on every hit.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse

log = logging.getLogger(__name__)

CACHE = "pages"
KEY_PREFIX = "page:"
_REPLAYS = "_page_cache_replays"


def replayed(func: Callable, request, *args, **kwargs) -> None:
    """Call `func(request, *args, **kwargs)` now and again on every cache hit of this page.
    `func` must be a module-level function (it is stored with the page by reference)."""
    func(request, *args, **kwargs)
    calls = getattr(request, _REPLAYS, None)
    if calls is not None:
        calls.append((func, args, kwargs))


def _is_stranger(request) -> bool:
    """Anonymous, and nothing waiting for this visitor alone (a flash message)."""
    user = getattr(request, "user", None)
    if user is None or user.is_authenticated:
        return False
    storage = getattr(request, "_messages", None)
    # len() reads the pending messages without marking them shown.
    return storage is None or len(storage) == 0


def _key(request, version) -> str:
    raw = "\n".join(
        (
            request.scheme,
            request.get_host(),
            request.get_full_path(),
            getattr(request, "LANGUAGE_CODE", "") or "",
            str(version() if version is not None else ""),
        )
    )
    return KEY_PREFIX + hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()


def _keepable(request, response) -> bool:
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and getattr(response, "is_rendered", True)  # a TemplateResponse not yet rendered
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # a CSRF token is on the page
        and not (session is not None and session.modified)
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def _read(key: str):
    try:
        return caches[CACHE].get(key)
    except Exception:  # a stale pickle, an unreachable cache: build the page
        log.warning("page cache read failed", exc_info=True)
        return None


def _write(key: str, entry, seconds: int) -> None:
    try:
        caches[CACHE].set(key, entry, seconds)
    except Exception:  # the page is served all the same
        log.warning("page cache write failed", exc_info=True)


def public_page(view: Callable | None = None, *, version: Callable[[], object] | None = None):
    """Decorate a public view: anonymous GETs are served from the page cache (module docs).
    `version()`, if given, is part of the key: a new version is a new page at once."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            seconds = settings.PAGE_CACHE_SECONDS
            if seconds <= 0 or request.method != "GET" or not _is_stranger(request):
                return view(request, *args, **kwargs)
            key = _key(request, version)
            entry = _read(key)
            if entry is not None:
                content, headers, calls = entry
                for func, call_args, call_kwargs in calls:
                    func(request, *call_args, **call_kwargs)
                return HttpResponse(content, headers=headers)
            setattr(request, _REPLAYS, [])
            response = view(request, *args, **kwargs)
            if _keepable(request, response):
                entry = (response.content, dict(response.headers), getattr(request, _REPLAYS))
                _write(key, entry, seconds)
            return response

        return wrapped

    return decorate(view) if view is not None else decorate
