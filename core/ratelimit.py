"""A small per-address limit on anonymous form posts that create accounts or send email.

The API has DRF's throttles and the login django-axes; these pages had nothing, so one script
could register thousands of accounts or fill someone's mailbox with reset links. Counts live in
the default cache (per process with the local-memory cache: a bound, not an exact quota)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render


def over_limit(request, scope: str) -> bool:
    """Count one POST of this client in `scope`; True once it passes
    settings.POST_RATE_LIMITS[scope] = (count, seconds). The API uses it for anonymous posts too."""
    from axes.helpers import get_client_ip_address

    count, seconds = settings.POST_RATE_LIMITS[scope]
    key = f"ratelimit:{scope}:{get_client_ip_address(request) or '-'}"
    cache.add(key, 0, timeout=seconds)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds)
        used = 1
    return used > count


def post_rate_limit(scope: str) -> Callable:
    """At most settings.POST_RATE_LIMITS[scope] = (count, seconds) POSTs per client address."""
    return rate_limit(scope, methods=("POST",))


def rate_limit(scope: str, *, methods: tuple[str, ...] = ("GET", "POST")) -> Callable:
    """At most settings.POST_RATE_LIMITS[scope] = (count, seconds) requests with one of
    `methods` per client address (for GETs that cost the server, such as exports)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods and over_limit(request, scope):
                response = render(request, "429.html", status=429)
                response["Retry-After"] = str(settings.POST_RATE_LIMITS[scope][1])
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
