"""season_scoring_results: what the standings engine reads, in a fixed number of queries."""

from __future__ import annotations

from typing import Any

import pytest

from results.models import ClassificationVersion, PenaltyKind
from results.selectors import ScoringRow, season_scoring_results
from results.services import (
    Penalty,
    classification_confirm,
    classification_publish,
    classification_upload_preview,
    decision_record,
)
from tests import factories
from tests.results.builders import Elms, silverstone_bytes

pytestmark = pytest.mark.django_db


def upload(elms: Elms, user: Any, race: Any = None) -> ClassificationVersion:
    preview = classification_upload_preview(
        race=race or elms.race, user=user, filename="r.csv", data=silverstone_bytes()
    )
    return classification_confirm(pending_id=preview.pending.pk, sha256=preview.pending.sha256, user=user)


def test_it_returns_nothing_for_unpublished_races(elms: Elms, world: Any) -> None:
    upload(elms, world.aco_steward)
    assert season_scoring_results(elms.season.pk) == []


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
    rows = season_scoring_results(elms.season.pk)
    assert len(rows) == 38
    top = rows[0]
    entry = elms.entries["34"]
    assert top == ScoringRow(
        race_id=elms.race.pk,
        round=1,
        version_id=first.pk,
        classification_status="provisional",
        number="34",
        class_code="LMP2",
        cup_code="",
        team_name="Race Performance",
        entry_id=entry.pk,
        driver_ids=(elms.drivers["Michel FREY"].pk, elms.drivers["Franck MAILLEUX"].pk),
        driver_names=("Michel Frey", "Franck Mailleux"),
        status="classified",
        overall_position=1,
        class_position=1,
    )
    assert [(r.number, r.class_position) for r in rows[1:3]] == [("43", 2), ("46", 3)]
    assert rows[-1].status == "dns"


def test_it_uses_a_fixed_number_of_queries(elms: Elms, world: Any, django_assert_num_queries: Any) -> None:
    version = upload(elms, world.aco_steward)
    classification_publish(version=version, user=world.aco_staff, status="official")
    race2 = factories.RaceFactory(event=elms.race.event, round=2)
    version2 = upload(elms, world.aco_steward, race=race2)
    classification_publish(version=version2, user=world.aco_staff, status="official")
    with django_assert_num_queries(3):
        rows = season_scoring_results(elms.season.pk)
    assert len(rows) == 76
    assert [r.round for r in rows[::38]] == [1, 2]
