from unittest import mock

from django.core.cache import cache
from django.test import Client, RequestFactory, SimpleTestCase

from api.throttling import AnonRateThrottle, UserRateThrottle
from testing.personas import PersonaTestCase


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


def _redis_answers() -> bool:
    import socket

    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", 6379)) == 0


class SharedCacheThrottleTests(SimpleTestCase):
    """With REDIS_URL, two workers (two cache connections) count one client's requests together."""

    def setUp(self):
        import os
        import uuid

        if not _redis_answers():
            if os.environ.get("CI"):
                self.fail("Redis does not answer on 127.0.0.1:6379; CI must test the shared cache")
            self.skipTest("Redis does not answer on 127.0.0.1:6379")
        from django.core.cache.backends.redis import RedisCache

        prefix = f"test-{uuid.uuid4().hex}"
        self.workers = [
            RedisCache("redis://127.0.0.1:6379/15", {"KEY_PREFIX": prefix}) for _ in range(2)
        ]
        self.request = RequestFactory().get("/api/v1/standards/", REMOTE_ADDR="192.0.2.9")
        self.request.user = None

    def test_two_workers_share_one_limit(self):
        allowed = []
        for i in range(3):
            throttle = TwoPerMinute()
            throttle.cache = self.workers[i % 2]
            throttle.timer = lambda: 1200.0
            allowed.append(throttle.allow_request(self.request, None))
        assert allowed == [True, True, False]


class RatesPerKindOfClientTests(PersonaTestCase):
    """API_ANON_RATE governs anonymous clients and API_USER_RATE signed-in users, each alone."""

    def setUp(self):
        cache.clear()

    def requests_allowed(self, client, attempts: int) -> int:
        codes = [client.get("/api/v1/committees/").status_code for _ in range(attempts)]
        assert set(codes) <= {200, 429}, codes
        return codes.count(200)

    def test_it_lets_anonymous_clients_use_an_anon_rate_above_the_user_rate(self):
        with (
            mock.patch.object(AnonRateThrottle, "THROTTLE_RATES", {"anon": "5/minute"}),
            mock.patch.object(UserRateThrottle, "THROTTLE_RATES", {"user": "2/minute"}),
        ):
            self.assertEqual(self.requests_allowed(Client(REMOTE_ADDR="192.0.2.20"), 7), 5)

    def test_it_holds_signed_in_users_to_the_user_rate(self):
        client = Client(REMOTE_ADDR="192.0.2.21")
        client.force_login(self.expert)
        with (
            mock.patch.object(AnonRateThrottle, "THROTTLE_RATES", {"anon": "5/minute"}),
            mock.patch.object(UserRateThrottle, "THROTTLE_RATES", {"user": "2/minute"}),
        ):
            self.assertEqual(self.requests_allowed(client, 4), 2)

    def test_it_answers_json_not_the_browsable_api_to_a_browser(self):
        response = self.client.get(
            "/api/v1/",
            HTTP_ACCEPT="text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/json")
