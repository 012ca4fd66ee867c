"""`import_season` on the real ELMS 2014 Silverstone bundle and the `standings` CSV export."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from championships.models import PointsRules, Race, Season
from entries.models import Entry, Nomination
from results.classifications.models import ClassificationVersion
from results.standings.models import StandingRow
from tests import factories
from tests.scenarios import ELMS_BUNDLE

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser() -> Any:
    return factories.UserFactory(superuser=True, username="root")


def standings_csv(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    capsys.readouterr()
    call_command("standings", *args)
    return capsys.readouterr().out.splitlines()


def test_it_imports_the_real_bundle_and_scores_it(
    superuser: Any, capsys: pytest.CaptureFixture[str], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_season", str(ELMS_BUNDLE))
    season = Season.objects.get(series__code="elms", name="2014")
    assert Entry.objects.filter(season=season).count() == 38
    version = ClassificationVersion.objects.get(race__season=season)
    assert version.status == "official" and version.file_format == "alkamel"

    lines = standings_csv(capsys, "elms-2014", "--class", "LMP2")
    assert lines[0] == "championship,class,position,competitor,number,points,results,title"
    teams = [line for line in lines if line.startswith("teams,")]
    assert teams[:3] == [
        "teams,LMP2,1,Thiriet By TDS Racing,46,25,1,champion",
        "teams,LMP2,2,Race Performance,34,18,2,out",
        "teams,LMP2,3,Newblood By Morand Racing,43,15,3,out",
    ]
    # #50 Larbre is 9th of LMP2 (2 points); #38 and #29 were not classified (0, "NC").
    assert "teams,LMP2,9,Larbre Competition,50,2,9,out" in teams
    assert any(line.endswith(",38,0,NC,out") for line in teams)
    drivers = [line for line in lines if line.startswith("drivers,")]
    assert drivers[0].startswith("drivers,LMP2,1,") and ",46,25,1,champion" in drivers[0]

    gtc = standings_csv(capsys, "elms-2014", "--class", "GTC")
    # 0.5 point for every classified car beyond 10th; the car that did not start scores nothing.
    assert "teams,GTC,11,Team Sofrev-ASP,59,0.5,11,out" in gtc
    assert any(line.endswith(",71,0,DNS,out") for line in gtc)


def test_it_imports_the_same_bundle_twice_without_changes(superuser: Any) -> None:
    call_command("import_season", str(ELMS_BUNDLE))
    counts = (
        Entry.objects.count(),
        Nomination.objects.count(),
        ClassificationVersion.objects.count(),
        Race.objects.count(),
        PointsRules.objects.count(),
    )
    call_command("import_season", str(ELMS_BUNDLE))
    assert (
        Entry.objects.count(),
        Nomination.objects.count(),
        ClassificationVersion.objects.count(),
        Race.objects.count(),
        PointsRules.objects.count(),
    ) == counts


def test_it_refuses_a_broken_bundle_and_writes_nothing(superuser: Any, tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    shutil.copytree(ELMS_BUNDLE, bundle)
    (bundle / "races.csv").write_text(
        "round,event,circuit,date,scheduled_duration_min\n1,Silverstone,Silverstone Circuit,2014-13-12,240\n"
    )
    (bundle / "poles.csv").write_text("round,class,number\n1,LMP9,46\n")
    with pytest.raises(CommandError) as excinfo:
        call_command("import_season", str(bundle))
    message = str(excinfo.value)
    assert "races.csv row 2, column date: '2014-13-12' is not a date (YYYY-MM-DD): month must be in 1..12" in message
    assert "poles.csv row 2, column class: unknown class 'LMP9'" in message
    assert not Season.objects.filter(series__code="elms").exists()


def test_it_refuses_a_result_file_with_an_unknown_class(superuser: Any, tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    shutil.copytree(ELMS_BUNDLE, bundle)
    text = (bundle / "season.toml").read_text().replace('"GTC"]', '"GT"]')
    (bundle / "season.toml").write_text(text)
    with pytest.raises(CommandError, match=r"results/R1.csv row 18, column class: unknown class 'GTC'"):
        call_command("import_season", str(bundle))
    assert StandingRow.objects.count() == 0 and Entry.objects.count() == 0


def test_it_refuses_unappliable_points_rules(superuser: Any, tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    shutil.copytree(ELMS_BUNDLE, bundle)
    text = (bundle / "season.toml").read_text().replace("scale = [25, 18", "scale = [18, 25")
    (bundle / "season.toml").write_text(text)
    with pytest.raises(CommandError, match="must not increase"):
        call_command("import_season", str(bundle))
    assert not Season.objects.filter(series__code="elms").exists()


def test_it_explains_unknown_seasons_classes_and_rounds(superuser: Any) -> None:
    call_command("import_season", str(ELMS_BUNDLE))
    with pytest.raises(CommandError, match=r"unknown season 'elms-2099' \(known: elms-2014\)"):
        call_command("standings", "elms-2099")
    with pytest.raises(CommandError, match="unknown class 'LMP3' in elms-2014"):
        call_command("standings", "elms-2014", "--class", "LMP3")
    with pytest.raises(CommandError, match="--after-round must be between 1 and 1"):
        call_command("standings", "elms-2014", "--after-round", "4")
    with pytest.raises(CommandError, match="--after-round must be between 1 and 1"):
        call_command("standings", "elms-2014", "--after-round", "0")


def test_it_gives_no_points_to_a_driver_who_missed_the_minimum_drive_time(superuser: Any) -> None:
    from results.classifications.services import Penalty, decision_record
    from results.standings.models import StandingRow
    from results.standings.store import season_standings_write

    call_command("import_season", str(ELMS_BUNDLE))
    season = Season.objects.get(series__code="elms", name="2014")
    race = Race.objects.get(season=season, round=1)
    entry = Entry.objects.get(season=season, number="46")
    thiriet = Nomination.objects.get(entry=entry, driver__last_name="THIRIET").driver
    decision_record(
        race=race,
        user=superuser,
        number="7",
        entry=entry,
        reason="Drive time sheet",
        penalty=Penalty(kind="driver_no_points", offence="Minimum drive time not met", driver=thiriet),
    )
    season_standings_write(season.id)
    drivers = {
        r.competitor_name: r
        for r in StandingRow.objects.filter(season=season, championship="drivers", class_code="LMP2")
    }
    assert drivers["Ludovic BADEY"].points == 25 and drivers["Ludovic BADEY"].position == 1
    assert drivers["Pierre THIRIET"].points == 0
    # The car's result stands: the team keeps its win.
    team = StandingRow.objects.get(season=season, championship="teams", class_code="LMP2", competitor_key="46")
    assert (team.points, team.position) == (25, 1)


def test_it_refuses_a_no_points_decision_for_a_driver_not_in_the_car(superuser: Any) -> None:
    from django.core.exceptions import ValidationError

    from results.classifications.services import Penalty, decision_record

    call_command("import_season", str(ELMS_BUNDLE))
    season = Season.objects.get(series__code="elms", name="2014")
    race = Race.objects.get(season=season, round=1)
    other = Nomination.objects.get(entry__season=season, entry__number="34", driver__last_name="FREY").driver
    with pytest.raises(ValidationError, match="Choose a driver nominated for car #46 at this event"):
        decision_record(
            race=race,
            user=superuser,
            number="8",
            entry=Entry.objects.get(season=season, number="46"),
            penalty=Penalty(kind="driver_no_points", offence="Drive time", driver=other),
        )


def test_it_says_when_a_worker_is_recalculating_the_season(superuser: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from django.utils import timezone

    from results.standings.models import SeasonStandingsState

    call_command("import_season", str(ELMS_BUNDLE))
    call_command("standings", "elms-2014")
    season = Season.objects.get(series__code="elms", name="2014")
    # A pending change while a worker holds the season's run slot.
    SeasonStandingsState.objects.filter(season=season).update(generation=99, running_since=timezone.now())
    capsys.readouterr()
    call_command("standings", "elms-2014")
    captured = capsys.readouterr()
    assert "elms-2014 is being recalculated by a worker" in captured.err
    assert captured.out.startswith("championship,class,position,competitor,number,points,results")


def test_it_applies_a_corrected_bundle_on_reimport(superuser: Any, tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    shutil.copytree(ELMS_BUNDLE, bundle)
    (bundle / "races.csv").write_text(
        "round,event,circuit,date,scheduled_duration_min,points_factor\n"
        "1,4 Hours of Silverstone,Silverstone Circuit,2014-04-12,240,0.5\n"
    )
    (bundle / "eligibility.csv").write_text("number,class,eligible\n46,LMP2,false\n")
    call_command("import_season", str(bundle))
    season = Season.objects.get(series__code="elms", name="2014")
    assert PointsRules.objects.get(race__season=season).points_factor == Decimal("0.5")
    assert not Entry.objects.get(season=season, number="46").scores_points

    # The organiser corrects the bundle: full points after all, and #46 was a full-season entry.
    shutil.copy(ELMS_BUNDLE / "races.csv", bundle / "races.csv")
    (bundle / "eligibility.csv").write_text("number,class,eligible\n46,LMP2,true\n")
    call_command("import_season", str(bundle))
    assert not PointsRules.objects.filter(race__season=season).exists()
    assert Entry.objects.get(season=season, number="46").scores_points


def test_it_stores_a_three_decimal_total(superuser: Any, tmp_path: Path) -> None:
    from results.standings.models import StandingRow
    from results.standings.store import season_standings_write

    bundle = tmp_path / "bundle"
    shutil.copytree(ELMS_BUNDLE, bundle)
    (bundle / "races.csv").write_text(
        "round,event,circuit,date,scheduled_duration_min,points_factor\n"
        "1,4 Hours of Silverstone,Silverstone Circuit,2014-04-12,240,0.75\n"
    )
    call_command("import_season", str(bundle))
    season = Season.objects.get(series__code="elms", name="2014")
    season_standings_write(season.id)
    # 0.5 beyond 10th, times a 0.75 factor.
    row = StandingRow.objects.get(season=season, championship="teams", class_code="GTC", competitor_key="59")
    assert row.points == Decimal("0.375")
