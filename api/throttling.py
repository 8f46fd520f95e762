"""Rate limits for the API as fixed-window counters.

DRF's own throttles keep a list of every request time in the window and rewrite it (pickled, in
the cache) on each request: O(rate) work per request, which at hundreds of requests a second
costs more than the search itself. Here each client has one integer per window: `add` then
`incr`, O(1). The window is fixed (a client may burst up to twice the rate across a boundary),
which is what most rate limiters do.
"""

from __future__ import annotations

import time

from django.core.cache import cache as default_cache
from rest_framework import throttling


class _FixedWindowMixin:
    cache = default_cache

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        key = f"{self.key}:{window}"
        self._window_end = (window + 1) * self.duration
        if self.cache.add(key, 1, self.duration + 1):
            return True
        try:
            count = self.cache.incr(key)
        except ValueError:  # expired between add and incr
            self.cache.add(key, 1, self.duration + 1)
            return True
        return count <= self.num_requests

    def wait(self):
        return max(0.0, self._window_end - self.now)

    def timer(self):
        return time.time()


class AnonRateThrottle(_FixedWindowMixin, throttling.AnonRateThrottle):
    """Anonymous clients, by IP address."""


class UserRateThrottle(_FixedWindowMixin, throttling.UserRateThrottle):
    """Authenticated users, by user id. Anonymous clients are AnonRateThrottle's alone: DRF's
    user throttle counts them by address too, which capped them at the user rate whatever
    API_ANON_RATE said."""

    def get_cache_key(self, request, view):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super().get_cache_key(request, view)
