"""Lap files through a season bundle and the drive_times command (formats/README.md §3, §5).

The real Asian Le Mans Series 2023-24 bundle, with the real Sepang lap files added as
laps/R1.csv and qualifying/R1-gt-laps.csv, R1-lmp2-lmp3-laps.csv; imported once for the module.
"""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from championships.models import AuditEntry, Season
from entries.models import DriverCategory, FiaCategory
from results.classifications.lap_models import DriveTimeRule, LapFileKind, LapRecord, LapUpload
from results.classifications.lap_selectors import race_drive_times
from results.classifications.parsing.laps import parse_laps
from tests import factories
from tests.scenarios import ASLMS, ASLMS_BUNDLE

pytestmark = pytest.mark.django_db

SEPANG = ASLMS / "01-sepang"
RACE_1_LAPS = SEPANG / "202312021400-race-201-hour-4-laps.csv"
GT_QUALIFYING_LAPS = SEPANG / "202312020950-qualifying-20gt-laps.csv"
LMP_QUALIFYING_LAPS = SEPANG / "202312021015-qualifying-20lmp2-20and-20lmp3-laps.csv"


def bundle_with_laps(root: Path) -> Path:
    bundle = root / "aslms-2023-24"
    shutil.copytree(ASLMS_BUNDLE, bundle)
    (bundle / "laps").mkdir()
    shutil.copy(RACE_1_LAPS, bundle / "laps" / "R1.csv")
    shutil.copy(GT_QUALIFYING_LAPS, bundle / "qualifying" / "R1-gt-laps.csv")
    shutil.copy(LMP_QUALIFYING_LAPS, bundle / "qualifying" / "R1-lmp2-lmp3-laps.csv")
    return bundle


@pytest.fixture(scope="module")
def imported(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[Path]:
    with django_db_blocker.unblock(), transaction.atomic():
        factories.UserFactory(superuser=True, username="root")
        bundle = bundle_with_laps(tmp_path_factory.mktemp("bundle"))
        out = io.StringIO()
        call_command("import_season", str(bundle), stdout=out)
        assert (
            "lap files uploaded: laps/R1.csv, qualifying/R1-gt-laps.csv, qualifying/R1-lmp2-lmp3-laps.csv."
            in out.getvalue()
        )
        yield bundle
        transaction.set_rollback(True)


def drive_times_csv(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, str]]:
    capsys.readouterr()
    call_command("drive_times", "aslms-2023-24", *args, "--format", "csv")
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def test_it_stores_every_lap_of_the_bundle_with_its_entry_and_driver(imported: Path) -> None:
    race_file = LapUpload.objects.get(kind=LapFileKind.RACE)
    assert (race_file.race.round, race_file.laps_count, race_file.cars_count) == (1, 3572, 39)
    sessions = LapUpload.objects.filter(kind=LapFileKind.QUALIFYING)
    assert sorted((u.label, u.laps_count) for u in sessions) == [("gt", 161), ("lmp2-lmp3", 124)]
    laps = LapRecord.objects.filter(upload=race_file)
    assert not laps.filter(entry__isnull=True).exists()
    # Every lap's driver is known: by name, or by the crew slot where the spelling differs ("Hoerr" / "HÖRR").
    assert not laps.filter(driver__isnull=True).exists()
    hoerr = laps.filter(number="3", driver_name="Laurents Hoerr").select_related("driver").first()
    assert hoerr is not None and hoerr.driver is not None and hoerr.driver.last_name.upper() == "HÖRR"
    assert AuditEntry.objects.filter(action="results.laps.race.confirm").count() == 1


