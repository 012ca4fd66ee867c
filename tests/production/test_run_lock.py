"""On PostgreSQL a standings run holds an advisory lock for its whole transaction: a claim whose
lock is gone (its worker was killed) is taken over after seconds, not the 30 s lease, and a run
that holds the lock is never overlapped, however old its claim (issue 19, item 3).
The real `kill -9` is tests/integration/test_faults.py."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from unittest import mock

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from bench.synthetic import build_season
from results.standings.models import SeasonStandingsState
from results.standings.services import (
    _RUN_LOCK_SPACE,
    CLAIM_GRACE,
    CLAIM_LEASE,
    mark_season_dirty,
    pending_season_ids,
    recalculate_season,
)
from results.standings.tasks import recalculate_season_standings
from tests.integration.conftest import _test_database_url

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the run lock is PostgreSQL's advisory lock (SQLite serialises writers itself)")


@pytest.fixture
def season_id() -> int:
    season = build_season(races=2, cars=4, code="lock").season
    recalculate_season(season.id)
    with mock.patch.object(recalculate_season_standings, "delay"):  # pending, not yet run
        mark_season_dirty(season.id, reason="test")
    return season.id


@pytest.fixture
def other_worker() -> Iterator[psycopg.Connection]:
    """Another database session, as a worker's would be."""
    with psycopg.connect(_test_database_url(), autocommit=True) as other:
        yield other


def _claimed(season_id: int, ago: timedelta) -> None:
    SeasonStandingsState.objects.filter(season_id=season_id).update(running_since=timezone.now() - ago)


def test_it_takes_over_a_claim_whose_run_lock_is_gone_after_seconds(season_id: int) -> None:
    _claimed(season_id, CLAIM_GRACE + timedelta(seconds=1))  # far inside the 30 s lease, but nobody runs
    assert season_id in pending_season_ids()
    assert recalculate_season(season_id) == "computed"


def test_it_leaves_a_fresh_claim_to_its_run(season_id: int) -> None:
    _claimed(season_id, timedelta(0))  # claimed a moment ago: its lock may not show yet
    assert season_id not in pending_season_ids()
    assert recalculate_season(season_id) == "busy"


def test_it_never_overlaps_a_live_run_even_past_the_lease(season_id: int, other_worker: psycopg.Connection) -> None:
    other_worker.execute("SELECT pg_advisory_lock(%s, %s)", [_RUN_LOCK_SPACE, season_id])
    _claimed(season_id, CLAIM_LEASE + timedelta(seconds=5))  # a run under load outlasting the lease
    assert recalculate_season(season_id) == "busy"
    assert SeasonStandingsState.objects.get(season_id=season_id).pending
    # The live run ends (it releases its lock and claim); the next run computes.
    other_worker.execute("SELECT pg_advisory_unlock(%s, %s)", [_RUN_LOCK_SPACE, season_id])
    _claimed(season_id, CLAIM_GRACE + timedelta(seconds=1))
    assert recalculate_season(season_id) == "computed"
