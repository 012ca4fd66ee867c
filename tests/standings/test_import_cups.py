"""`import_season` with a portal-template bundle whose rows carry cups (GT World Challenge Asia)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from championships.models import Cup, Season
from entries.models import Entry
from results.standings.models import StandingRow
from tests import factories

pytestmark = pytest.mark.django_db

SEASON_TOML = """series = "GT World Challenge Asia"
series_code = "gtwc-asia"
season = "2022"
governing_bodies = ["SRO"]
classes = ["GT3"]

[points]
scale = [25, 18, 15, 12, 10, 8, 6, 4, 2, 1]
beyond_scale = 0
pole = 0
"""

RESULTS = """position,number,class,cup,team,drivers,status,laps,total_time,best_lap
1,1,GT3,PRO-AM,Alpha Racing,Ann Pro|Bob Bronze,classified,,,
2,2,GT3,SILVER,Bravo Motorsport,Cat Silver|Dan Silver,classified,,,
3,3,GT3,PRO-AM,Alpha Racing,Eve Pro|Fay Bronze,classified,,,
4,4,GT3,,Delta Works,Gus Pro|Hal Pro,classified,,,
"""


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    (tmp_path / "season.toml").write_text(SEASON_TOML)
    (tmp_path / "races.csv").write_text(
        "round,event,circuit,date,scheduled_duration_min\n1,Sepang,Sepang International Circuit,2022-05-21,60\n"
    )
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "R1.csv").write_text(RESULTS)
    return tmp_path


def test_it_creates_the_cups_and_scores_the_cup_championships(bundle: Path) -> None:
    factories.UserFactory(superuser=True, username="root")
    call_command("import_season", str(bundle))
    season = Season.objects.get(series__code="gtwc-asia", name="2022")
    assert sorted(Cup.objects.filter(season=season).values_list("code", "racing_class__code")) == [
        ("PRO-AM", "GT3"),
        ("SILVER", "GT3"),
    ]
    assert {e.number: e.cup.code if e.cup else "" for e in Entry.objects.filter(season=season)} == {
        "1": "PRO-AM",
        "2": "SILVER",
        "3": "PRO-AM",
        "4": "",
    }
    call_command("standings", "gtwc-asia-2022")
    pro_am = StandingRow.objects.filter(season=season, championship="teams", class_code="GT3", cup_code="PRO-AM")
    # Within the cup, #3 (3rd overall) is 2nd and scores 2nd-place points.
    assert [(r.number, r.position, r.points) for r in pro_am.order_by("position")] == [
        ("1", 1, Decimal(25)),
        ("3", 2, Decimal(18)),
    ]
    # Importing the same bundle twice changes nothing.
    call_command("import_season", str(bundle))
    assert Cup.objects.filter(season=season).count() == 2


def test_it_reads_best_n_cars_team_scoring_from_season_toml(bundle: Path) -> None:
    toml = bundle / "season.toml"
    toml.write_text(toml.read_text() + 'team_scoring = "best_n_cars"\nteam_best_n = 2\n')
    factories.UserFactory(superuser=True, username="root")
    call_command("import_season", str(bundle))
    call_command("standings", "gtwc-asia-2022")
    season = Season.objects.get(series__code="gtwc-asia", name="2022")
    alpha = StandingRow.objects.get(season=season, championship="teams", class_code="GT3", cup_code="", position=1)
    assert (alpha.competitor_name, alpha.number, alpha.points) == ("Alpha Racing", "1/3", Decimal(40))
