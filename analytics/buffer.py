"""The request path's only write: counts added to a buffer, never to the database.

Fields are text keys (`analytics.counter` builds them, `analytics.flush` reads them):
`h|<day>` home visit, `v|<day>|<standard id>` page view, `s|<day>|<source>|<query>` search,
`z|<day>|<query>` search that found nothing, `r|<day>|<query>` last result count (set, not
added). The day is the Asia/Shanghai day of the request, so a flush after midnight still
counts yesterday's requests on yesterday.

Two kinds:
- `RedisBuffer` (when the cache is Redis, so every app node shares it): one pipeline, one round
  trip per request (HINCRBY / HSET on one hash). A flush RENAMEs the hash to a batch key and
  notes the batch in a set in one MULTI, reads it, writes the database, then deletes it. A flush
  that dies after the rename leaves the batch in the set: the next flush (any node) writes it,
  unless the database already holds its `FlushBatch` id (crash after the commit).
- `LocalBuffer` (the embedded default): a dict in this process behind a lock, flushed by a
  thread of this process (`analytics.counter`); counts not yet flushed die with the process.
"""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

SET_PREFIX = "r|"  # fields whose value is set, not added


@dataclass
class Batch:
    batch_id: str
    counts: dict[str, int] = field(default_factory=dict)


class LocalBuffer:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[str] = Counter()
        self._taken: dict[str, Batch] = {}

    def add(self, incr: dict[str, int], set_: dict[str, int] | None = None) -> None:
        with self._lock:
            self._counts.update(incr)
            for key, value in (set_ or {}).items():
                self._counts[key] = value

    def __len__(self) -> int:
        return len(self._counts)

    def take(self) -> list[Batch]:
        """Batches to write: the current counts (moved out), and any batch a failed flush gave back."""
        with self._lock:
            if self._counts:
                batch = Batch(uuid.uuid4().hex, dict(self._counts))
                self._counts.clear()
                self._taken[batch.batch_id] = batch
            return list(self._taken.values())

    def done(self, batch: Batch) -> None:
        with self._lock:
            self._taken.pop(batch.batch_id, None)

    def clear(self) -> None:
        with self._lock:
            self._counts.clear()
            self._taken.clear()


class RedisBuffer:
    def __init__(self, client, prefix: str) -> None:
        self.client = client
        self.key = f"{prefix}analytics:buffer"
        self.pending = f"{prefix}analytics:pending"
        self.batch_prefix = f"{prefix}analytics:batch:"

    def add(self, incr: dict[str, int], set_: dict[str, int] | None = None) -> None:
        pipe = self.client.pipeline(transaction=False)
        for key, n in incr.items():
            pipe.hincrby(self.key, key, n)
        for key, value in (set_ or {}).items():
            pipe.hset(self.key, key, value)
        pipe.execute()

    def __len__(self) -> int:
        return int(self.client.hlen(self.key))

    def take(self) -> list[Batch]:
        new_id = uuid.uuid4().hex
        pipe = self.client.pipeline(transaction=True)
        pipe.sadd(self.pending, new_id)
        pipe.rename(self.key, self.batch_prefix + new_id)
        try:
            pipe.execute()
        except Exception as error:  # redis says "no such key" on an empty buffer
            if "no such key" not in str(error).lower():
                raise
        batches = []
        for raw in sorted(self.client.smembers(self.pending)):
            batch_id = raw.decode() if isinstance(raw, bytes) else raw
            values = self.client.hgetall(self.batch_prefix + batch_id)
            counts = {_text(k): int(v) for k, v in values.items()}
            batches.append(Batch(batch_id, counts))
        return batches

    def done(self, batch: Batch) -> None:
        pipe = self.client.pipeline(transaction=True)
        pipe.delete(self.batch_prefix + batch.batch_id)
        pipe.srem(self.pending, batch.batch_id)
        pipe.execute()

    def clear(self) -> None:
        for raw in self.client.smembers(self.pending):
            self.client.delete(self.batch_prefix + _text(raw))
        self.client.delete(self.key, self.pending)


def _text(value) -> str:
    return value.decode() if isinstance(value, bytes) else value


_local = LocalBuffer()


@cache
def _redis_buffer(url: str, prefix: str) -> RedisBuffer:
    import redis

    return RedisBuffer(
        redis.Redis.from_url(url, socket_timeout=0.2, socket_connect_timeout=0.2), prefix
    )


_chosen: list = []


@receiver(setting_changed)
def _settings_changed(*, setting, **kwargs) -> None:
    if setting in {"CACHES", "ANALYTICS_REDIS_URL"}:
        _chosen.clear()


def get_buffer() -> LocalBuffer | RedisBuffer:
    """Redis when the default cache is Redis (shared by every node), else this process's dict.
    `ANALYTICS_REDIS_URL` overrides (tests use it to run against a real server). Chosen once."""
    if not _chosen:
        _chosen.append(_choose())
    return _chosen[0]


def _choose() -> LocalBuffer | RedisBuffer:
    url = getattr(settings, "ANALYTICS_REDIS_URL", "")
    cache_conf = settings.CACHES.get("default", {})
    if not url and cache_conf.get("BACKEND", "").endswith("RedisCache"):
        url = cache_conf.get("LOCATION", "")
    if url:
        prefix = cache_conf.get("KEY_PREFIX", "") or "jining"
        return _redis_buffer(url, f"{prefix}:")
    return _local
