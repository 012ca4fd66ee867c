"""Season bundles with SRO files and `[cups]`: two real Endurance Cup races (Monza, Barcelona 2021).

Monza's combined qualifying goes through the steward's qualifying upload (its Avg Time ranks the
grid); Barcelona has two Invitational cars, one of them (#26) a Pro Cup car at Monza.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from championships.models import AuditEntry, Cup
from entries.models import Entry, EntryKind
from results.classifications.qualifying_models import RacePole
from results.season_bundle import BundleError
from results.season_import import import_season
from tests import factories
from tests.sro.files import BARCELONA, MONZA_COMBINED

pytestmark = pytest.mark.django_db

MONZA = MONZA_COMBINED.parents[1] / "Races" / "Main_Race.csv"
SEASON_TOML = """series = "GT World Challenge Europe Endurance Cup"
series_code = "gtwc-europe-endurance"
season = "2021"
governing_bodies = ["SRO"]
classes = ["GT3"]

[cups]
GT3 = {cups}

[points]
scale = [25, 18, 15, 12, 10, 8, 6, 4, 2, 1]
pole = 1
classification_min_share = 0
"""


def _bundle(folder: Path, cups: str = '["Pro Cup", "Silver Cup", "Pro-Am Cup"]', eligibility: str = "") -> Path:
    (folder / "season.toml").write_text(SEASON_TOML.format(cups=cups))
    (folder / "races.csv").write_text(
        "round,event,circuit,date,scheduled_duration_min\n"
        "1,Monza,Autodromo Nazionale Monza,2021-04-18,180\n"
        "2,Barcelona,Circuit de Barcelona-Catalunya,2021-10-10,180\n"
    )
    for sub in ("results", "qualifying"):
        (folder / sub).mkdir()
    shutil.copy(MONZA, folder / "results" / "R1.csv")
    shutil.copy(BARCELONA, folder / "results" / "R2.csv")
    shutil.copy(MONZA_COMBINED, folder / "qualifying" / "R1.csv")
    if eligibility:
        (folder / "eligibility.csv").write_text(f"number,class,eligible\n{eligibility}\n")
    return folder


def _problems(folder: Path) -> list[str]:
    with pytest.raises(BundleError) as error:
        import_season(folder, factories.UserFactory(superuser=True))
    return error.value.problems


def test_it_imports_the_cups_the_guests_and_the_combined_qualifying_pole(tmp_path: Path) -> None:
    root = factories.UserFactory(superuser=True)
    report = import_season(_bundle(tmp_path, eligibility="26,GT3,true"), root)
    season = report.season
    assert list(Cup.objects.filter(season=season).values_list("code", flat=True)) == [
        "Pro Cup",
        "Silver Cup",
        "Pro-Am Cup",
    ]
    entries = {entry.number: entry for entry in Entry.objects.filter(season=season).select_related("cup")}
    assert (entries["82"].kind, entries["82"].cup) == (EntryKind.GUEST, None)
    assert entries["26"].kind == EntryKind.FULL_SEASON  # eligibility.csv decides for a car of both kinds
    assert entries["188"].cup is not None and entries["188"].cup.code == "Pro-Am Cup"  # file: "Pro-AM Cup"
    poles = RacePole.objects.filter(race__season=season)
    class_poles = set(poles.filter(cup_code="").values_list("race__round", "class_code", "number"))
    assert class_poles == {(1, "GT3", "63")}  # best Avg Time (Barcelona's combined qualifying is not in the source)
    # Each cup's pole is its best car in the session.
    assert set(poles.exclude(cup_code="").values_list("cup_code", flat=True)) == {"Pro Cup", "Silver Cup", "Pro-Am Cup"}
    assert report.uploaded_rounds == [1, 2] and report.qualifying_rounds == [1]
    # Importing the same bundle twice changes nothing.
    again = import_season(tmp_path, root)
    assert (again.uploaded_rounds, again.qualifying_rounds, again.notes) == ([], [], [])
    assert AuditEntry.objects.filter(action="results.season.imported").count() == 1


def test_it_refuses_a_car_invitational_at_one_round_and_scoring_at_another(tmp_path: Path) -> None:
    assert _problems(_bundle(tmp_path)) == [
        "results: car #26 is Invitational in R2.csv but a championship car in R1.csv; a car has one kind "
        "for the season: say in eligibility.csv whether it scores"
    ]
    assert not Entry.objects.exists()


def test_it_refuses_a_cup_season_toml_does_not_declare_with_file_row_and_column(tmp_path: Path) -> None:
    problems = _problems(_bundle(tmp_path, cups='["Pro Cup", "Silver Cup"]', eligibility="26,GT3,true"))
    assert problems[0] == (
        "results/R1.csv: row 15, column CLASS: 'Pro-AM Cup' is not a cup of this season (Pro Cup, Silver Cup)"
    )
    assert len(problems) == 12 + 13  # every Pro-Am car of both races
    assert not Cup.objects.exists()


def test_it_refuses_cups_of_a_class_the_season_does_not_have(tmp_path: Path) -> None:
    folder = _bundle(tmp_path, eligibility="26,GT3,true")
    toml = folder / "season.toml"
    toml.write_text(toml.read_text().replace('GT3 = ["Pro Cup"', 'GT4 = ["Am Cup"]\nGT3 = ["Pro Cup"'))
    assert _problems(folder) == ["season.toml: cups.GT4: no such class (classes: GT3)"]