def test_it_prints_the_drive_times_of_formats_section_5(imported: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = drive_times_csv(capsys, "--round", "1")

    assert list(rows[0]) == [
        "number", "class", "driver", "laps", "lap_time_total", "pit_time_total", "driving_time", "infringement",
    ]  # fmt: skip
    assert len({row["number"] for row in rows}) == 39
    # Car 11's drivers together drove its whole race: the ELAPSED of its last lap.
    with RACE_1_LAPS.open(encoding="utf-8", newline="") as handle:
        last = [row for row in csv.DictReader(handle, skipinitialspace=True) if row["NUMBER"] == "11"][-1]
    car_11 = [row for row in rows if row["number"] == "11"]
    assert sum(int(row["laps"]) for row in car_11) == int(last["LAP_NUMBER"])
    total_ms = sum(_ms(row["lap_time_total"]) for row in car_11)
    assert total_ms == _ms("0:" + last["ELAPSED"] if last["ELAPSED"].count(":") == 1 else last["ELAPSED"])
    # No rule in this season: nothing is flagged, and the driving time is the lap time total.
    assert all(row["infringement"] == "" and row["driving_time"] == row["lap_time_total"] for row in rows)


def _ms(clock: str) -> int:
    hours, minutes, seconds = clock.split(":")
    return round((int(hours) * 3600 + int(minutes) * 60 + float(seconds)) * 1000)


def test_it_flags_the_drivers_below_the_season_minimum(imported: Path, capsys: pytest.CaptureFixture[str]) -> None:
    season = Season.objects.get(series__code="aslms", name="2023-24")
    DriveTimeRule.objects.create(season=season, minimum_min=45)

    rows = drive_times_csv(capsys, "--round", "1")

    flagged = {(row["number"], row["driver"]) for row in rows if row["infringement"]}
    expected = {(row["number"], row["driver"]) for row in rows if _ms(row["driving_time"]) < 45 * 60_000}
    assert flagged == expected and flagged  # the real race had short stints (e.g. a driver who did 1 stint)
    assert {row["infringement"] for row in rows if row["infringement"]} == {"below minimum 0:45:00.000"}


def test_it_holds_each_driver_to_the_most_specific_rule(imported: Path) -> None:
    season = Season.objects.get(series__code="aslms", name="2023-24")
    race = season.races.get(round=1)
    gt = season.classes.get(code="GT")
    DriveTimeRule.objects.create(season=season, minimum_min=10)
    DriveTimeRule.objects.create(season=season, racing_class=gt, minimum_min=200, counted="lap_times_without_pit")
    bronze_line = next(line for line in race_drive_times(race) if line.class_code == "GT" and line.driver_id)
    DriverCategory.objects.update_or_create(
        driver_id=bronze_line.driver_id, season=season, defaults={"category": FiaCategory.BRONZE}
    )
    DriveTimeRule.objects.create(season=season, racing_class=gt, fia_category=FiaCategory.BRONZE, maximum_min=1)

    lines = {(line.number, line.driver_name): line for line in race_drive_times(race)}

    bronzes = set(
        DriverCategory.objects.filter(season=season, category=FiaCategory.BRONZE).values_list("driver_id", flat=True)
    )
    assert lines[(bronze_line.number, bronze_line.driver_name)].infringement == "above maximum 0:01:00.000"
    gt = [line for line in lines.values() if line.class_code == "GT"]
    assert {line.infringement for line in gt if line.driver_id in bronzes} == {"above maximum 0:01:00.000"}
    others_gt = [line for line in gt if line.driver_id not in bronzes]
    assert others_gt and all(line.infringement == "below minimum 3:20:00.000" for line in others_gt)
    assert all(line.driving_time_ms == line.lap_time_ms - line.pit_time_ms for line in others_gt)
    lmp = [line for line in lines.values() if line.class_code != "GT"]
    assert all(line.rule and line.rule.limits.minimum_ms == 10 * 60_000 for line in lmp)


def test_it_says_when_the_race_has_no_lap_file(imported: Path) -> None:
    with pytest.raises(CommandError, match="R2 of aslms-2023-24 has no confirmed lap file"):
        call_command("drive_times", "aslms-2023-24", "--round", "2")


def test_it_changes_nothing_when_the_bundle_is_imported_again(imported: Path) -> None:
    before = LapUpload.objects.count()
    out = io.StringIO()

    call_command("import_season", str(imported), stdout=out)

    assert LapUpload.objects.count() == before
    assert "lap files uploaded" not in out.getvalue()


def _printed_minimums() -> dict[tuple[str, int], int]:
    """Independently: (car, slot) -> DRIVERn_*Extra 4 of the two Sepang qualifying files, in ms."""
    minimums = {}
    for path in (
        SEPANG / "202312021015-qualifying-20lmp2-20and-20lmp3-results.csv",
        SEPANG / "202312020950-qualifying-20gt-results.csv",
    ):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                for slot in range(1, 7):
                    text = (row.get(f"DRIVER{slot}_*Extra 4") or "").strip()
                    if text and text != "None":
                        hours, minutes, seconds = (int(part) for part in text.split(":"))
                        minimums[(row["NUMBER"], slot)] = ((hours * 60 + minutes) * 60 + seconds) * 1000
    return minimums


def test_it_holds_each_driver_to_the_minimum_printed_in_the_qualifying_file(imported: Path) -> None:
    season = Season.objects.get(series__code="aslms", name="2023-24")
    race = season.races.get(round=1)
    # The season's own minimum (200 min) gives way to each driver's from the file (DRIVERn_*Extra 4).
    DriveTimeRule.objects.create(season=season, minimum_min=200, qualifying_minimum=True)
    printed = _printed_minimums()

    lines = race_drive_times(race)

    laps = parse_laps(RACE_1_LAPS.read_bytes(), "r1.csv").laps
    slot = {(lap.number, lap.driver_name): lap.driver_number for lap in laps}
    for line in lines:
        expected = printed.get((line.number, slot[(line.number, line.driver_name)]), 200 * 60_000)
        assert line.rule is not None and line.rule.limits.minimum_ms == expected, line
        assert bool(line.infringement) == (line.driving_time_ms < expected)
    assert len(set(printed.values())) > 1  # the real file gives drivers different minimums
