"""Stored standings: whole-season recompute, idempotent, constant queries, safe failures."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.synthetic import build_season
from championships.models import PointsRules
from results.standings.models import SeasonStandingsState, StandingRow
from results.standings.services import mark_season_dirty, recalculate_season
from results.standings.store import season_standings_write
from tests import factories

pytestmark = pytest.mark.django_db


def snapshot(season_id: int) -> list[tuple[Any, ...]]:
    """Every stored row with its explanation (the row's part and its competitor's races)."""
    return list(
        StandingRow.objects.filter(season_id=season_id)
        .order_by("after_round", "championship", "class_code", "cup_code", "position", "competitor_key")
        .values_list(
            "after_round",
            "championship",
            "class_code",
            "cup_code",
            "position",
            "competitor_key",
            "points",
            "results",
            "tie_break",
            "dropped",
            "competitor__races",
            "competitor__adjustments",
        )
    )


def test_it_recomputes_the_whole_season_identically_twice() -> None:
    season = build_season(races=3, cars=9).season
    season_standings_write(season.id)
    first = snapshot(season.id)
    season_standings_write(season.id)
    assert snapshot(season.id) == first
    assert {row[0] for row in first} == {1, 2, 3}  # a table after every round: "after round N" is a filter


def test_it_pins_the_query_count_whatever_the_number_of_races_or_entries() -> None:
    small = build_season(races=2, cars=6, code="small").season
    large = build_season(races=6, cars=30, code="large").season
    counts = []
    for season in (small, large):
        with CaptureQueriesContext(connection) as ctx:
            season_standings_write(season.id)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    # 9 reads (rules, races, poles, versions, drivers ruled out, class changes, row drivers,
    # derived rows, adjustments), savepoint, delete rows, delete competitors, one bulk insert of the
    # competitors (their races), one of the rows, release. PostgreSQL's inserts are COPYs
    # on the driver's cursor, which Django's query log does not see: two fewer counted there.
    expected = {"postgresql": 13, "sqlite": 15}[connection.vendor]
    assert counts[0] == expected, [q["sql"][:80] for q in ctx.captured_queries]


def test_it_scores_aco_points_from_the_stored_classification() -> None:
    season = build_season(races=1, cars=6, classes=1).season
    season_standings_write(season.id)
    teams = list(StandingRow.objects.filter(season=season, championship="teams").order_by("position"))
    leader = teams[0]
    # 25 for the win (+1 if it was also on pole); the last classified car gets what the scale says.
    assert leader.points in (Decimal(25), Decimal(26))
    assert leader.results == "1"
    assert sum(r.points for r in teams) >= Decimal(25 + 18 + 15 + 12 + 10)


def test_it_keeps_the_last_good_standings_when_a_recalculation_fails() -> None:
    season = build_season(races=2, cars=6).season
    assert recalculate_season(season.id, force=True) == "computed"
    before = snapshot(season.id)
    with mock.patch("results.standings.services.season_standings_write", side_effect=RuntimeError("disk on fire")):
        assert recalculate_season(season.id, force=True) == "failed"
    state = SeasonStandingsState.objects.get(season=season)
    assert state.last_error == "RuntimeError: disk on fire"
    assert state.running_since is None
    assert snapshot(season.id) == before


def test_it_rolls_back_a_half_written_season() -> None:
    season = build_season(races=2, cars=6).season
    season_standings_write(season.id)
    before = snapshot(season.id)
    with mock.patch("results.standings.store._insert", side_effect=RuntimeError("crash mid-write")):
        assert recalculate_season(season.id, force=True) == "failed"
    assert snapshot(season.id) == before


def test_it_coalesces_a_burst_of_changes_into_one_recalculation(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # the set-up's own transaction commits
        season = build_season(races=1, cars=3).season
    with (
        mock.patch("results.standings.services.season_standings_write", return_value=0) as write,
        django_capture_on_commit_callbacks(execute=True),
    ):
        for n in range(5):
            mark_season_dirty(season.id, reason=f"change {n}")
    assert write.call_count == 1
    state = SeasonStandingsState.objects.get(season=season)
    assert not state.pending and state.computed_at is not None


def test_it_does_nothing_when_another_run_holds_the_season() -> None:
    season = build_season(races=1, cars=3).season
    mark_season_dirty(season.id, reason="change")
    from django.utils import timezone

    SeasonStandingsState.objects.filter(season=season).update(running_since=timezone.now())
    with mock.patch("results.standings.services.season_standings_write") as write:
        assert recalculate_season(season.id) == "busy"
    write.assert_not_called()


def test_it_takes_over_a_claim_left_by_a_crashed_worker() -> None:
    season = build_season(races=1, cars=3).season
    mark_season_dirty(season.id, reason="change")
    from datetime import timedelta

    from django.utils import timezone

    SeasonStandingsState.objects.filter(season=season).update(running_since=timezone.now() - timedelta(hours=1))
    assert recalculate_season(season.id) == "computed"


def test_it_marks_the_season_dirty_when_rules_or_adjustments_change(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # the set-up's own transaction commits
        season = build_season(races=1, cars=3).season
    generation = SeasonStandingsState.objects.get(season=season).generation
    rules = PointsRules.objects.get(season=season, race=None)
    with django_capture_on_commit_callbacks(execute=True) as first:
        rules.pole = Decimal(0)
        rules.save()
    with django_capture_on_commit_callbacks(execute=True) as second:
        factories.ChampionshipAdjustmentFactory(
            season=season, class_code="C1", competitor_key="1", points=5, reason="Fuel"
        )
    state = SeasonStandingsState.objects.get(season=season)
    assert state.generation == generation + 2
    assert (len(first), len(second)) == (1, 1)
    assert not state.pending


def test_it_marks_a_season_once_per_transaction(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        season = build_season(races=1, cars=3).season
    generation = SeasonStandingsState.objects.get(season=season).generation
    rules = PointsRules.objects.get(season=season, race=None)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rules.pole = Decimal(0)
        rules.save()
        factories.ChampionshipAdjustmentFactory(
            season=season, class_code="C1", competitor_key="1", points=5, reason="Fuel"
        )
    # Why once: the one recalculation sent on commit sees both changes.
    assert SeasonStandingsState.objects.get(season=season).generation == generation + 1
    assert len(callbacks) == 1


def test_it_marks_again_after_an_inline_recalculation_in_the_same_transaction(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        season = build_season(races=1, cars=3).season
    rules = PointsRules.objects.get(season=season, race=None)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rules.pole = Decimal(0)
        rules.save()
        recalculate_season(season.id)
        rules.pole = Decimal(2)
        rules.save()
    # The change after the inline run must not be lost: the season is pending again.
    assert SeasonStandingsState.objects.get(season=season).pending
    assert len(callbacks) == 2


def test_it_applies_a_points_deduction_after_recalculation() -> None:
    season = build_season(races=1, cars=3, classes=1).season
    season_standings_write(season.id)
    leader = StandingRow.objects.get(season=season, championship="teams", position=1)
    factories.ChampionshipAdjustmentFactory(
        season=season, class_code="C1", competitor_key=leader.competitor_key, points=Decimal(30)
    )
    season_standings_write(season.id)
    row = StandingRow.objects.get(season=season, championship="teams", competitor_key=leader.competitor_key)
    assert row.points == leader.points - 30
    assert row.position > 1
    assert row.breakdown["adjustments"][0]["reason"] == "Technical infringement"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("scale", "", "The points scale is empty"),
        ("scale", "25 -18 15", "points scale value for place 2 must not be negative, got -18"),
        ("scale", "18 25", "must not increase"),
        ("scale", "25 eighteen", "'eighteen' is not a number"),
        ("tie_break", "coin toss", "unknown tie_break 'coin toss'"),
        ("scale", "3 2 0.25", "must not exceed the last scale value (0.25)"),
    ],
)
def test_it_refuses_rules_that_cannot_be_applied(field: str, value: str, message: str) -> None:
    season = build_season(races=1, cars=3).season
    rules = PointsRules.objects.get(season=season, race=None)
    setattr(rules, field, value)
    with pytest.raises(ValidationError) as excinfo:
        rules.save()
    assert message in str(excinfo.value)
    rules.refresh_from_db()
    assert rules.scale == "25 18 15 12 10 8 6 4 2 1"


def test_it_refuses_negative_beyond_scale_points() -> None:
    season = build_season(races=1, cars=3).season
    rules = PointsRules.objects.get(season=season, race=None)
    rules.beyond_scale = Decimal("-0.5")
    with pytest.raises(ValidationError, match="beyond_scale points must not be negative, got -0.5"):
        rules.save()
