"""The pole point passed to the best eligible car (PointsRules.pole_to_best_eligible), on real AsLMS files.

Sepang qualifying (qualifying/R1-lmp2-lmp3.csv of the AsLMS 2023-24 bundle, setting races 1 and 2), LMP2 by
best lap: #90 1:53.653, then #30 and #22 both 1:54.064 (the car printed first, #30, ranks ahead:
it set the time first), #99 1:54.071... Here #90 is not eligible (eligibility.csv), so it scores
nothing, and with the rule its pole point goes to #30 at both races.

LMP2 by the files without #90: R1 #99 #83 #3 #55 #22 #4 #25 #24 #44 #30 (10th: 1 point);
R2 #4 #99 #22 #83 #55 #3 #30 (7th: 6) ... So #30: 1 + 1 (pole) + 6 + 1 (pole) = 9 with the rule,
1 + 6 = 7 without it (the point is lost, today's behaviour).
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from championships.models import Season
from results.season_import import import_season
from results.standings.models import StandingRow
from results.standings.services import recalculate_season
from tests import factories
from tests.scenarios import ASLMS_BUNDLE

pytestmark = pytest.mark.django_db


def sepang_bundle(tmp_path: Path, rule: bool) -> Path:
    bundle = tmp_path / "aslms"
    shutil.copytree(ASLMS_BUNDLE, bundle)
    for round_number in (3, 4, 5):
        (bundle / "results" / f"R{round_number}.csv").unlink()
    for path in (bundle / "qualifying").glob("R[34]-*.csv"):
        path.unlink()
    (bundle / "eligibility.csv").write_text("number,class,eligible\n90,LMP2,false\n")
    if rule:
        text = (bundle / "season.toml").read_text().replace("[points]\n", "[points]\npole_to_best_eligible = true\n")
        (bundle / "season.toml").write_text(text)
    return bundle


def line(season: Season, after_round: int, number: str) -> StandingRow:
    return StandingRow.objects.get(
        season=season, after_round=after_round, championship="teams", class_code="LMP2", number=number
    )


def test_it_passes_the_pole_point_of_an_ineligible_car_to_the_best_eligible_one(tmp_path: Path) -> None:
    season = import_season(sepang_bundle(tmp_path, rule=True), factories.UserFactory(superuser=True)).season
    recalculate_season(season.pk, force=True)
    assert line(season, 1, "30").points == Decimal(2)
    assert line(season, 2, "30").points == Decimal(9)
    notes = [race["note"] for race in line(season, 2, "30").breakdown["races"]]
    assert notes == ["pole point passed on from #90 (may not score)"] * 2
    # Nobody else takes a pole point: R1 has 10 eligible LMP2 cars classified (25+...+1 = 101),
    # R2 nine (25+...+2 = 100, #24 NC), plus the two pole points of #30.
    others = StandingRow.objects.filter(season=season, after_round=2, championship="teams", class_code="LMP2")
    assert sum(row.points for row in others) == 101 + 100 + 2


def test_it_keeps_todays_behaviour_by_default(tmp_path: Path) -> None:
    season = import_season(sepang_bundle(tmp_path, rule=False), factories.UserFactory(superuser=True)).season
    recalculate_season(season.pk, force=True)
    assert line(season, 2, "30").points == Decimal(7)
    others = StandingRow.objects.filter(season=season, after_round=2, championship="teams", class_code="LMP2")
    assert all(race["pole_points"] in ("0", 0) for row in others for race in row.breakdown["races"])
