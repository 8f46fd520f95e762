from django.core.cache import cache
from django.test import RequestFactory, SimpleTestCase

from api.throttling import AnonRateThrottle


class TwoPerMinute(AnonRateThrottle):
    rate = "2/minute"


class FixedWindowThrottleTests(SimpleTestCase):
    def setUp(self):
        cache.clear()
        self.request = RequestFactory().get("/api/v1/standards/", REMOTE_ADDR="192.0.2.7")
        self.request.user = None

    def test_it_allows_the_rate_then_refuses_within_the_window(self):
        throttle = TwoPerMinute()
        throttle.timer = lambda: 600.0
        allowed = [throttle.allow_request(self.request, None) for _ in range(3)]
        assert allowed == [True, True, False]
        assert 0 < throttle.wait() <= 60

    def test_a_new_window_starts_a_new_count(self):
        throttle = TwoPerMinute()
        throttle.timer = lambda: 600.0
        for _ in range(3):
            throttle.allow_request(self.request, None)
        throttle.timer = lambda: 660.0
        assert throttle.allow_request(self.request, None)

    def test_clients_are_counted_apart(self):
        throttle = TwoPerMinute()
        throttle.timer = lambda: 600.0
        for _ in range(3):
            throttle.allow_request(self.request, None)
        other = RequestFactory().get("/", REMOTE_ADDR="192.0.2.8")
        other.user = None
        assert throttle.allow_request(other, None)
