"""The last time a Celery worker ran the beat's heartbeat task, kept in the cache.

In server mode the cache is Redis, shared by the web processes and the workers, so /healthz
can tell "no worker has run anything for minutes" (dead worker, dead beat, broker down).
"""

from __future__ import annotations

from datetime import datetime

from django.core.cache import cache
from django.utils import timezone

HEARTBEAT_KEY = "paddock:worker-heartbeat"


def record_heartbeat() -> str:
    now = timezone.now().isoformat()
    cache.set(HEARTBEAT_KEY, now, timeout=None)
    return now


def last_heartbeat() -> datetime | None:
    value = cache.get(HEARTBEAT_KEY)
    return datetime.fromisoformat(value) if isinstance(value, str) else None
