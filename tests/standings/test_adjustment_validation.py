"""An adjustment or a pole that would silently change nothing (or break the recalculation) is refused."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from championships.models import Season
from results.classifications.qualifying_models import RacePole
from results.standings.models import ChampionshipAdjustment, StandingRow
from tests import factories
from tests.scenarios import ELMS_BUNDLE

pytestmark = pytest.mark.django_db


@pytest.fixture
def season() -> Season:
    factories.UserFactory(superuser=True, username="root")
    call_command("import_season", str(ELMS_BUNDLE))
    call_command("standings", "elms-2014")  # computes the stored standings
    return Season.objects.get(series__code="elms", name="2014")


def adjustment(season: Season, **fields: Any) -> ChampionshipAdjustment:
    """A deduction of 5 points from car 46's LMP2 team, not saved: full_clean() is what is tested."""
    return factories.ChampionshipAdjustmentFactory.build(season=season, **fields)


def test_it_accepts_the_key_the_standings_use_for_a_per_car_team(season: Season) -> None:
    assert StandingRow.objects.filter(season=season, championship="teams", competitor_key="46").exists()
    adjustment(season).full_clean()


def test_it_refuses_a_key_of_no_competitor_and_names_the_known_ones(season: Season) -> None:
    with pytest.raises(ValidationError) as excinfo:
        adjustment(season, competitor_key="car-46").full_clean()
    message = excinfo.value.message_dict["competitor_key"][0]
    assert "No competitor 'car-46' in the teams standings of LMP2" in message
    assert "46 (" in message


def test_it_refuses_an_unknown_class_or_cup(season: Season) -> None:
    with pytest.raises(ValidationError) as excinfo:
        adjustment(season, class_code="LMP9").full_clean()
    assert "has no class 'LMP9'" in excinfo.value.message_dict["class_code"][0]
    with pytest.raises(ValidationError) as excinfo:
        adjustment(season, cup_code="NOPE").full_clean()
    assert "has no cup 'NOPE'" in excinfo.value.message_dict["cup_code"][0]


def test_it_refuses_a_deduction_of_no_points(season: Season) -> None:
    with pytest.raises(ValidationError) as excinfo:
        adjustment(season, points=Decimal(0)).full_clean()
    assert "greater than 0" in excinfo.value.message_dict["points"][0]


def test_it_checks_the_key_format_before_any_standings_exist() -> None:
    season = factories.SeasonFactory()
    factories.RacingClassFactory(season=season, code="GT3")
    with pytest.raises(ValidationError) as excinfo:
        adjustment(season, class_code="GT3", championship="drivers", competitor_key="Smith").full_clean()
    assert "is not a drivers key" in excinfo.value.message_dict["competitor_key"][0]
    adjustment(season, class_code="GT3", championship="drivers", competitor_key="driver-7").full_clean()


def test_it_refuses_a_pole_for_a_class_or_cup_the_season_does_not_have(season: Season) -> None:
    race = season.races.get(round=1)
    with pytest.raises(ValidationError) as excinfo:
        RacePole(race=race, class_code="LMP9", number="46").full_clean()
    assert "has no class 'LMP9'" in excinfo.value.message_dict["class_code"][0]
    with pytest.raises(ValidationError) as excinfo:
        RacePole(race=race, class_code="LMP2", cup_code="NOPE", number="46").full_clean()
    assert "has no cup 'NOPE'" in excinfo.value.message_dict["cup_code"][0]
    RacePole(race=race, class_code="LMP2", number="46").full_clean()
