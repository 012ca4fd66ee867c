"""A car that changes class mid-season, in a bundle built from the real AsLMS 2023-24 files.

The real files with #17 (LMP3) written as LMP2 in results/R3-R5.csv, and class_changes.csv saying
so (`17,3,LMP2`); no qualifying (no pole points). Figures by hand from the files (ACO points, 0.5
beyond the 10th, 70 % of the class winner's laps):

LMP3 without #17 from R3 (its R1 and R2 stay in LMP3):
  R1 #17 #2 #26 #20 (25 18 15 12), #65 NC;  R2 #2 #26 #17 (25 18 15), #65 #20 NC;
  R3 #2 #20 #26 #58 (25 18 15 12), #65 NC;  R4 #2 #20 #26 #58 (25 18 15 12), #65 NC;
  R5 #26 #2 #20 #65 (25 18 15 12), #58 NC.
  After R5: #2 18+25+25+25+18 = 111, #26 15+18+15+15+25 = 88, #20 12+0+18+18+15 = 63,
  #17 25+15 = 40 ("1 3"), #58 12+12 = 24, #65 12.  (With #17 in LMP3 all season, #2 had 104.)
LMP2 with #17 from R3: behind every LMP2 car classified, 12th of 11+1 at R3, 13th at R4 and R5
  (12 LMP2 cars classified there): 0.5 each, 1.5 after R5, results "12 13 13".
"""

from __future__ import annotations

import csv
import io
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from championships.models import Season
from entries.models import Entry, EntryClassChange
from results.season_bundle import BundleError
from results.season_import import import_season
from results.standings.models import StandingRow
from results.standings.services import recalculate_season
from tests import factories
from tests.helpers import client_for
from tests.scenarios import ASLMS_BUNDLE

pytestmark = pytest.mark.django_db


def recast(path: Path, number: str, class_code: str) -> None:
    """Write car `number` in `class_code` in an Al Kamel file (`,`-separated), nothing else touched."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    column = [name.strip().upper() for name in rows[0]].index("CLASS")
    number_column = [name.strip().upper() for name in rows[0]].index("NUMBER")
    for row in rows[1:]:
        if row and row[number_column].strip() == number:
            row[column] = class_code
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def moved_bundle(tmp_path: Path, listed: bool = True) -> Path:
    bundle = tmp_path / "aslms"
    shutil.copytree(ASLMS_BUNDLE, bundle)
    shutil.rmtree(bundle / "qualifying")
    for round_number in (3, 4, 5):
        recast(bundle / "results" / f"R{round_number}.csv", "17", "LMP2")
    if listed:
        (bundle / "class_changes.csv").write_text("number,from_round,class\n17,3,LMP2\n")
    return bundle


def teams(season: Season, after_round: int, class_code: str) -> dict[str, tuple[Decimal, str]]:
    rows = StandingRow.objects.filter(
        season=season, after_round=after_round, championship="teams", class_code=class_code
    )
    return {row.number: (row.points, row.results) for row in rows}


def test_it_scores_a_car_in_its_new_class_from_the_round_it_changes(tmp_path: Path) -> None:
    root = factories.UserFactory(superuser=True)
    season = import_season(moved_bundle(tmp_path), root).season
    recalculate_season(season.pk, force=True)
    lmp3 = teams(season, 5, "LMP3")
    assert {number: points for number, (points, _) in lmp3.items()} == {
        "2": 111, "26": 88, "20": 63, "17": 40, "58": 24, "65": 12,
    }  # fmt: skip
    assert lmp3["17"][1] == "1 3 - - -"  # did not race in LMP3 after R2
    assert teams(season, 2, "LMP2").get("17") is None  # a new entry of LMP2 from R3 only
    assert teams(season, 5, "LMP2")["17"] == (Decimal("1.5"), "- - 12 13 13")
    # One entry, its class change recorded and audited; the explanation says where the car raced.
    entry = Entry.objects.get(season=season, number="17")
    assert entry.racing_class.code == "LMP3"
    change = EntryClassChange.objects.get(entry=entry)
    assert (change.from_round, change.racing_class.code) == (3, "LMP2")
    line = StandingRow.objects.get(season=season, after_round=5, championship="teams", class_code="LMP2", number="17")
    notes = [race["note"] for race in line.breakdown["races"]]
    assert notes[0] == "in LMP2 from R3 (before: LMP3)"
    old = StandingRow.objects.get(season=season, after_round=5, championship="teams", class_code="LMP3", number="17")
    assert [race["note"] for race in old.breakdown["races"]] == ["", "moves to LMP2 from R3"]


def test_it_imports_the_class_change_twice_without_changes(tmp_path: Path) -> None:
    root = factories.UserFactory(superuser=True)
    bundle = moved_bundle(tmp_path)
    import_season(bundle, root)
    second = import_season(bundle, root)
    assert second.notes == [] and second.created == {} and second.uploaded_rounds == []
    assert EntryClassChange.objects.count() == 1


def test_it_refuses_a_car_in_another_class_without_class_changes_naming_file_row_and_column(tmp_path: Path) -> None:
    root = factories.UserFactory(superuser=True)
    with pytest.raises(BundleError) as refused:
        import_season(moved_bundle(tmp_path, listed=False), root)
    first = refused.value.problems[0]
    assert first.startswith("results/R3.csv row 13, column CLASS: car 17 is in LMP2 here but in LMP3 in results/R1.csv")
    assert "class_changes.csv (number,from_round,class[,cup])" in first
    assert not Season.objects.exists()


def test_it_shows_the_class_change_on_the_public_entry_list(tmp_path: Path, client: Any) -> None:
    root = factories.UserFactory(superuser=True)
    season = import_season(moved_bundle(tmp_path), root).season
    body = client_for(None).get(f"/seasons/aslms/{season.name}/entries/").content.decode()
    assert 'LMP3<br><span class="muted">LMP2 from R3</span>' in body
    # The list of the event after the change shows the car in its new class.
    event = season.events.get(races__round=4)
    event_body = client_for(None).get(f"/events/{event.pk}/entries/").content.decode()
    row = event_body[event_body.index("#17") :].split("</tr>")[0]
    assert "<td>LMP2<br>" in row
