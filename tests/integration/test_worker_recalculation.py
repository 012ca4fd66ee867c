"""Server mode: a change sends one task on commit and a real worker recalculates the season."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from results.standings.models import SeasonStandingsState
from results.standings.services import mark_season_dirty
from tests import factories
from tests.integration.conftest import wait_until
from tests.scenarios import import_elms_2014

pytestmark = pytest.mark.integration


def test_it_recalculates_in_the_worker_after_commit(celery_worker_process: Any) -> None:
    season = factories.SeasonFactory()
    with transaction.atomic():
        for n in range(5):
            mark_season_dirty(season.id, reason=f"burst {n}")
        state = SeasonStandingsState.objects.get(season=season)
        # One transaction marks the season once: the one task sent on commit sees all five changes.
        assert state.generation == 1 and state.computed_at is None

    state = wait_until(
        lambda: SeasonStandingsState.objects.filter(season=season, computed_generation=1, running_since=None).first(),
        what="the worker to compute generation 1",
    )
    assert state.computed_at is not None
    assert state.last_error == ""
    assert not state.pending


def test_it_scores_an_imported_season_and_follows_a_penalty(celery_worker_process: Any) -> None:
    from results.standings.models import StandingRow
    from results.standings.tasks import recalculate_season_standings

    season = import_elms_2014()  # commits: the worker gets the task

    def leader() -> StandingRow | None:
        return StandingRow.objects.filter(season=season, championship="teams", class_code="LMP2", position=1).first()

    row = wait_until(leader, what="the worker to store the ELMS 2014 standings")
    assert (row.competitor_name, row.points) == ("Thiriet By TDS Racing", 25)

    factories.ChampionshipAdjustmentFactory(season=season, points=10, reason="Appeal lost")
    row = wait_until(lambda: (r := leader()) and r.competitor_key == "34" and r, what="the deduction to reorder LMP2")
    assert row.competitor_name == "Race Performance"

    # Concurrent or repeated tasks do no harm: same rows, no duplicates.
    before = StandingRow.objects.filter(season=season).count()
    computed_at = SeasonStandingsState.objects.get(season=season).computed_at
    for _ in range(3):  # results are not kept (nobody waits on them): the state tells
        recalculate_season_standings.delay(season.id, force=True)
    wait_until(
        lambda: SeasonStandingsState.objects.filter(
            season=season, computed_at__gt=computed_at, running_since=None
        ).exists(),
        what="the forced recalculations to run",
    )
    assert StandingRow.objects.filter(season=season).count() == before
