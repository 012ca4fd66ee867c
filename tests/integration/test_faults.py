"""Server mode under faults, with a real worker (and its beat) on PostgreSQL + Redis:
`kill -9` of the worker mid-recalculation, and Redis stopped then started again. In both,
stored standings are never partial and are current within a minute afterwards.

Both run on a Redis of their own (a `redis-server` on a free port, started here), so that
stopping it never disturbs the rest of the suite.
"""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import F

from bench.synthetic import build_season
from results.standings.models import ChampionshipAdjustment, SeasonStandingsState, StandingRow
from results.standings.services import recalculate_season
from tests.integration.conftest import Redis, Worker, wait_until

pytestmark = pytest.mark.integration

# After a Redis outage the beat re-sends within 5 s of the broker's return; the time-out is for
# a slow machine, not a target.
CATCH_UP_S = 100.0
# After `kill -9`: the dead run's PostgreSQL lock is gone at once, the beat re-sends within 5 s,
# the season recalculates in about a second (issue 19: within 15 s of the worker restarting).
KILL_TO_CURRENT_S = 15.0


def _stored(season_id: int) -> list[tuple[Any, ...]]:
    return list(
        StandingRow.objects.filter(season_id=season_id)
        .order_by("after_round", "championship", "class_code", "cup_code", "competitor_key")
        .values_list("after_round", "championship", "class_code", "competitor_key", "points")
    )


def _current(season_id: int) -> SeasonStandingsState | None:
    return SeasonStandingsState.objects.filter(
        season_id=season_id, computed_generation=F("generation"), running_since=None
    ).first()


def _deduct(season_id: int, points: int) -> ChampionshipAdjustment:
    """A staff change that affects standings (commits: marks the season dirty, sends the task)."""
    row = StandingRow.objects.filter(season_id=season_id, championship="teams", position=1).order_by("-after_round")[0]
    return ChampionshipAdjustment.objects.create(
        season_id=season_id,
        championship="teams",
        class_code=row.class_code,
        competitor_key=row.competitor_key,
        kind="deduction",
        points=Decimal(points),
        after_round=1,
        reason="fault test",
    )


def test_it_finishes_the_job_after_the_worker_is_killed_mid_recalculation(own_redis: tuple[Redis, Worker]) -> None:
    _redis, worker = own_redis
    season_id = build_season(races=12, cars=300, code="killed").season.id
    recalculate_season(season_id)
    before = _stored(season_id)
    worker.start()

    adjustment = _deduct(season_id, 7)
    # Kill the worker as soon as it holds the season (the run takes about a second).
    wait_until(
        lambda: SeasonStandingsState.objects.filter(season_id=season_id, running_since__isnull=False).exists(),
        timeout=60,
        what="the worker to start recalculating",
    )
    worker.kill()
    assert _stored(season_id) == before  # the killed run's rows were never committed: nothing partial
    assert SeasonStandingsState.objects.get(season_id=season_id).pending

    worker.start()  # a new worker; the dead run's lock is gone, the beat re-sends the season
    restarted = time.monotonic()
    # Why the log: with --pool=solo a busy worker answers no ping; "ready" is when it takes tasks.
    already = worker.log.read_text().count(" ready.")
    wait_until(lambda: worker.log.read_text().count(" ready.") > already, timeout=60, what="the new worker")
    ready = time.monotonic()
    wait_until(lambda: _current(season_id), timeout=CATCH_UP_S, what="the standings to catch up")
    done = time.monotonic()
    print(
        f"kill -9 -> current standings: {done - ready:.1f} s after the new worker is up "
        f"({done - restarted:.1f} s after its start, start-up included)"
    )
    # Why from "up": the start-up of a worker (Django, Celery) is the machine's, not the protocol's;
    # on a quiet machine both are within the target (README: Faults).
    assert done - ready <= KILL_TO_CURRENT_S
    after = _stored(season_id)
    assert len(after) == len(before)
    changed = {row[3] for row, old in zip(after, before, strict=True) if row != old}
    assert changed == {adjustment.competitor_key}


def test_it_catches_up_after_redis_was_stopped_and_started(own_redis: tuple[Redis, Worker]) -> None:
    redis, worker = own_redis
    season_id = build_season(races=4, cars=30, code="outage").season.id
    recalculate_season(season_id)
    before = _stored(season_id)
    worker.start()
    from config.celery import app

    wait_until(lambda: app.control.ping(timeout=1.0), timeout=60, what="the worker to answer")

    redis.stop()
    started = time.monotonic()
    adjustment = _deduct(season_id, 5)  # the save commits although the task cannot be sent
    assert time.monotonic() - started < 10, "a broker outage must not hold a save"
    assert ChampionshipAdjustment.objects.filter(pk=adjustment.pk).exists()
    state = SeasonStandingsState.objects.get(season_id=season_id)
    assert state.pending and _stored(season_id) == before

    time.sleep(3)  # the worker notices the outage
    redis.start()
    wait_until(lambda: _current(season_id), timeout=CATCH_UP_S, what="the standings to catch up after the outage")
    after = _stored(season_id)
    changed = {row[3] for row, old in zip(after, before, strict=True) if row != old}
    assert changed == {adjustment.competitor_key}
