"""GET /healthz: JSON for a load balancer, 200 when the deployment can serve and recalculate."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from results.standings.worker_health import HEARTBEAT_KEY, record_heartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_worker(settings: Any) -> None:
    """As in server mode: tasks go through the broker (here Celery's in-memory one) to a worker."""
    settings.CELERY_TASK_ALWAYS_EAGER = False


def test_it_is_healthy_in_embedded_mode(settings: Any) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = True  # as without REDIS_URL (the suite also runs in server mode)
    response = Client().get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker", "worker"}
    assert body["checks"]["worker"]["mode"] == "eager (in-process)"
    assert response["Cache-Control"].startswith("max-age=0")


def test_it_fails_until_a_worker_has_run_the_heartbeat(with_worker: None) -> None:
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert "no worker heartbeat" in response.json()["checks"]["worker"]["error"]
    record_heartbeat()
    response = Client().get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["worker"]["age_s"] <= 1


def test_it_fails_when_the_last_heartbeat_is_too_old(with_worker: None, settings: Any) -> None:
    cache.set(HEARTBEAT_KEY, (timezone.now() - timedelta(seconds=settings.PADDOCK_HEARTBEAT_MAX_AGE_S + 5)).isoformat())
    response = Client().get("/healthz")
    assert response.status_code == 503
    worker = response.json()["checks"]["worker"]
    assert worker["ok"] is False and worker["age_s"] > worker["max_age_s"]


def test_it_reports_a_broker_that_does_not_answer(with_worker: None) -> None:
    record_heartbeat()
    with mock.patch("kombu.Connection.ensure_connection", side_effect=ConnectionRefusedError("refused")):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == {"ok": False, "error": "ConnectionRefusedError: refused"}


def test_it_reports_a_database_that_does_not_answer() -> None:
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=RuntimeError("gone")):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"]["ok"] is False


def test_it_accepts_only_get() -> None:
    assert Client().post("/healthz").status_code == 405
