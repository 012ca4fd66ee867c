"""An SRO results file through the steward's pages (dry run, confirm), as a steward of the series.

The real Barcelona 2021 race (GTWC Europe Endurance Cup): `Pro-AM Cup` is the season's Pro-Am Cup,
two Invitational cars are guests of the event, three cars are NC.
"""

from __future__ import annotations

from typing import Any

import pytest

from championships.models import AuditEntry
from entries.models import EntryKind
from results.classifications.models import ClassificationVersion
from results.classifications.reconcile import MISSING_CAR, UNKNOWN_CAR
from results.classifications.selectors import classification_table
from tests import factories
from tests.helpers import client_for, post_upload
from tests.sro.files import BARCELONA, BRANDS_HATCH_R1, MONZA_COMBINED
from tests.sro.scenarios import build_gtwc

pytestmark = pytest.mark.django_db


def _preview_then_confirm(client: Any, race: Any, data: bytes, filename: str) -> Any:
    page = post_upload(client, race, data, filename)
    assert page.status_code == 200, page.content.decode()[:2000]
    pending = page.context["preview"].pending
    return client.post(f"/steward/races/{race.pk}/confirm/", {"pending": pending.pk, "sha256": pending.sha256})


def test_it_previews_an_sro_race_saying_how_each_cup_was_read(world: Any) -> None:
    gtwc = build_gtwc(world.sro_series)
    page = post_upload(client_for(gtwc.steward), gtwc.race, BARCELONA.read_bytes(), "Main_Race.csv")
    assert page.status_code == 200
    body = page.content.decode()
    assert "&#x27;Pro-AM Cup&#x27; read as the Pro-Am Cup (13 cars)" in body
    assert "read as a guest, classified but not scoring: #26, #82" in body
    preview = page.context["preview"]
    assert preview.file_format == "sro"
    rows = {row.number: row for row in preview.rows}
    assert (rows["188"].status, rows["188"].cup_code) == ("nc", "Pro-Am Cup")
    assert {row.class_code for row in preview.rows} == {"GT3"}


def test_it_stores_the_confirmed_sro_race_with_its_cups_and_guests(world: Any) -> None:
    gtwc = build_gtwc(world.sro_series)
    response = _preview_then_confirm(client_for(gtwc.steward), gtwc.race, BARCELONA.read_bytes(), "Main_Race.csv")
    assert response.status_code == 302
    version = ClassificationVersion.objects.get(race=gtwc.race)
    assert (version.file_format, version.rows.count()) == ("sro", 46)
    table = {row.number: row for row in classification_table(version)}
    # Cup places count within the cup: #20 is the first Pro-Am car (25th overall).
    assert (table["20"].overall_position, table["20"].cup_code, table["20"].cup_position) == (25, "Pro-Am Cup", 1)
    assert table["26"].cup_code == "" and gtwc.entries["26"].kind == EntryKind.GUEST
    assert AuditEntry.objects.filter(action="results.classification.uploaded").count() == 1


def test_it_refuses_a_cup_the_season_does_not_have_with_row_and_column_and_writes_nothing(world: Any) -> None:
    gtwc = build_gtwc(world.sro_series, cup_names=("Pro Cup", "Silver Cup"))
    page = post_upload(client_for(gtwc.steward), gtwc.race, BARCELONA.read_bytes(), "Main_Race.csv")
    assert page.status_code == 400
    problems = page.context["problems"]
    assert "row 26, column CLASS: 'Pro-AM Cup' is not a cup of this season (Pro Cup, Silver Cup)" in problems
    assert len(problems) == 13
    assert not ClassificationVersion.objects.exists()


def test_it_refuses_an_sro_file_in_a_season_of_several_classes(world: Any) -> None:
    gtwc = build_gtwc(world.sro_series)
    factories.RacingClassFactory(season=gtwc.season, code="GT4")
    page = post_upload(client_for(gtwc.steward), gtwc.race, BARCELONA.read_bytes(), "Main_Race.csv")
    assert page.status_code == 400
    assert page.context["problems"] == [
        "an SRO results file names only cups (its Class column), so the season must have exactly one class "
        "for its cars; this season has 2 (GT3, GT4)"
    ]


def test_it_warns_when_an_invitational_car_is_a_full_season_entry(world: Any) -> None:
    gtwc = build_gtwc(world.sro_series)
    entry = gtwc.entries["82"]
    entry.kind = EntryKind.FULL_SEASON
    entry.save()
    page = post_upload(client_for(gtwc.steward), gtwc.race, BARCELONA.read_bytes(), "Main_Race.csv")
    assert page.status_code == 200
    warnings = page.context["preview"].warnings
    assert any("car #82 is Invitational in the file but a full-season entry" in w for w in warnings)


def test_it_lets_an_sro_file_move_a_car_to_another_cup_with_a_warning(world: Any) -> None:
    gtwc = build_gtwc(world.sro_series)
    entry = gtwc.entries["63"]
    entry.cup = gtwc.cups["Silver Cup"]
    entry.save()
    response = _preview_then_confirm(client_for(gtwc.steward), gtwc.race, BARCELONA.read_bytes(), "Main_Race.csv")
    assert response.status_code == 302
    table = {row.number: row for row in classification_table(ClassificationVersion.objects.get(race=gtwc.race))}
    assert table["63"].cup_code == "Pro Cup"  # the cup the file says it raced in


def test_it_refuses_another_race_file_without_a_500(world: Any) -> None:
    gtwc = build_gtwc(world.sro_series)
    # Another event's cars are differences to resolve on the preview (reconcile), never saved unseen.
    page = post_upload(client_for(gtwc.steward), gtwc.race, BRANDS_HATCH_R1.read_bytes(), "Race_1.csv")
    assert page.status_code == 200
    kinds = {d.kind for d in page.context["preview"].reconciliation.differences}
    assert {UNKNOWN_CAR, MISSING_CAR} <= kinds
    assert not ClassificationVersion.objects.exists()
    page = post_upload(client_for(gtwc.steward), gtwc.race, MONZA_COMBINED.read_bytes(), "Combined.csv")
    assert page.status_code == 400 and "combined qualifying" in page.context["problems"][0]


def test_it_refuses_an_sro_upload_to_a_steward_of_another_body(world: Any) -> None:
    gtwc = build_gtwc(world.sro_series)
    page = post_upload(client_for(world.aco_steward), gtwc.race, BARCELONA.read_bytes(), "Main_Race.csv")
    assert page.status_code in (403, 404)
    assert not ClassificationVersion.objects.exists()
