"""Stewards' decisions in a bundle (decisions.csv), on the real AsLMS 2023-24 files.

R2 (4 Hours of Sepang, race 2), LMP2 by the file: #4 #99 #22 #83 #55 #3 #30 #90 #25 #44, all on 108
or 107 laps; #22 finished 6.400 s ahead of #83 (4:00:48.142 and 4:00:54.542) and 17.338 s ahead of
#55 (4:01:05.480). Ten seconds added to #22 (4:00:58.142) put it behind #83 and still ahead of #55:
#83 3rd (15), #22 4th (12). R1 by the file: #99 #83 #3 #55 #22 #4 #90 #25 #24 #44 #30 (25 ... 1, 0.5).
After R2 (no qualifying: no pole points): #83 18 + 15 = 33 (30 without the decision),
#22 10 + 12 = 22 (25 without it), #4 8 + 25 = 33, #99 25 + 18 = 43.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from championships.models import Season
from results.classifications.models import ClassificationStatus, Decision, DerivedRow
from results.season_bundle import BundleError
from results.season_import import import_season
from results.standings.models import StandingRow
from results.standings.services import recalculate_season
from tests import factories
from tests.scenarios import ASLMS_BUNDLE

pytestmark = pytest.mark.django_db

DECISION = "round,number,penalty,value,document,reason\n2,22,time,10,31,Causing a collision\n"


def decided_bundle(tmp_path: Path, decisions: str = DECISION) -> Path:
    bundle = tmp_path / "aslms"
    shutil.copytree(ASLMS_BUNDLE, bundle)
    shutil.rmtree(bundle / "qualifying")
    for round_number in (3, 4, 5):
        (bundle / "results" / f"R{round_number}.csv").unlink()
    (bundle / "decisions.csv").write_text(decisions)
    return bundle


def lmp2_team_points(season: Season, after_round: int) -> dict[str, Decimal]:
    rows = StandingRow.objects.filter(season=season, after_round=after_round, championship="teams", class_code="LMP2")
    return {row.number: row.points for row in rows}


def test_it_applies_a_time_penalty_of_the_bundle_through_the_decision_service(tmp_path: Path) -> None:
    root = factories.UserFactory(superuser=True)
    season = import_season(decided_bundle(tmp_path), root).season
    recalculate_season(season.pk, force=True)
    decision = Decision.objects.get(race__season=season)
    assert (decision.race.round, decision.entry.number, decision.time_added_ms) == (2, "22", 10_000)
    assert decision.number == "31" and decision.offence == "Causing a collision"
    derived = {
        row.row.number: row.class_position
        for row in DerivedRow.objects.filter(version__race=decision.race, class_code="LMP2").select_related("row")
    }
    assert (derived["83"], derived["22"], derived["55"]) == (3, 4, 5)
    # Published official with the decision applied (not "amended" afterwards).
    assert decision.race.classification_versions.get().status == ClassificationStatus.OFFICIAL
    points = lmp2_team_points(season, 2)
    assert (points["83"], points["22"], points["4"], points["99"]) == (33, 22, 33, 43)
    line = StandingRow.objects.get(season=season, after_round=2, championship="teams", class_code="LMP2", number="22")
    assert "+10" in line.breakdown["races"][1]["note"]


def test_it_imports_the_decision_twice_without_changes(tmp_path: Path) -> None:
    root = factories.UserFactory(superuser=True)
    bundle = decided_bundle(tmp_path)
    import_season(bundle, root)
    second = import_season(bundle, root)
    assert second.notes == [] and second.uploaded_rounds == []
    assert Decision.objects.count() == 1


def test_it_refuses_bad_decision_lines_naming_file_row_and_column(tmp_path: Path) -> None:
    root = factories.UserFactory(superuser=True)
    lines = (
        "round,number,penalty,value,document,reason\n"
        "2,22,time,ten,31,x\n"
        "9,22,laps,1,32,x\n"
        "2,777,dsq,,33,x\n"
        "2,22,stop-go,,34,x\n"
    )
    with pytest.raises(BundleError) as refused:
        import_season(decided_bundle(tmp_path, lines), root)
    assert refused.value.problems == [
        "decisions.csv row 2, column value: 'ten' is not a number of seconds (e.g. 10 or 2.5)",
        "decisions.csv row 3, column round: '9' is not a round of races.csv",
        "decisions.csv row 4, column number: car '777' is not in results/R2.csv",
        "decisions.csv row 5, column penalty: 'stop-go' is not one of time, laps, dsq",
    ]
    assert not Season.objects.exists()


def test_it_refuses_a_decision_the_service_refuses_naming_the_row(tmp_path: Path) -> None:
    root = factories.UserFactory(superuser=True)
    lines = "round,number,penalty,value,document,reason\n2,22,dsq,,31,x\n2,22,dsq,,32,again\n"
    with pytest.raises(BundleError) as refused:
        import_season(decided_bundle(tmp_path, lines), root)
    assert refused.value.problems[0].startswith("decisions.csv row 3: Car #22 already has disqualification")
