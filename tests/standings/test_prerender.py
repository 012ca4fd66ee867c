"""No visitor renders standings (issue 19, item 4): the recalculation stores the season's public
pages and API bodies before it commits, so the first visitor of a new version gets a stored body
(one query: the version); concurrent misses of one body render it once."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.cache import cache, caches
from django.test import Client

from bench.synthetic import SyntheticSeason, build_season
from championships import http_caching
from results.standings.prerender import season_urls
from results.standings.services import recalculate_season

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _local_cache(settings: Any) -> None:
    # Why: these tests look into the cache's keys (locks); the same in embedded and server mode.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture
def prerendering(settings: Any) -> None:
    settings.PADDOCK_PRERENDER = True


def test_it_lists_every_table_of_the_season_for_the_page_and_the_api(synthetic: SyntheticSeason) -> None:
    urls = season_urls(synthetic.season)
    # 2 classes x 2 championships (drivers, teams), each as a page and an API body, plus both defaults.
    assert len(urls) == 2 + 2 * 4
    assert "/seasons/synth/2023/standings/?championship=drivers&class=C1&cup=&round=4" in urls
    assert "/api/v1/series/synth/seasons/2023/standings/?championship=teams&class=C2" in urls


def test_the_first_visitor_after_a_recalculation_gets_stored_bodies(
    prerendering: None, django_assert_max_num_queries: Any
) -> None:
    season = build_season(races=3, cars=8, classes=2, code="pre").season
    cache.clear()
    assert recalculate_season(season.id) == "computed"
    for url in season_urls(season):
        with django_assert_max_num_queries(1):  # the version only: no render
            response = Client().get(url)
        assert response.status_code == 200, url


def test_without_the_pre_render_the_first_visitor_renders(django_assert_max_num_queries: Any) -> None:
    season = build_season(races=3, cars=8, classes=2, code="cold").season
    cache.clear()
    recalculate_season(season.id)
    url = season_urls(season)[0]
    with pytest.raises(pytest.fail.Exception), django_assert_max_num_queries(1):
        Client().get(url)


def test_a_visitor_waits_for_the_body_another_one_is_rendering(
    synthetic: SyntheticSeason, monkeypatch: Any, django_assert_max_num_queries: Any
) -> None:
    url = season_urls(synthetic.season)[0]
    stored: dict[str, Any] = {}
    real_set = cache.set

    def remember(key: str, value: Any, timeout: Any = None) -> None:
        stored[key] = value
        real_set(key, value, timeout)

    monkeypatch.setattr(caches["default"], "set", remember)
    first = Client().get(url)
    [(key, body)] = stored.items()
    cache.clear()
    # Another process (the worker, another visitor) holds this body's render lock and stores it soon.
    cache.add(key + ":rendering", 1, 10)
    threading.Timer(0.3, real_set, args=(key, body, 60)).start()
    with django_assert_max_num_queries(1):  # the version only: this visitor does not render
        second = Client().get(url)
    assert second.status_code == 200 and second.content == first.content


def test_a_visitor_renders_itself_when_the_other_renderer_never_stores(
    synthetic: SyntheticSeason, monkeypatch: Any
) -> None:
    monkeypatch.setattr(http_caching, "RENDER_WAIT_SECONDS", 0.2)
    url = season_urls(synthetic.season)[0]
    stored: dict[str, Any] = {}
    real_set = cache.set
    monkeypatch.setattr(caches["default"], "set", lambda k, v, t=None: (stored.update({k: v}), real_set(k, v, t)))
    Client().get(url)
    [key] = stored
    cache.clear()
    cache.add(key + ":rendering", 1, 10)  # a renderer that died
    assert Client().get(url).status_code == 200
