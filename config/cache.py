"""The default cache in server mode: Redis as an accelerator, never a dependency of a page.

`DegradingRedisCache` is Django's RedisCache whose every operation falls back to a per-process
local-memory cache when Redis does not answer (stopped, restarting, unreachable, too slow).
A page then renders uncached and says nothing; the fault is logged once per outage.

Why a local-memory fallback rather than "get returns None, set does nothing": the login limits
(allauth's counters) keep working during an outage. They are then counted per web process
instead of across all of them, so a guesser gets at most (web processes x the limit) tries per
window while Redis is down - a bounded relaxation, never a locked-out site or an open door.
Counters written during the outage are forgotten when Redis answers again.

Why a circuit breaker: a Redis that is unreachable (not refusing) costs the connect timeout on
every call; after a failure the fallback is used alone for `RETRY_AFTER_S` seconds, so one
request per process pays at most that timeout, then pages go at full speed uncached.

`/healthz` asks `primary_status()`, which bypasses the fallback: the health check still says
the cache is down.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER_S = 5.0
# Why these: a loopback or LAN Redis answers in well under a millisecond; anything slower than
# this is an outage as far as a page is concerned.
CONNECT_TIMEOUT_S = 0.5
SOCKET_TIMEOUT_S = 1.0

T = TypeVar("T")


class DegradingRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = params.setdefault("OPTIONS", {})
        options.setdefault("socket_connect_timeout", CONNECT_TIMEOUT_S)
        options.setdefault("socket_timeout", SOCKET_TIMEOUT_S)
        super().__init__(server, params)
        self._fallback = LocMemCache(f"paddock-fallback-{id(self)}", {"TIMEOUT": params.get("TIMEOUT", 300)})
        self._down_until = 0.0
        self._lock = threading.Lock()

    # --- the breaker ---------------------------------------------------------------------
    def _guard(self, primary: Callable[[], T], fallback: Callable[[], T]) -> T:
        if time.monotonic() < self._down_until:
            return fallback()
        try:
            return primary()
        # Why not every exception: a caller's own error (incr of a missing key) is not an outage.
        except (RedisError, OSError) as exc:
            self._trip(exc)
            return fallback()

    def _trip(self, exc: Exception) -> None:
        with self._lock:
            was_up = self._down_until == 0.0
            self._down_until = time.monotonic() + RETRY_AFTER_S
        if was_up:
            logger.warning(
                "Redis cache unavailable (%s: %s): serving uncached, login limits counted per process",
                type(exc).__name__,
                exc,
            )

    def _recovered(self) -> None:
        if self._down_until:
            self._down_until = 0.0
            logger.warning("Redis cache available again")

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        def primary() -> Any:
            result = getattr(super(DegradingRedisCache, self), name)(*args, **kwargs)
            self._recovered()
            return result

        return self._guard(primary, lambda: getattr(self._fallback, name)(*args, **kwargs))

    # --- every operation Django's cache API offers -----------------------------------------
    def add(self, *args: Any, **kwargs: Any) -> bool:
        return bool(self._call("add", *args, **kwargs))

    def get(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("get", *args, **kwargs)

    def set(self, *args: Any, **kwargs: Any) -> None:
        self._call("set", *args, **kwargs)

    def touch(self, *args: Any, **kwargs: Any) -> bool:
        return bool(self._call("touch", *args, **kwargs))

    def delete(self, *args: Any, **kwargs: Any) -> bool:
        return bool(self._call("delete", *args, **kwargs))

    def get_many(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        result: dict[str, Any] = self._call("get_many", *args, **kwargs)
        return result

    def has_key(self, *args: Any, **kwargs: Any) -> bool:
        return bool(self._call("has_key", *args, **kwargs))

    def incr(self, *args: Any, **kwargs: Any) -> int:
        result: int = self._call("incr", *args, **kwargs)
        return result

    def set_many(self, *args: Any, **kwargs: Any) -> list[Any]:
        result: list[Any] = self._call("set_many", *args, **kwargs)
        return result

    def delete_many(self, *args: Any, **kwargs: Any) -> None:
        self._call("delete_many", *args, **kwargs)

    def clear(self) -> None:
        self._call("clear")

    # --- for /healthz ------------------------------------------------------------------------
    def primary_status(self) -> dict[str, Any]:
        """Ask Redis itself (no fallback, no breaker): raises when it does not answer."""
        client = self._cache.get_client(write=True)  # type: ignore[attr-defined]  # RedisCache's client
        client.ping()
        return {"ok": True, "backend": "redis"}


def cache_status() -> dict[str, Any]:
    """The health of the default cache as a check result; raises when its store does not answer."""
    backend = caches["default"]
    if isinstance(backend, DegradingRedisCache):
        return backend.primary_status()
    backend.set("paddock:healthz", "1", timeout=10)
    return {"ok": backend.get("paddock:healthz") == "1"}
