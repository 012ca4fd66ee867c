"""Import/export of entries and drivers: scoped to the user's series, all or nothing."""

from __future__ import annotations

from typing import Any

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile

from championships.models import AuditEntry
from entries.models import DriverCategory, Entry, EntryStatus
from entries.resources import DriverResource, EntryResource
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

HEADERS = ["season", "team", "number", "class", "cup", "car_model", "kind"]


def dataset(*rows: list[str], headers: list[str] = HEADERS) -> tablib.Dataset:
    return tablib.Dataset(*rows, headers=headers)


def row_errors(result: Any) -> list[tuple[int, dict[str, list[str]]]]:
    return [(row.number, row.error_dict) for row in result.invalid_rows]


def test_it_imports_entries_as_drafts_through_the_services(paddock: Any) -> None:
    data = dataset(
        [
            "gtwc-asia-2022",
            "absolute racing",
            "91",
            "GT3",
            "PRO-AM",
            "Porsche 911 GT3 R",
            "full_season",
        ],
        ["gtwc-asia-2022", "Team Bee", "92", "gt3", "", "", "guest"],
    )
    result = EntryResource(user=paddock.world.sro_staff).import_data(data, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    e91, e92 = Entry.objects.get(number="91"), Entry.objects.get(number="92")
    assert (e91.team, e91.cup, e91.car_model, e91.status) == (
        paddock.team_a,
        paddock.cups["PRO-AM"],
        paddock.car,
        EntryStatus.DRAFT,
    )
    assert (e92.team, e92.cup, e92.kind) == (paddock.team_b, None, "guest")
    assert AuditEntry.objects.filter(action="entries.entry.created", actor=paddock.world.sro_staff).count() == 2


def test_it_updates_an_entry_found_by_season_and_number(paddock: Any) -> None:
    entry = paddock.entry(number="93", cup="PRO-AM")
    data = dataset(["gtwc-asia-2022", "Absolute Racing", "93", "GT3", "AM", "", "full_season"])
    result = EntryResource(user=paddock.world.sro_staff).import_data(data, dry_run=False)
    assert not result.has_validation_errors(), row_errors(result)
    entry.refresh_from_db()
    assert entry.cup == paddock.cups["AM"]


def test_it_saves_nothing_when_a_row_names_unknown_things(paddock: Any) -> None:
    data = dataset(
        ["gtwc-asia-2022", "Absolute Racing", "94", "GT3", "PRO-AM", "", "full_season"],
        ["gtwc-asia-2022", "Absolute Racing", "95", "LMP9", "GOLD", "Tesla Roadster", "sometimes"],
        ["gtwc-asia-2099", "Nobody Racing", "96", "GT3", "", "", ""],
    )
    result = EntryResource(user=paddock.world.sro_staff).import_data(data, dry_run=False)
    assert row_errors(result) == [
        (
            2,
            {
                "racing_class": ["Unknown class 'LMP9' in GT World Challenge Asia 2022."],
                "cup": ["Unknown cup 'GOLD' in GT World Challenge Asia 2022."],
                "car_model": ["Unknown car model 'Tesla Roadster': it must exist in Paddock before the import."],
                "kind": ["Unknown kind 'sometimes': use full_season, guest."],
            },
        ),
        (
            3,
            {
                "season": ["Unknown season 'gtwc-asia-2099' (or not one of your series): use e.g. aslms-2023."],
                "team": ["Unknown team 'Nobody Racing': it must exist in Paddock before the import."],
                "racing_class": ["Cannot look up class 'GT3' without a valid season."],
            },
        ),
    ]
    assert not Entry.objects.exists()
    assert not AuditEntry.objects.exists()


def test_it_refuses_a_season_outside_the_users_series(paddock: Any) -> None:
    data = dataset(["aslms-2023", "Absolute Racing", "97", "LMP2", "", "", ""])
    result = EntryResource(user=paddock.world.sro_staff).import_data(data, dry_run=False)
    assert row_errors(result)[0][1]["season"] == [
        "Unknown season 'aslms-2023' (or not one of your series): use e.g. aslms-2023."
    ]
    assert not Entry.objects.exists()


def test_it_reports_a_taken_number_on_its_row(paddock: Any) -> None:
    paddock.entry(team=paddock.team_b, number="7", status=EntryStatus.ACCEPTED)
    data = dataset(
        ["gtwc-asia-2022", "Absolute Racing", "8", "GT3", "", "", ""],
        ["gtwc-asia-2022", "Absolute Racing", "007", "GT3", "", "", ""],
        ["gtwc-asia-2022", "Absolute Racing", "7", "GT3", "", "", ""],
    )
    result = EntryResource(user=paddock.world.sro_staff).import_data(data, dry_run=False)
    # "7" is Team Bee's live entry: a row naming another team is refused, not applied to it.
    assert row_errors(result) == [
        (3, {"__all__": ["Car #7 is already taken in GT World Challenge Asia 2022: choose another number."]})
    ]
    assert Entry.objects.count() == 1
    assert not Entry.objects.filter(number__in=["8", "007"]).exists()


def test_it_imports_through_the_admin_and_shows_row_errors(paddock: Any) -> None:
    client = client_for(paddock.world.sro_staff)
    assert client.get("/admin/entries/entry/import/").status_code == 200
    csv = "season,team,number,class,cup,car_model,kind\ngtwc-asia-2022,Absolute Racing,61,GT9,,,\n"
    response = client.post(
        "/admin/entries/entry/import/",
        {
            "resource": 0,
            "format": 0,
            "import_file": SimpleUploadedFile("entries.csv", csv.encode(), content_type="text/csv"),
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Unknown class &#x27;GT9&#x27; in GT World Challenge Asia 2022." in body
    assert not Entry.objects.exists()


def test_it_keeps_import_away_from_stewards_and_team_managers(paddock: Any) -> None:
    assert client_for(paddock.sro_steward).get("/admin/entries/entry/import/").status_code == 403
    assert client_for(paddock.manager_a).get("/admin/entries/entry/import/").status_code == 302


def test_it_exports_only_the_users_series(paddock: Any) -> None:
    from tests import factories

    paddock.entry(number="71", status=EntryStatus.ACCEPTED)
    factories.EntryFactory(season=paddock.aslms, team=paddock.team_b, number="72")
    client = client_for(paddock.world.sro_staff)
    response = client.post(
        "/admin/entries/entry/export/",
        {
            "format": 0,
            "resource": 0,
            **{
                f"entryresource_{f}": True
                for f in [
                    "season",
                    "team",
                    "number",
                    "racing_class",
                    "cup",
                    "car_model",
                    "kind",
                    "status",
                ]
            },
        },
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    body = response.content.decode()
    assert "gtwc-asia-2022,Absolute Racing,71,GT3,PRO-AM,Porsche 911 GT3 R,full_season,accepted" in body
    assert "aslms" not in body


def test_it_imports_drivers_with_their_category(paddock: Any) -> None:
    data = dataset(
        ["Marchy", "Lee", "hkg", "gtwc-asia-2022", "Silver"],
        ["Chris", "Lulham", "GBR", "", ""],
        headers=["first_name", "last_name", "nationality", "season", "category"],
    )
    result = DriverResource(user=paddock.world.sro_staff).import_data(data, dry_run=False)
    assert not result.has_validation_errors(), row_errors(result)
    category = DriverCategory.objects.get(driver__last_name="Lee")
    assert (category.category, category.driver.nationality) == ("silver", "HKG")


def test_it_saves_no_driver_when_a_row_is_bad(paddock: Any) -> None:
    data = dataset(
        ["Marchy", "Lee", "HKG", "gtwc-asia-2022", "silver"],
        ["Bad", "Row", "GBR", "aslms-2023", "diamond"],
        ["No", "Season", "GBR", "", "gold"],
        headers=["first_name", "last_name", "nationality", "season", "category"],
    )
    result = DriverResource(user=paddock.world.sro_staff).import_data(data, dry_run=False)
    assert row_errors(result) == [
        (
            2,
            {
                "season": ["Unknown season 'aslms-2023' (or not one of your series): use e.g. aslms-2023."],
                "category": ["Unknown FIA category 'diamond': use platinum, gold, silver, bronze."],
            },
        ),
        (3, {"category": ["Give both the season and the FIA category, or neither."]}),
    ]
    from entries.models import Driver

    assert not Driver.objects.filter(last_name="Lee").exists()


def test_it_names_the_number_column_of_a_bad_number(paddock: Any) -> None:
    data = dataset(
        ["gtwc-asia-2022", "Absolute Racing", "x1", "GT3", "", "", ""],
        ["gtwc-asia-2022", "Absolute Racing", "12", "GT3", "", "", ""],
        ["gtwc-asia-2022", "Team Bee", "12", "GT3", "", "", ""],
    )
    result = EntryResource(user=paddock.world.sro_staff).import_data(data, dry_run=False)
    assert row_errors(result) == [
        (1, {"number": ["'x1' is not a car number: use 1 to 4 digits, e.g. 7 or 007."]}),
    ]
    assert not Entry.objects.exists()
    assert not AuditEntry.objects.exists()


def test_it_imports_two_teams_drafts_wishing_for_the_same_number(paddock: Any) -> None:
    data = dataset(
        ["gtwc-asia-2022", "Absolute Racing", "12", "GT3", "", "", ""],
        ["gtwc-asia-2022", "Team Bee", "12", "GT3", "", "", ""],
    )
    result = EntryResource(user=paddock.world.sro_staff).import_data(data, dry_run=False)
    assert row_errors(result) == []
    assert sorted(Entry.objects.filter(number="12").values_list("team__name", "status")) == [
        ("Absolute Racing", "draft"),
        ("Team Bee", "draft"),
    ]
