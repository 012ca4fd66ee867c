"""Fixtures of the API tests: the real ELMS 2014 bundle (round 1, Silverstone) with its standings."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from championships.models import Season
from results.standings.services import recalculate_season
from tests import factories
from tests.scenarios import import_elms_2014


def _import_elms() -> Season:
    season = import_elms_2014(factories.UserFactory(superuser=True, username="root", email="root@paddock.example"))
    # Why recalculate_season: it also records computed_at, the standings' Last-Modified.
    assert recalculate_season(season.id, force=True) == "computed"
    return season


@pytest.fixture
def elms(db: None) -> Season:
    """ELMS 2014 imported from its bundle (official classification of round 1), standings computed."""
    return _import_elms()


@pytest.fixture(scope="module")
def elms_once_per_module(django_db_setup: None, django_db_blocker: Any) -> Iterator[int]:
    """The same ELMS 2014 season, imported once for a whole test module; its id.

    For modules whose every database test reads this season (a test module of many parametrised
    HTTP cases): the import runs in a transaction left open around the module and rolled back
    after it, and each test runs in a savepoint inside it, as Django's setUpTestData does.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield _import_elms().pk
        transaction.set_rollback(True)


@pytest.fixture
def gtwc(db: None) -> Season:
    """GT World Challenge Asia 2022 (a series code with a dash): one event of two races, a class and a cup."""
    sro = factories.OrganisationFactory(code="sro", name="SRO")
    series = factories.SeriesFactory(code="gtwc-asia", name="GT World Challenge Asia", governing_bodies=[sro])
    season = factories.SeasonFactory(series=series, name="2022")
    factories.SeasonFactory(series=series, name="2023")
    gt3 = factories.RacingClassFactory(season=season, code="GT3", name="GT3", order=1)
    factories.CupFactory(season=season, code="PRO-AM", name="Pro-Am", racing_class=gt3)
    factories.add_events(season, 1)
    return season
