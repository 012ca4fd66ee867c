"""From upload to standings on the real ELMS 2014 Silverstone race: a driver racing two cars in two
classes, and a car disqualified after taking pole."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from championships.models import PointsRules
from entries import services as entry_services
from results.classifications.services import Penalty, classification_publish, decision_record
from results.classifications.services.poles import pole_set
from results.standings.models import StandingRow
from results.standings.store import season_standings_write
from tests.helpers import upload
from tests.scenarios import Elms, edited_silverstone

pytestmark = pytest.mark.django_db


def _publish(elms: Elms, world: Any, data: bytes | None = None) -> None:
    version = upload(elms, world.aco_steward, data=data)
    classification_publish(version=version, user=world.aco_steward, status="provisional")
    season_standings_write(elms.season.id)


def _driver_rows(elms: Elms, driver_id: int) -> dict[str, StandingRow]:
    rows = StandingRow.objects.filter(season=elms.season, championship="drivers", competitor_key=f"driver-{driver_id}")
    return {row.class_code: row for row in rows}


def test_it_scores_a_driver_in_both_classes_he_raced_at_one_event(elms: Elms, world: Any) -> None:
    PointsRules.objects.create(season=elms.season)  # ACO points; double duty allowed by default
    rasmussen = elms.drivers["Mads RASMUSSEN"]  # #63 GTC; also drives #34 LMP2 here
    entry_services.nomination_add(
        actor=world.aco_staff, entry=elms.entries["34"], event=elms.race.event, driver=rasmussen, check_lineups=False
    )
    _publish(elms, world, edited_silverstone({(3, "DRIVER_3"): "Mads RASMUSSEN"}))

    rows = _driver_rows(elms, rasmussen.pk)
    assert set(rows) == {"LMP2", "GTC"}
    assert rows["LMP2"].points == Decimal(18) and rows["LMP2"].number == "34"  # #34 is 2nd of LMP2
    assert rows["GTC"].number == "63" and rows["GTC"].points > 0


def test_it_refuses_the_second_car_when_the_season_forbids_double_duty(elms: Elms, world: Any) -> None:
    from entries.errors import EntryRefused

    PointsRules.objects.create(season=elms.season, double_duty_allowed=False)
    with pytest.raises(EntryRefused, match=r"already nominated for car #63 .* does not allow double duty"):
        entry_services.nomination_add(
            actor=world.aco_staff,
            entry=elms.entries["34"],
            event=elms.race.event,
            driver=elms.drivers["Mads RASMUSSEN"],
            check_lineups=False,
        )


def _pole_then_dsq(elms: Elms, world: Any) -> None:
    pole_set(actor=world.aco_steward, race=elms.race, class_code="LMP2", number="46", source="qualifying")
    _publish(elms, world)
    decision_record(
        race=elms.race,
        user=world.aco_steward,
        number="21",
        entry=elms.entries["46"],
        penalty=Penalty(kind="dsq", offence="Technical infringement (skid block)"),
    )
    season_standings_write(elms.season.id)


def _team_row(elms: Elms, number: str) -> StandingRow:
    return StandingRow.objects.get(season=elms.season, championship="teams", class_code="LMP2", competitor_key=number)


def test_a_car_disqualified_from_the_race_keeps_its_pole_point(elms: Elms, world: Any) -> None:
    PointsRules.objects.create(season=elms.season)  # ACO points, disqualified_keeps_pole on by default
    _pole_then_dsq(elms, world)
    row = _team_row(elms, "46")
    assert (row.results, row.points) == ("DSQ", Decimal(1))
    assert _team_row(elms, "34").points == Decimal(25)  # the win passes down


def test_a_season_may_take_the_pole_point_from_a_disqualified_car(elms: Elms, world: Any) -> None:
    PointsRules.objects.create(season=elms.season, disqualified_keeps_pole=False)
    _pole_then_dsq(elms, world)
    row = _team_row(elms, "46")
    assert (row.results, row.points) == ("DSQ", Decimal(0))


def test_a_decision_removes_the_pole_point_and_withdrawing_it_gives_it_back(elms: Elms, world: Any) -> None:
    from results.classifications.models import DerivedRow
    from results.classifications.services import decision_withdraw

    PointsRules.objects.create(season=elms.season)
    _pole_then_dsq(elms, world)
    removal = decision_record(
        race=elms.race,
        user=world.aco_steward,
        number="22",
        entry=elms.entries["46"],
        penalty=Penalty(kind="pole_removed", offence="Qualifying lap set under red flag"),
    )
    season_standings_write(elms.season.id)
    assert _team_row(elms, "46").points == Decimal(0)
    assert _team_row(elms, "34").points == Decimal(25)  # nobody inherits the pole point
    penalties = DerivedRow.objects.filter(row__number="46").latest("version__version").penalties
    assert "D22: pole point removed" in penalties

    decision_withdraw(decision=removal, user=world.aco_steward, reason="Appeal upheld")
    season_standings_write(elms.season.id)
    assert _team_row(elms, "46").points == Decimal(1)


def test_a_no_points_decision_on_one_car_leaves_the_drivers_other_car_scoring(elms: Elms, world: Any) -> None:
    PointsRules.objects.create(season=elms.season)
    rasmussen = elms.drivers["Mads RASMUSSEN"]
    entry_services.nomination_add(
        actor=world.aco_staff, entry=elms.entries["34"], event=elms.race.event, driver=rasmussen, check_lineups=False
    )
    _publish(elms, world, edited_silverstone({(3, "DRIVER_3"): "Mads RASMUSSEN"}))
    decision_record(
        race=elms.race,
        user=world.aco_steward,
        number="30",
        entry=elms.entries["34"],
        penalty=Penalty(kind="driver_no_points", offence="Minimum drive time missed", driver=rasmussen),
    )
    season_standings_write(elms.season.id)

    rows = _driver_rows(elms, rasmussen.pk)
    assert rows["LMP2"].points == Decimal(0)
    assert rows["GTC"].points > 0
