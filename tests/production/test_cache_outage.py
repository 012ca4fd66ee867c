"""Redis is an accelerator, never a dependency of a page (issue 19, item 1).

The default cache is `config.cache.DegradingRedisCache` pointed at a loopback port where nothing
listens: every Redis call is refused, as during an outage. Public pages and the API render
uncached, sign-in works and is still limited, /healthz says the cache is down. The real outage
(Redis stopped under a running worker and gunicorn) is tests/integration/test_redis_outage.py.
"""

from __future__ import annotations

import logging
import socket
from typing import Any

import pytest
from django.core.cache import caches
from django.test import Client

from bench.synthetic import SyntheticSeason
from config import cache as degrading
from tests import factories

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    """A loopback port with nothing listening (bound then released: connections are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def redis_down(settings: Any) -> None:
    settings.CACHES = {
        "default": {"BACKEND": "config.cache.DegradingRedisCache", "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0"}
    }


def _public_urls(built: SyntheticSeason) -> list[str]:
    season = built.season
    race = season.events.first().races.first()  # type: ignore[union-attr]
    series, name = season.series.code, season.name
    return [
        "/",
        f"/seasons/{series}/{name}/",
        f"/seasons/{series}/{name}/standings/",
        f"/races/{race.pk}/classification/",
        f"/api/v1/series/{series}/seasons/{name}/standings/",
    ]


def test_it_serves_every_public_page_uncached_when_redis_is_down(
    redis_down: None, synthetic: SyntheticSeason, caplog: Any
) -> None:
    with caplog.at_level(logging.WARNING, logger="config.cache"):
        for url in _public_urls(synthetic):
            for _ in range(2):  # the second visit finds nothing in Redis either, and still gets the page
                response = Client().get(url)
                assert response.status_code == 200, url
    warnings = [r for r in caplog.records if r.name == "config.cache"]
    # One warning per outage, not one per request.
    assert len(warnings) == 1 and "Redis cache unavailable" in warnings[0].getMessage()


def test_it_lets_users_sign_in_and_still_limits_failed_logins_when_redis_is_down(redis_down: None) -> None:
    erin = factories.UserFactory(outsider=True, username="erin")
    client = Client()
    client.post("/accounts/login/", {"login": erin.email, "password": factories.PASSWORD})
    assert "_auth_user_id" in client.session
    frank = factories.UserFactory(outsider=True, username="frank")
    for _ in range(5):
        Client().post("/accounts/login/", {"login": frank.email, "password": "wrong"})
    locked = Client()
    response = locked.post("/accounts/login/", {"login": frank.email, "password": factories.PASSWORD})
    # Why: the counters fall back to the web process's memory instead of failing open.
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in locked.session


def test_it_says_on_healthz_that_the_cache_is_down(redis_down: None) -> None:
    response = Client().get("/healthz")
    assert response.status_code == 503
    check = response.json()["checks"]["cache"]
    assert check["ok"] is False and "ConnectionError" in check["error"]


def test_it_stops_asking_redis_for_a_while_after_a_failure(redis_down: None, monkeypatch: Any) -> None:
    calls: list[str] = []
    store = caches["default"]
    assert isinstance(store, degrading.DegradingRedisCache)
    real_get = degrading.RedisCache.get

    def counting_get(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append("get")
        return real_get(self, *args, **kwargs)

    monkeypatch.setattr(degrading.RedisCache, "get", counting_get)
    store.set("k", "v")  # refused: trips the breaker, the value goes to local memory
    assert [store.get("k") for _ in range(5)] == ["v"] * 5
    assert calls == []  # within RETRY_AFTER_S nothing more is sent to Redis
    monkeypatch.setattr(degrading.time, "monotonic", lambda: 10**9)
    assert store.get("k") == "v"  # after it, Redis is tried again (still down: local memory answers)
    assert calls == ["get"]
