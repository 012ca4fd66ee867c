"""Shared fixtures: a small world with two series and the personas that act on it.

Personas: SRO series staff, ACO steward, a team manager, an outsider (signed in, no role).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from bench.synthetic import SyntheticSeason, build_season
from championships.models import Season, Series
from results.standings.store import season_standings_write
from tests import factories


@dataclass
class World:
    aco_series: Series
    sro_series: Series
    aco_season: Season
    sro_season: Season
    sro_staff: Any
    aco_staff: Any
    aco_steward: Any
    team_manager: Any
    outsider: Any


@pytest.fixture
def world(db: None) -> World:
    aco = factories.OrganisationFactory(code="aco", name="ACO")
    sro = factories.OrganisationFactory(code="sro", name="SRO")
    aco_series = factories.SeriesFactory(code="elms", name="European Le Mans Series", governing_bodies=[aco])
    sro_series = factories.SeriesFactory(code="gtwc-asia", name="GT World Challenge Asia", governing_bodies=[sro])
    aco_season = factories.SeasonFactory(series=aco_series, name="2023")
    sro_season = factories.SeasonFactory(series=sro_series, name="2022")
    return World(
        aco_series=aco_series,
        sro_series=sro_series,
        aco_season=aco_season,
        sro_season=sro_season,
        sro_staff=factories.UserFactory(series_staff=True, organisation=sro, username="sro_staff"),
        aco_staff=factories.UserFactory(series_staff=True, organisation=aco, username="aco_staff"),
        aco_steward=factories.UserFactory(steward=True, organisation=aco, username="aco_steward"),
        team_manager=factories.UserFactory(team_manager=True, organisation=sro, username="manager"),
        outsider=factories.UserFactory(outsider=True, username="outsider"),
    )


@pytest.fixture
def synthetic(db: None) -> SyntheticSeason:
    """bench's synthetic season: 4 rounds, 9 cars in 2 classes, official classifications, standings stored.

    Transactional where the test is (browser tests: live_server, django_db(transaction=True)).
    """
    built = build_season(races=4, cars=9, classes=2, code="synth")
    season_standings_write(built.season.id)
    return built


@pytest.fixture(autouse=True)
def _no_staff_mfa_by_default(settings: Any) -> None:
    # Why: most tests exercise scoping, not MFA; tests of the MFA rule switch it back on.
    settings.PADDOCK_STAFF_MFA_REQUIRED = False


def pytest_configure(config: Any) -> None:
    from django.conf import settings

    # Why: the default hasher is slow on purpose (hundreds of thousands of PBKDF2 rounds); the
    # suite creates hundreds of users, and hashing their passwords was most of its run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Why: unit tests recalculate hundreds of seasons; the pre-render is tested on its own
    # (tests/standings/test_prerender.py) and by the real worker (tests/integration).
    settings.PADDOCK_PRERENDER = False
    # Why: the production storage needs `collectstatic`'s manifest; tests read the apps' files
    # (tests/production/test_serving.py checks the production storage under gunicorn separately).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    """Skip browser/integration tests when their services are missing, unless CI requires them."""
    import os
    import shutil

    no_browser = shutil.which("chromium") is None and not os.path.exists("/usr/bin/chromium")
    server_mode = bool(os.getenv("DATABASE_URL") and os.getenv("REDIS_URL"))
    for item in items:
        if "browser" in item.keywords and no_browser:
            if os.getenv("PADDOCK_REQUIRE_BROWSER"):
                raise pytest.UsageError("/usr/bin/chromium is required (PADDOCK_REQUIRE_BROWSER is set)")
            item.add_marker(pytest.mark.skip(reason="/usr/bin/chromium is not installed"))
        if "integration" in item.keywords and not server_mode:
            if os.getenv("PADDOCK_REQUIRE_INTEGRATION"):
                raise pytest.UsageError("integration tests need DATABASE_URL and REDIS_URL")
            item.add_marker(pytest.mark.skip(reason="needs DATABASE_URL + REDIS_URL (server mode)"))


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    # Why: allauth's login rate limits live in the cache (Redis in server mode); one test's
    # failed logins must not lock the next test's persona out.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _eager_celery_outside_integration_tests(request: pytest.FixtureRequest) -> Any:
    """Unit tests run tasks in-process in both modes; integration tests use the real worker."""
    from config.celery import app

    if "integration" in request.keywords:
        yield
        return
    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous
