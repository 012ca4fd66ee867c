"""`[[championships]]` of season.toml: a cup championship scored from a small bundle, and every
refusal naming season.toml, the championship and the key, with nothing written."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from championships.models import ExtraChampionship, Season
from results.season_import import BundleError, import_season
from results.standings.models import StandingRow
from tests import factories
from tests.standings.test_import_cups import RESULTS, SEASON_TOML

pytestmark = pytest.mark.django_db

RACES = """round,event,circuit,date,scheduled_duration_min
1,Sepang,Sepang International Circuit,2022-05-21,60
2,Suzuka,Suzuka Circuit,2022-07-16,60
"""
# Race 2 at Suzuka: #3 wins from #1; #2 and #4 retire.
RESULTS_2 = """position,number,class,cup,team,drivers,status,laps,total_time,best_lap
1,3,GT3,PRO-AM,Alpha Racing,Eve Pro|Fay Bronze,classified,,,
2,1,GT3,PRO-AM,Alpha Racing,Ann Pro|Bob Bronze,classified,,,
3,2,GT3,SILVER,Bravo Motorsport,Cat Silver|Dan Silver,dnf,,,
4,4,GT3,,Delta Works,Gus Pro|Hal Pro,dnf,,,
"""


def write_bundle(folder: Path, championships: str) -> Path:
    (folder / "season.toml").write_text(SEASON_TOML + championships)
    (folder / "races.csv").write_text(RACES)
    (folder / "results").mkdir()
    (folder / "results" / "R1.csv").write_text(RESULTS)
    (folder / "results" / "R2.csv").write_text(RESULTS_2)
    return folder


@pytest.fixture
def root() -> Any:
    return factories.UserFactory(superuser=True, username="root")


def test_it_scores_a_cup_championship_over_the_japanese_round_only(tmp_path: Path, root: Any) -> None:
    bundle = write_bundle(
        tmp_path,
        '[[championships]]\nname = "Japan Pro-Am"\ncups = ["pro-am"]\nrounds = [2]\n'
        'competitors = "drivers"\nnumbers = ["1", "3"]\n',
    )
    call_command("import_season", str(bundle))
    call_command("standings", "gtwc-asia-2022")
    season = Season.objects.get(series__code="gtwc-asia")
    assert ExtraChampionship.objects.get(season=season).cups == "PRO-AM"
    rows = StandingRow.objects.filter(season=season, championship="Japan Pro-Am", after_round=2)
    # Suzuka only: #3's crew wins (25), #1's is second (18); Sepang does not count.
    assert sorted((r.position, r.competitor_name, r.points, r.results) for r in rows) == [
        (1, "Eve Pro", Decimal(25), "1"),
        (1, "Fay Bronze", Decimal(25), "1"),
        (3, "Ann Pro", Decimal(18), "2"),
        (3, "Bob Bronze", Decimal(18), "2"),
    ]
    assert not StandingRow.objects.filter(season=season, championship="Japan Pro-Am", after_round=1).exists()


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        ('name = "Japan Cup"\nclasses = ["GT4"]', "championships #1 (Japan Cup), key classes: unknown class 'GT4'"),
        ('name = "Japan Cup"\nrounds = [2, 3]', "(Japan Cup), key rounds: round 3 is not in races.csv"),
        ('name = "Japan Cup"\ncompetitors = "cars"', "key competitors: 'cars' is not drivers or teams"),
        ('name = "Teams"', "key name: 'Teams' is the name of a standard table"),
        ('classes = ["GT3"]', "championships #1, key name: give the championship's name"),
        ('name = "Japan Cup"\nround = [2]', "championships #1 (Japan Cup), key round: unknown key"),
        ('name = "Japan Cup"\nrounds = 2', "championships #1 (Japan Cup), key rounds: give a list"),
    ],
)
def test_it_refuses_a_championship_the_season_cannot_score(tmp_path: Path, root: Any, table: str, problem: str) -> None:
    bundle = write_bundle(tmp_path, f"[[championships]]\n{table}\n")
    with pytest.raises(BundleError) as refused:
        import_season(bundle, root)
    assert any(line.startswith("season.toml: ") and problem in line for line in refused.value.problems), refused.value
    assert not Season.objects.exists()


def test_it_refuses_two_championships_of_one_name(tmp_path: Path, root: Any) -> None:
    bundle = write_bundle(tmp_path, '[[championships]]\nname = "Cup"\n[[championships]]\nname = "cup"\n')
    with pytest.raises(BundleError, match=r"championships #2 \(cup\), key name: a championship of that name"):
        import_season(bundle, root)


def test_it_refuses_a_cup_the_results_never_name_and_writes_nothing(tmp_path: Path, root: Any) -> None:
    bundle = write_bundle(tmp_path, '[[championships]]\nname = "Am Cup"\ncups = ["AM"]\n')
    with pytest.raises(BundleError, match=r"season.toml: championships #1 \(Am Cup\): .* has no cup AM"):
        import_season(bundle, root)
    assert not Season.objects.exists()
