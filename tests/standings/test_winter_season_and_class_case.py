"""A winter season named `2013-14` with a class configured as `LMP2 Pro/Am`, fed by a file that
writes it `LMP2 PRO/AM`: the season code resolves everywhere, the class shows as configured."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from championships.models import Season
from championships.selectors import AmbiguousSeason, UnknownSeason, season_by_code
from results.classifications.models import DerivedRow, ResultRow
from results.standings.store import season_standings_write
from tests import factories
from tests.helpers import client_for
from tests.scenarios import ELMS_BUNDLE

pytestmark = pytest.mark.django_db

CLASS = "LMP2 Pro/Am"


def _winter_bundle(tmp_path: Path) -> Path:
    bundle = tmp_path / "bundle"
    shutil.copytree(ELMS_BUNDLE, bundle)
    toml = (bundle / "season.toml").read_text()
    toml = toml.replace('season = "2014"', 'season = "2013-14"').replace('["LMP2",', f'["{CLASS}",')
    (bundle / "season.toml").write_text(toml)
    results = bundle / "results" / "R1.csv"
    lines = list(csv.reader(io.StringIO(results.read_text("utf-8")), delimiter=";"))
    at = lines[0].index("CLASS")
    for line in lines[1:]:
        if line and line[at] == "LMP2":
            line[at] = "LMP2 PRO/AM"  # Al Kamel writes classes in capitals
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\n").writerows(lines)
    results.write_text(out.getvalue(), "utf-8")
    return bundle


@pytest.fixture
def winter(tmp_path: Path) -> Season:
    factories.UserFactory(superuser=True, username="root")
    call_command("import_season", str(_winter_bundle(tmp_path)))
    season = Season.objects.get(series__code="elms", name="2013-14")
    season_standings_write(season.id)
    return season


def standings_lines(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    capsys.readouterr()
    call_command("standings", *args)
    return capsys.readouterr().out.splitlines()


def test_it_prints_the_standings_of_a_winter_season_with_the_class_as_configured(
    winter: Season, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = standings_lines(capsys, "elms-2013-14", "--class", "lmp2 pro/am")
    assert "teams,LMP2 Pro/Am,1,Thiriet By TDS Racing,46,25,1,champion" in lines
    assert not any("PRO/AM" in line for line in lines)


def test_it_keeps_the_file_spelling_as_uploaded_and_derives_the_configured_class(winter: Season) -> None:
    row = ResultRow.objects.get(version__race__season=winter, number="46")
    assert row.class_code == "LMP2 PRO/AM"
    assert DerivedRow.objects.get(row=row).class_code == CLASS


def test_it_serves_the_winter_season_pages_api_and_exports(winter: Season) -> None:
    client = client_for(None)
    assert client.get("/seasons/elms/2013-14/").status_code == 200

    page = client.get("/seasons/elms/2013-14/standings/", {"class": "lmp2 pro/am", "championship": "teams"})
    assert page.status_code == 200
    html = page.content.decode()
    assert CLASS in html and "PRO/AM" not in html

    exported = client.get(
        "/seasons/elms/2013-14/standings/", {"class": CLASS, "championship": "teams", "format": "csv"}
    )
    assert exported.status_code == 200
    assert "teams,LMP2 Pro/Am,1,Thiriet By TDS Racing,46,25,1" in exported.content.decode()

    api = client.get(
        "/api/v1/series/elms/seasons/2013-14/standings/", {"class": "LMP2 PRO/AM", "championship": "teams"}
    )
    assert api.status_code == 200
    body = api.json()
    assert body["season"] == "elms-2013-14" and body["class_code"] == CLASS
    assert body["rows"][0]["number"] == "46"
    assert {t["class_code"] for t in body["tables"]} == {CLASS, "LMGTE", "GTC"}

    race = winter.events.get().races.get()
    results = client.get(f"/races/{race.pk}/classification/")
    assert results.status_code == 200
    assert CLASS in results.content.decode() and "PRO/AM" not in results.content.decode()
    assert client.get(f"/api/v1/races/{race.pk}/classification/").json()["rows"][0]["class_code"] == CLASS


def test_it_finds_a_season_whatever_the_dashes(world: Any) -> None:
    winter = factories.SeasonFactory(series=factories.SeriesFactory(code="aslms"), name="2023-24")
    assert season_by_code("aslms-2023-24") == winter
    assert season_by_code("gtwc-asia-2022") == world.sro_season
    assert season_by_code("ELMS-2023") == world.aco_season
    with pytest.raises(UnknownSeason, match=r"unknown season 'aslms-2024-25' \(known: .*aslms-2023-24"):
        season_by_code("aslms-2024-25")
    with pytest.raises(UnknownSeason):
        season_by_code("aslms\x00-2023-24")


def test_it_refuses_a_season_code_two_seasons_answer_to(world: Any) -> None:
    factories.SeasonFactory(series=factories.SeriesFactory(code="gt"), name="asia-2022")
    with pytest.raises(AmbiguousSeason, match="'gt-asia-2022' is ambiguous: it reads as series 'gt' season"):
        factories.SeasonFactory(series=factories.SeriesFactory(code="gt-asia"), name="2022")
        season_by_code("gt-asia-2022")


def test_it_explains_an_unknown_winter_season_on_the_command_line(winter: Season) -> None:
    with pytest.raises(CommandError, match="unknown season 'elms-2014-15'.*elms-2013-14"):
        call_command("standings", "elms-2014-15")


def test_it_derives_a_lower_case_class_as_configured() -> None:
    from results.classifications.classify import configured_class

    classes = {CLASS.casefold(): CLASS}
    assert configured_class("lmp2 pro/am", classes) == CLASS
    assert configured_class("LMP2 PRO/AM ", classes) == CLASS
    assert configured_class("LMP3", classes) == "LMP3"


def test_it_imports_entries_of_a_winter_season_for_its_staff_only(world: Any) -> None:
    import tablib

    from entries.models import Entry
    from entries.resources import EntryResource

    winter = factories.SeasonFactory(series=world.aco_series, name="2023-24")
    factories.RacingClassFactory(season=winter, code=CLASS)
    factories.TeamFactory(name="Team Bee")
    headers = ["season", "team", "number", "class", "cup", "car_model", "kind"]
    data = tablib.Dataset(["elms-2023-24", "Team Bee", "7", "lmp2 pro/am", "", "", "full_season"], headers=headers)

    refused = EntryResource(user=world.sro_staff).import_data(data, dry_run=True)
    assert "Unknown season 'elms-2023-24'" in str(refused.invalid_rows[0].error_dict)

    result = EntryResource(user=world.aco_staff).import_data(data, dry_run=False)
    assert not result.has_validation_errors(), [r.error_dict for r in result.invalid_rows]
    assert Entry.objects.get(season=winter, number="7").racing_class.code == CLASS
