"""Per-race rules in a bundle (`[points.rounds.N]` in season.toml), on the real AsLMS 2023-24 files.

Figures by hand from results/R4.csv and R5.csv of tests/fixtures/bundles/aslms-2023-24 (no
qualifying: no pole points). R4 is scored on its own scale 38-27-23-18-15-12-9-6-3-2; its LMP2
order in the file is #4 #83 #3 #90 #22 #30 #25 #34 #24 #55 (then #44 and #47 at 0.5 each).
A factor of 1.5 would give the winner 37.5; the series gives 38. At R5 GT races but does not
score: #88 won GT at both races, 38 at R4 (its scale is every class's) and nothing at R5.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from championships.models import PointsRules, Season
from results.season_bundle import BundleError
from results.season_import import import_season
from results.standings.models import StandingRow
from results.standings.services import recalculate_season
from tests import factories
from tests.scenarios import ASLMS_BUNDLE

pytestmark = pytest.mark.django_db

ROUND_RULES = """
[points.rounds.4]                 # an 8-hour race: a scale of its own
scale = [38, 27, 23, 18, 15, 12, 9, 6, 3, 2]

[points.rounds.5]
non_scoring_classes = ["gt"]      # GT races but does not score here
"""


def round_bundle(tmp_path: Path, extra: str = ROUND_RULES) -> Path:
    """The real season with only races 4 and 5 (calendar of all five), no qualifying, plus `extra` rules."""
    bundle = tmp_path / "aslms"
    shutil.copytree(ASLMS_BUNDLE, bundle)
    shutil.rmtree(bundle / "qualifying")
    for round_number in (1, 2, 3):
        (bundle / "results" / f"R{round_number}.csv").unlink()
    (bundle / "season.toml").write_text((bundle / "season.toml").read_text() + extra)
    return bundle


def team_line(season: Season, after_round: int, class_code: str, number: str) -> tuple[Decimal, str]:
    row = StandingRow.objects.get(
        season=season, after_round=after_round, championship="teams", class_code=class_code, number=number
    )
    return row.points, row.results


def test_it_scores_a_race_on_its_own_scale_and_a_class_that_does_not_score(tmp_path: Path) -> None:
    root = factories.UserFactory(superuser=True)
    season = import_season(round_bundle(tmp_path), root).season
    recalculate_season(season.pk, force=True)
    expected = {"4": 38, "83": 27, "3": 23, "90": 18, "22": 15, "30": 12, "25": 9, "34": 6, "24": 3, "55": 2}
    for number, points in expected.items():
        assert team_line(season, 4, "LMP2", number) == (
            Decimal(points),
            ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"][list(expected).index(number)],
        )
    assert team_line(season, 4, "LMP2", "44")[0] == Decimal("0.5")
    # R5: GT's results are shown, worth nothing.
    assert team_line(season, 5, "GT", "88") == (Decimal(38), "1 1")
    assert team_line(season, 5, "LMP2", "25")[0] == Decimal(9 + 25)  # 7th at R4 (9), won R5 on the season's scale
    r4 = PointsRules.objects.get(race__round=4, race__season=season)
    assert r4.scale == "38 27 23 18 15 12 9 6 3 2" and r4.points_factor == 1
    assert PointsRules.objects.get(race__round=5, race__season=season).non_scoring_classes == "GT"


def test_it_imports_the_round_rules_twice_without_changes(tmp_path: Path) -> None:
    root = factories.UserFactory(superuser=True)
    bundle = round_bundle(tmp_path)
    import_season(bundle, root)
    second = import_season(bundle, root)
    assert second.notes == [] and second.created == {} and second.uploaded_rounds == []


def test_it_refuses_a_round_table_naming_file_line_and_key(tmp_path: Path, settings: Any) -> None:
    root = factories.UserFactory(superuser=True)
    extra = '\n[points.rounds.4]\nnon_scoring_classes = ["LMP9"]\nbest_results = 3\n\n[points.rounds.9]\npole = 2\n'
    bundle = round_bundle(tmp_path, extra)
    with pytest.raises(BundleError) as refused:
        import_season(bundle, root)
    line = (bundle / "season.toml").read_text().splitlines().index("[points.rounds.4]") + 1
    problems = refused.value.problems
    assert (
        f"season.toml line {line}, [points.rounds.4] key non_scoring_classes: unknown class LMP9 "
        "(classes: LMP2, LMP3, GT)" in problems
    )
    assert any(
        p.startswith(f"season.toml line {line}, [points.rounds.4] key best_results: a rule of the whole season")
        for p in problems
    )
    assert any(
        p.startswith("season.toml line") and "[points.rounds.9] key rounds: no race 9 in races.csv" in p
        for p in problems
    )
    assert not Season.objects.exists()
