"""Race-weekend availability with a real worker, PostgreSQL and a Redis of the test's own (issue 19):
- Redis stopped: public pages, the API, sign-in answer as usual (no 500), /healthz says the cache is down;
- after a recalculation by the worker, the first visitor of every table gets a stored body.
(`kill -9` of the worker mid-recalculation: test_faults.py.)
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from bench.synthetic import build_season
from results.standings.models import SeasonStandingsState
from results.standings.prerender import season_urls
from results.standings.services import recalculate_season
from tests import factories
from tests.integration.conftest import Redis, Worker, wait_until
from tests.integration.test_faults import _current, _deduct

pytestmark = pytest.mark.integration


@pytest.fixture
def cache_on_own_redis(own_redis: tuple[Redis, Worker], settings: Any) -> tuple[Redis, Worker]:
    redis, _worker = own_redis
    settings.CACHES = {"default": {"BACKEND": "config.cache.DegradingRedisCache", "LOCATION": redis.url}}
    return own_redis


def test_it_serves_pages_and_sign_in_while_redis_is_stopped(cache_on_own_redis: tuple[Redis, Worker]) -> None:
    redis, _worker = cache_on_own_redis
    season = build_season(races=3, cars=8, classes=2, code="dark").season
    recalculate_season(season.id)
    race = season.events.first().races.first()  # type: ignore[union-attr]
    urls = [*season_urls(season), "/", "/seasons/dark/2023/", f"/races/{race.pk}/classification/"]
    for url in urls:
        assert Client().get(url).status_code == 200, url  # warm: stored in Redis
    user = factories.UserFactory(outsider=True, username="night")

    redis.stop()
    statuses = {url: Client().get(url).status_code for url in urls}
    assert set(statuses.values()) == {200}, statuses
    client = Client()
    client.post("/accounts/login/", {"login": user.email, "password": factories.PASSWORD})
    assert "_auth_user_id" in client.session
    health = Client().get("/healthz")
    assert health.status_code == 503 and health.json()["checks"]["cache"]["ok"] is False

    redis.start()
    wait_until(lambda: Client().get("/healthz").json()["checks"]["cache"]["ok"], timeout=30, what="the cache back")


def test_the_worker_stores_every_public_body_before_the_new_standings_show(
    cache_on_own_redis: tuple[Redis, Worker], settings: Any, django_assert_max_num_queries: Any
) -> None:
    _redis, worker = cache_on_own_redis
    season_id = build_season(races=4, cars=30, code="warm").season.id
    recalculate_season(season_id)
    worker.start()  # server mode: PADDOCK_PRERENDER is on in the worker (REDIS_URL is set)
    _deduct(season_id, 3)
    wait_until(lambda: _current(season_id), timeout=100, what="the worker's recalculation")
    season = SeasonStandingsState.objects.get(season_id=season_id).season
    for url in season_urls(season):
        with django_assert_max_num_queries(1):  # the version only: the worker rendered it
            assert Client().get(url).status_code == 200, url
