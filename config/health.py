"""GET /healthz: can this deployment serve and recalculate? JSON, 200 when all is well, else 503.

Checks the database, the cache, the Celery broker and the last worker heartbeat (the beat
sends `worker_heartbeat` every 30 s; a worker runs it and stamps the cache). For a load
balancer or an uptime monitor: no authentication, nothing secret in the answer.
In embedded mode tasks run in-process: there is no broker and no worker to check.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config.cache import cache_status
from results.standings.worker_health import last_heartbeat

Check = dict[str, Any]


def _database() -> Check:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "vendor": connection.vendor}


def _cache() -> Check:
    # Why not the cache API: it falls back to local memory when Redis is down (config.cache).
    return cache_status()


def _broker() -> Check:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "mode": "eager (in-process)"}
    from config.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return {"ok": True}


def _worker() -> Check:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "mode": "eager (in-process)"}
    seen = last_heartbeat()
    if seen is None:
        return {"ok": False, "error": "no worker heartbeat recorded yet (is celery beat running?)"}
    age = (timezone.now() - seen).total_seconds()
    limit = settings.PADDOCK_HEARTBEAT_MAX_AGE_S
    return {"ok": age <= limit, "last_heartbeat": seen.isoformat(), "age_s": round(age), "max_age_s": limit}


CHECKS = {"database": _database, "cache": _cache, "broker": _broker, "worker": _worker}


def _run(check: Any) -> Check:
    try:
        result: Check = check()
        return result
    except Exception as exc:  # a health check reports every failure; it never raises one
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {name: _run(check) for name, check in CHECKS.items()}
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse({"status": "ok" if healthy else "failing", "checks": checks}, status=200 if healthy else 503)
