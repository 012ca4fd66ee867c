"""build_season_input: what the standings engine reads from the results, in a fixed number of queries."""

from __future__ import annotations

from typing import Any

import pytest

from results.classifications.models import PenaltyKind
from results.classifications.services import Penalty, classification_publish, decision_record
from results.standings import engine
from results.standings.inputs import build_season_input
from tests import factories
from tests.helpers import upload
from tests.scenarios import Elms

pytestmark = pytest.mark.django_db


def test_it_returns_nothing_for_unpublished_races(elms: Elms, world: Any) -> None:
    upload(elms, world.aco_steward)
    assert build_season_input(elms.season.pk).races == ()


def test_it_returns_the_effective_rows_of_the_latest_published_version(elms: Elms, world: Any) -> None:
    first = upload(elms, world.aco_steward)
    classification_publish(version=first, user=world.aco_steward, status="provisional")
    upload(elms, world.aco_steward)  # unpublished version 2 does not count
    decision_record(
        race=elms.race,
        user=world.aco_steward,
        number="1",
        entry=elms.entries["46"],
        penalty=Penalty(PenaltyKind.TIME, "FCY", time_added_ms=5000),
    )
    (race,) = build_season_input(elms.season.pk).races
    assert (race.race_id, race.round) == (elms.race.pk, 1)
    rows = race.rows
    assert len(rows) == 38
    entry = elms.entries["34"]
    frey, mailleux = elms.drivers["Michel FREY"], elms.drivers["Franck MAILLEUX"]
    assert rows[0] == engine.RaceResult(
        number="34",
        class_code="LMP2",
        cup_code="",
        team_key=engine.CompetitorKey("team", str(entry.team_id)),
        team_name="Race Performance",
        drivers=(
            engine.DriverRef(engine.CompetitorKey("driver", str(frey.pk)), "Michel Frey"),
            engine.DriverRef(engine.CompetitorKey("driver", str(mailleux.pk)), "Franck Mailleux"),
        ),
        status="classified",
        class_position=1,
        eligible=True,
    )
    assert [(r.number, r.class_position) for r in rows[1:3]] == [("43", 2), ("46", 3)]
    assert rows[-1].status == "dns"


def test_it_uses_a_fixed_number_of_queries(elms: Elms, world: Any, django_assert_num_queries: Any) -> None:
    version = upload(elms, world.aco_steward)
    classification_publish(version=version, user=world.aco_staff, status="official")
    race2 = factories.RaceFactory(event=elms.race.event, round=2)
    version2 = upload(elms, world.aco_steward, race=race2)
    classification_publish(version=version2, user=world.aco_staff, status="official")
    # rules, rounds, poles, versions, no-points decisions, class changes, drivers, derived rows, adjustments
    with django_assert_num_queries(9):
        races = build_season_input(elms.season.pk).races
    assert [(race.round, len(race.rows)) for race in races] == [(1, 38), (2, 38)]
