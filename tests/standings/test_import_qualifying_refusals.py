"""Season bundles with qualifying: the rule of season.toml, and bad qualifying files refused atomically.

A bad file is refused with its name, row and column, and nothing of the bundle is written.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from championships.models import AuditEntry, PointsRules, QualifyingSets, Season
from entries.models import Entry
from results.classifications.lap_models import LapUpload
from results.classifications.qualifying_models import QualifyingUpload, RacePole
from tests import factories
from tests.scenarios import ASLMS, ASLMS_BUNDLE

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser() -> Any:
    return factories.UserFactory(superuser=True, username="root")


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    copy = tmp_path / "aslms-2023-24"
    shutil.copytree(ASLMS_BUNDLE, copy)
    return copy


def edit_cell(path: Path, row: int, column: str, value: str) -> None:
    """Replace one cell of a real comma-separated file, addressed as (file row, header name)."""
    lines = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    lines[row - 1][lines[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(lines)
    path.write_text(out.getvalue(), encoding="utf-8")


def poles() -> set[tuple[int, str, str]]:
    return {(p.race.round, p.class_code, p.number) for p in RacePole.objects.select_related("race")}


def nothing_written() -> bool:
    return not (
        Season.objects.filter(series__code="aslms").exists()
        or Entry.objects.exists()
        or QualifyingUpload.objects.exists()
        or RacePole.objects.exists()
        or AuditEntry.objects.exists()
    )


def test_it_sets_the_first_race_only_when_season_toml_says_so(superuser: Any, bundle: Path) -> None:
    toml = bundle / "season.toml"
    toml.write_text(toml.read_text().replace('"all_races_of_event"', '"first_race_only"'))
    call_command("import_season", str(bundle))
    assert PointsRules.objects.get(race=None).qualifying_sets == QualifyingSets.FIRST_RACE_ONLY
    assert poles() == {(1, "LMP2", "90"), (3, "LMP2", "55"), (4, "LMP2", "99")} | {
        (1, "LMP3", "20"),
        (3, "LMP3", "17"),
        (4, "LMP3", "17"),
    } | {(1, "GT", "42"), (3, "GT", "7"), (4, "GT", "7")}


def test_it_reads_one_file_per_event_named_after_its_first_race_too(superuser: Any, bundle: Path) -> None:
    """qualifying/R<round>.csv (one session) is read as before sessions had labels."""
    for path in (bundle / "qualifying").glob("R*-gt.csv"):
        path.unlink()
    (bundle / "qualifying" / "R1-lmp2-lmp3.csv").rename(bundle / "qualifying" / "R1.csv")
    # Its lap file beside it: R1-laps.csv (formats/README.md §3).
    laps = ASLMS / "01-sepang" / "202312021015-qualifying-20lmp2-20and-20lmp3-laps.csv"
    (bundle / "qualifying" / "R1-laps.csv").write_bytes(laps.read_bytes())
    call_command("import_season", str(bundle))
    assert {(r, c) for r, c, _ in poles()} == {(r, c) for r in (1, 2, 3, 4, 5) for c in ("LMP2", "LMP3")}
    assert QualifyingUpload.objects.filter(filename="R1.csv", classes=["LMP2", "LMP3"]).exists()
    assert LapUpload.objects.filter(filename="qualifying/R1-laps.csv", label="", laps_count=124).exists()


def test_it_refuses_a_qualifying_car_not_entered_and_writes_nothing(superuser: Any, bundle: Path) -> None:
    edit_cell(bundle / "qualifying" / "R3-lmp2-lmp3.csv", 12, "NUMBER", "999")
    with pytest.raises(CommandError) as refused:
        call_command("import_season", str(bundle))
    assert (
        "qualifying/R3-lmp2-lmp3.csv: row 12, column NUMBER: car 999 is not on the accepted entry list of "
        "4 Hours of Dubai" in str(refused.value)
    )
    assert nothing_written()


def test_it_refuses_a_pole_car_of_another_class_naming_the_cell(superuser: Any, bundle: Path) -> None:
    # Row 2 of the Sepang qualifying is the LMP2 pole, #90; #91 is a GT car.
    edit_cell(bundle / "qualifying" / "R1-lmp2-lmp3.csv", 2, "NUMBER", "91")
    with pytest.raises(CommandError) as refused:
        call_command("import_season", str(bundle))
    assert "qualifying/R1-lmp2-lmp3.csv: row 2, column CLASS: car 91 is entered in GT, not LMP2" in str(refused.value)
    assert nothing_written()


def test_it_refuses_an_unreadable_qualifying_file_before_writing(superuser: Any, bundle: Path) -> None:
    edit_cell(bundle / "qualifying" / "R4-gt.csv", 5, "TIME", "fast")
    with pytest.raises(CommandError) as refused:
        call_command("import_season", str(bundle))
    assert "qualifying/R4-gt.csv: row 5, column TIME:" in str(refused.value)
    assert nothing_written()


def test_it_refuses_qualifying_files_named_after_no_first_race(superuser: Any, bundle: Path) -> None:
    shutil.copy(bundle / "qualifying" / "R4-gt.csv", bundle / "qualifying" / "R5.csv")
    shutil.copy(bundle / "qualifying" / "R4-gt.csv", bundle / "qualifying" / "R9-gt.csv")
    (bundle / "qualifying" / "sepang.csv").write_text("x")
    toml = bundle / "season.toml"
    toml.write_text(toml.read_text().replace('"all_races_of_event"', '"every_other_race"'))
    with pytest.raises(CommandError) as refused:
        call_command("import_season", str(bundle))
    message = str(refused.value)
    assert (
        "qualifying/R5.csv: R5 is not the first race of 4 Hours of Abu Dhabi; name its qualifying after R4, "
        "the first race it sets" in message
    )
    assert "qualifying/R9-gt.csv: no such round in races.csv" in message
    assert "qualifying/sepang.csv: name a qualifying file R<round>.csv or R<round>-<session>.csv" in message
    assert "[points] key qualifying_sets: 'every_other_race' is not one of" in message
    assert nothing_written()
