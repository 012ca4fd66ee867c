"""Deleting a season with standings data works; deleting one row still marks it dirty."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from championships.models import PointsRules, Season
from results.classifications.qualifying_models import RacePole
from results.standings.models import SeasonStandingsState
from tests import factories
from tests.scenarios import ELMS_BUNDLE

# Why transaction=True: SQLite checks the foreign keys at commit, which is where this failed.
pytestmark = pytest.mark.django_db(transaction=True)


def season_with_standings_data() -> Any:
    season = factories.SeasonFactory()
    factories.RacingClassFactory(season=season, code="LMP2")
    race = factories.RaceFactory(event=factories.EventFactory(season=season))
    PointsRules.objects.create(season=season)
    RacePole.objects.create(race=race, class_code="LMP2", number="1")
    factories.ChampionshipAdjustmentFactory(season=season, competitor_key="1", points=Decimal(1), reason="Fuel")
    return season


def test_it_deletes_a_season_with_rules_poles_and_adjustments() -> None:
    season = season_with_standings_data()
    assert SeasonStandingsState.objects.filter(season=season).exists()
    season.delete()
    assert not Season.objects.filter(pk=season.pk).exists()
    assert not SeasonStandingsState.objects.exists()


def test_deleting_one_pole_still_marks_the_season_dirty() -> None:
    season = season_with_standings_data()
    before = SeasonStandingsState.objects.get(season=season).generation
    RacePole.objects.get(race__season=season).delete()
    assert SeasonStandingsState.objects.get(season=season).generation == before + 1


def test_renaming_a_team_or_a_driver_or_renumbering_a_race_marks_the_season_dirty() -> None:

    from django.core.management import call_command

    from entries.models import Driver, Entry
    from results.standings.models import StandingRow

    def generation() -> int:
        return SeasonStandingsState.objects.get(season=season).generation

    factories.UserFactory(superuser=True, username="root")
    call_command("import_season", str(ELMS_BUNDLE))
    season = Season.objects.get(series__code="elms", name="2014")

    before = generation()
    team = Entry.objects.get(season=season, number="46").team
    team.name = "TDS Racing"
    team.save()
    assert generation() == before + 1
    # Tests run Celery tasks in-process on commit: the stored rows already follow.
    row = StandingRow.objects.filter(season=season, championship="teams", competitor_key="46").first()
    assert row is not None and row.competitor_name == "TDS Racing"

    driver = Driver.objects.get(last_name="THIRIET")
    driver.first_name = "Pierre-Louis"
    driver.save()
    assert generation() == before + 2
    assert StandingRow.objects.filter(season=season, competitor_name="Pierre-Louis THIRIET").exists()

    race = season.races.get(round=1)
    race.name = "4 Hours"
    race.save()
    assert generation() == before + 3


def test_adding_removing_or_cancelling_a_race_of_the_calendar_updates_the_title_status() -> None:
    from django.core.management import call_command

    from results.standings.models import StandingRow

    factories.UserFactory(superuser=True, username="root")
    call_command("import_season", str(ELMS_BUNDLE))
    season = Season.objects.get(series__code="elms", name="2014")
    winner = {"season": season, "championship": "teams", "class_code": "LMP2", "competitor_key": "46"}
    assert StandingRow.objects.get(**winner).title == "champion"

    # Tests run Celery tasks in-process on commit: the stored rows follow the calendar.
    event = factories.EventFactory(season=season)
    race = factories.RaceFactory(event=event, round=2)
    assert StandingRow.objects.get(**winner).title == "contender"
    # A cancelled event's races award nothing.
    event.cancelled = True
    event.save()
    assert StandingRow.objects.get(**winner).title == "champion"
    event.cancelled = False
    event.save()
    assert StandingRow.objects.get(**winner).title == "contender"
    race.delete()
    assert StandingRow.objects.get(**winner).title == "champion"
