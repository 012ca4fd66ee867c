"""Staff import a season's entry list with crews (one row per driver) through django-import-export:
built from the real AsLMS 2023-24 round-1 files, then that real race file uploads against it."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile

from championships.models import AuditEntry, Season
from entries.admin import EntryAdmin
from entries.entry_list_resources import COLUMNS, EntryListResource
from entries.models import CarModel, DriverCategory, Entry, EntryStatus, Nomination, Team
from results.classifications.models import ClassificationVersion, ResultRowDriver
from tests import factories
from tests.helpers import client_for, post_upload

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ENTRY_LIST = FIXTURES / "entry-lists" / "aslms-2023-24-round-1.csv"
RACE_1 = FIXTURES / "alkamel-seasons" / "aslms-2023-24" / "01-sepang" / "202312021400-race-201-hour-4-results.csv"


@pytest.fixture
def aslms(world: Any) -> Season:
    """AsLMS 2023-24 as staff set it up before the entry list: classes, the three events, races."""
    aco = world.aco_series.governing_bodies.get()
    series = factories.SeriesFactory(code="aslms", name="Asian Le Mans Series", governing_bodies=[aco])
    season = factories.SeasonFactory(series=series, name="2023-24")
    for order, code in enumerate(("LMP2", "LMP3", "GT")):
        factories.RacingClassFactory(season=season, code=code, order=order)
    sepang = factories.EventFactory(
        season=season, name="Sepang", start_date=date(2023, 12, 1), end_date=date(2023, 12, 3)
    )
    for name, day in (("Dubai", 8), ("Abu Dhabi", 16)):
        factories.EventFactory(season=season, name=name, start_date=date(2024, 2, day), end_date=date(2024, 2, day + 2))
    factories.RaceFactory(event=sepang, round=1, race_date=date(2023, 12, 2), name="Race 1")
    factories.RaceFactory(event=sepang, round=2, race_date=date(2023, 12, 3), name="Race 2")
    return season


def import_file(user: Any, data: bytes, name: str = "entries.csv") -> Any:
    """Through the admin's import page: the dry run, then its confirmation (as staff click)."""
    client = client_for(user)
    index = EntryAdmin.resource_classes.index(EntryListResource)
    dry = client.post(
        "/admin/entries/entry/import/",
        {"resource": index, "format": 0, "import_file": SimpleUploadedFile(name, data)},
    )
    return client, dry


def test_it_imports_the_real_round_1_entry_list_and_the_real_race_file_matches(aslms: Season, world: Any) -> None:
    staff = world.aco_staff
    client, dry = import_file(staff, ENTRY_LIST.read_bytes())
    body = dry.content.decode()
    assert dry.status_code == 200 and "confirm" in body.lower(), body[:2000]
    assert not Entry.objects.filter(season=aslms).exists(), "the dry run saves nothing"
    form = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', body))
    confirmed = client.post("/admin/entries/entry/process_import/", form)
    assert confirmed.status_code == 302, confirmed.content.decode()[:2000]

    entries = Entry.objects.filter(season=aslms)
    assert entries.count() == 39
    assert set(entries.values_list("status", flat=True)) == {EntryStatus.ACCEPTED}
    by_class = Counter(entries.values_list("racing_class__code", flat=True))
    assert by_class == Counter(line["CLASS"] for line in csv.DictReader(io.StringIO(RACE_1.read_text("utf-8-sig"))))
    assert Nomination.objects.filter(entry__season=aslms, removed_at__isnull=True).count() == 117
    car99 = entries.get(number="99")
    assert (car99.team.name, str(car99.car_model)) == ("99 Racing", "Oreca 07 - Gibson")
    deletraz = Nomination.objects.get(entry=car99, driver__last_name="DELÉTRAZ").driver
    assert deletraz.nationality == "CHE"
    assert DriverCategory.objects.get(driver=deletraz, season=aslms).category == "gold"
    assert AuditEntry.objects.filter(action="entries.entry.accepted", actor=staff).count() == 39
    assert Team.objects.filter(entries__season=aslms).distinct().count() > 20
    assert CarModel.objects.filter(name="JS P320 - Nissan").exists()

    race = aslms.races.get(round=1)
    steward = client_for(world.aco_steward)
    preview = post_upload(steward, race, RACE_1.read_bytes(), RACE_1.name)
    text = preview.content.decode()
    assert preview.status_code == 200 and "problem" not in text.lower(), text[:3000]
    confirm = dict(re.findall(r'name="(pending|sha256)" value="([^"]*)"', text))
    assert steward.post(f"/steward/races/{race.pk}/confirm/", confirm).status_code == 302
    version = ClassificationVersion.objects.get(race=race)
    assert version.rows.count() == 39
    assert set(version.rows.values_list("entry__season", flat=True)) == {aslms.pk}
    # Every driver of the file matched a nominated driver of the imported crews.
    assert version.rows.filter(row_drivers__isnull=False).distinct().count() == 39
    assert sum(len(names) for names in version.rows.values_list("driver_names", flat=True)) == 117
    assert ResultRowDriver.objects.filter(row__version=version).count() == 117


BASE = ["aslms-2023-24", "New Team", "12", "LMP3", "", "Ligier", "JS P320 - Nissan", "", "", "Ann", "Driver", "GBR"]


def test_it_reports_rows_and_columns_and_saves_nothing(aslms: Season, world: Any) -> None:
    data = tablib.Dataset(
        [*BASE, "bronze", "Sepang"],
        [*BASE[:3], "GT", *BASE[4:9], "Bob", "Other", "GBR", "silver", "Sepang"],  # class differs from row 1
        [*BASE[:9], "Cy", "Third", "UK", "gold", "Sepang"],  # nationality not ISO alpha-3
        [*BASE[:9], "Di", "Fourth", "FRA", "diamond", "Monza"],
        headers=list(COLUMNS),
    )
    result = EntryListResource(user=world.aco_staff).import_data(data, dry_run=False)
    errors = {row.number: row.error_dict for row in result.invalid_rows}
    assert "class GT in this row, LMP3 in Paddock" in " ".join(errors[2]["number"])
    assert "ISO alpha-3" in " ".join(errors[3]["nationality"])
    assert set(errors[4]) == {"category", "events"}
    assert "Unknown event 'Monza'" in errors[4]["events"][0]
    assert not Entry.objects.filter(season=aslms).exists()
    assert not Team.objects.filter(name="New Team").exists()


def test_it_refuses_a_crew_that_breaks_the_lineup_rules_at_the_cars_last_row(aslms: Season, world: Any) -> None:
    from entries.models import LineupRule

    LineupRule.objects.create(season=aslms, name="LMP3 crews", min_drivers=2, max_drivers=3)
    data = tablib.Dataset([*BASE, "bronze", "Sepang"], headers=list(COLUMNS))
    result = EntryListResource(user=world.aco_staff).import_data(data, dry_run=False)
    errors = {row.number: row.error_dict for row in result.invalid_rows}
    assert "Car #12:" in errors[1]["number"][0] and "two" in errors[1]["number"][0]
    assert not Entry.objects.filter(season=aslms).exists()


def test_it_keeps_other_series_seasons_out_of_the_import(aslms: Season, world: Any) -> None:
    data = tablib.Dataset([*BASE, "bronze", "Sepang"], headers=list(COLUMNS))
    result = EntryListResource(user=world.sro_staff).import_data(data, dry_run=False)
    errors = {row.number: row.error_dict for row in result.invalid_rows}
    assert "Unknown season" in errors[1]["season"][0]
    assert not Entry.objects.exists()
