"""The title claims on every season of the test fixtures, checked by running the engine on the
completions that decide them (tests/standings/title_oracle.py), after each round where at
most two races are left; and the stored rows carry them."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from bench.synthetic import SyntheticSeason
from championships.models import Season
from results.standings.inputs import build_season_input
from results.standings.models import StandingRow
from tests import factories
from tests.scenarios import ELMS_BUNDLE
from tests.standings.title_oracle import claim_problems

pytestmark = pytest.mark.django_db


def check_every_round(season_id: int, races_left: int = 2) -> int:
    season = build_season_input(season_id)
    last = max(race.round for race in season.calendar)
    rounds = sorted({race.round for race in season.races if race.round >= last - races_left})
    for after_round in rounds:
        assert claim_problems(season, after_round) == []
    return len(rounds)


@pytest.fixture
def superuser() -> Any:
    return factories.UserFactory(superuser=True, username="root")


def test_it_agrees_with_the_engine_on_the_synthetic_season(synthetic: SyntheticSeason) -> None:
    assert check_every_round(synthetic.season.id) == 3  # after rounds 2, 3 and 4


def test_it_agrees_with_the_engine_on_the_elms_2014_bundle(superuser: Any, tmp_path: Path) -> None:
    call_command("import_season", str(ELMS_BUNDLE))
    season = Season.objects.get(series__code="elms", name="2014")
    assert check_every_round(season.id) == 1
    call_command("standings", "elms-2014")
    # One race, all of the calendar: the winners are champions, everybody else is out.
    rows = StandingRow.objects.filter(season=season, championship="teams", class_code="LMP2")
    assert {(row.position == 1, row.title) for row in rows} == {(True, "champion"), (False, "out")}


CALENDARS = {
    # Half points left (13.5 with the pole): the leaders are contenders, most of the field is out.
    "a half-points race left": ["2,4 Hours of Imola,Autodromo Enzo e Dino Ferrari,2014-05-18,240,0.5"],
    "two races left, the last double": [
        "2,4 Hours of Imola,Autodromo Enzo e Dino Ferrari,2014-05-18,240,1",
        "3,4 Hours of Estoril,Circuito do Estoril,2014-10-19,240,2",
    ],
}


def import_with_calendar(tmp_path: Path, later_races: list[str]) -> Season:
    bundle = tmp_path / "bundle"
    shutil.copytree(ELMS_BUNDLE, bundle)
    lines = [
        "round,event,circuit,date,scheduled_duration_min,points_factor",
        "1,4 Hours of Silverstone,Silverstone Circuit,2014-04-12,240,1",
        *later_races,
    ]
    (bundle / "races.csv").write_text("\n".join(lines) + "\n")
    call_command("import_season", str(bundle))
    call_command("standings", "elms-2014")
    return Season.objects.get(series__code="elms", name="2014")


@pytest.mark.parametrize("calendar", CALENDARS)
def test_it_agrees_with_the_engine_on_the_bundle_with_races_to_run(
    superuser: Any, tmp_path: Path, calendar: str
) -> None:
    season = import_with_calendar(tmp_path, CALENDARS[calendar])
    assert check_every_round(season.id) == 1


def test_it_stores_the_title_race_of_the_bundle_with_races_to_run(superuser: Any, tmp_path: Path) -> None:
    season = import_with_calendar(tmp_path, CALENDARS["a half-points race left"])
    rows = {
        row.number: row
        for row in StandingRow.objects.filter(season=season, championship="teams", class_code="LMP2", after_round=1)
    }
    # #46 26 points, #34 18, #43 15: 12.5 + 1 pole still on offer.
    assert (rows["46"].title, rows["46"].title_available) == ("contender", Decimal("13.5"))
    assert rows["34"].title == rows["43"].title == "contender"
    assert rows["46"].title_needs.startswith("Clinches the title at round 2 with ")
    out = [row for row in rows.values() if row.title == "out"]
    assert out and all(row.points + row.title_available < rows["46"].points for row in out)
