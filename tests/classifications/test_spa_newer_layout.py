"""Golden: the real 6 Hours of Spa 2024 (the timing's newer layout) through the steward's pages and a bundle.

Expected figures computed by hand from the file (tests/fixtures/alkamel/wec-2024-r3-spa-6h-
classification.csv), ACO points 25-18-15-12-10-8-6-4-2-1 and 0.5 for every other classified car,
70 % of the class winner's laps:
- HYPERCAR: the rows with CLASS HYPERCAR in file order are #12 #6 #50 #51 #99 #8 #7 #83 #35 #93
  (places 1-10: 25 ... 1), then #15 #36 #20 #94 #11 (11th-15th, 140/140/140/139/138 laps, all
  above 0.7 × 141 = 98.7: 0.5 each); #2 #5 #63 #38 retired (no POSITION in the file): 0.
- LMGT3: #91 #92 #60 #59 #85 #54 #777 #88 #77 #78 (25 ... 1), #27 #82 #55 #87 (129/129/129/128
  laps ≥ 0.7 × 130 = 91: 0.5 each); #31 #95 #81 #46 retired: 0.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command

from championships.models import Season
from entries.models import Driver, DriverCategory
from results.classifications.models import DerivedRow
from results.standings.models import StandingRow
from results.standings.services import recalculate_season
from tests import factories
from tests.helpers import client_for, post_confirmed, post_upload
from tests.scenarios import SPA_2024, SPA_BUNDLE, build_spa

pytestmark = pytest.mark.django_db

D = Decimal
HYPERCAR = {
    "12": (1, D(25)), "6": (2, D(18)), "50": (3, D(15)), "51": (4, D(12)), "99": (5, D(10)),
    "8": (6, D(8)), "7": (7, D(6)), "83": (8, D(4)), "35": (9, D(2)), "93": (10, D(1)),
    "15": (11, D("0.5")), "36": (12, D("0.5")), "20": (13, D("0.5")), "94": (14, D("0.5")), "11": (15, D("0.5")),
}  # fmt: skip
LMGT3 = {
    "91": (1, D(25)), "92": (2, D(18)), "60": (3, D(15)), "59": (4, D(12)), "85": (5, D(10)),
    "54": (6, D(8)), "777": (7, D(6)), "88": (8, D(4)), "77": (9, D(2)), "78": (10, D(1)),
    "27": (11, D("0.5")), "82": (12, D("0.5")), "55": (13, D("0.5")), "87": (14, D("0.5")),
}  # fmt: skip
RETIRED = {"HYPERCAR": {"2", "5", "63", "38"}, "LMGT3": {"31", "95", "81", "46"}}


def team_points(season: Season, class_code: str) -> dict[str, Decimal]:
    rows = StandingRow.objects.filter(season=season, championship="teams", class_code=class_code, cup_code="")
    return {row.number: row.points for row in rows}


def class_positions(season: Season, class_code: str) -> dict[str, int | None]:
    """Car → class position when classified, None when not (retired cars still get a place in the order)."""
    rows = DerivedRow.objects.filter(version__race__season=season, class_code=class_code).select_related("row")
    return {row.row.number: row.class_position if row.status == "classified" else None for row in rows}


def assert_golden(season: Season) -> None:
    recalculate_season(season.pk, force=True)
    for class_code, expected in (("HYPERCAR", HYPERCAR), ("LMGT3", LMGT3)):
        positions = class_positions(season, class_code)
        assert {n: p for n, p in positions.items() if p is not None} == {n: p for n, (p, _) in expected.items()}
        assert {n for n, p in positions.items() if p is None} == RETIRED[class_code]
        points = team_points(season, class_code)
        assert points == {**{n: pts for n, (_, pts) in expected.items()}, **dict.fromkeys(RETIRED[class_code], D(0))}


def test_it_scores_the_spa_file_uploaded_by_a_steward(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    spa = build_spa(world.aco_series)
    client = client_for(world.aco_steward)
    page = post_upload(client, spa.race, SPA_2024.read_bytes(), filename=SPA_2024.name)
    body = page.content.decode()
    assert page.status_code == 200, body
    # The file's categories and nationalities fill in the drivers that have none.
    assert "#12 Will STEVENS: FIA category Platinum and nationality GBR from the file" in body
    assert "&#x27;_&#x27; is not a three-letter country; Daniil KVYAT" in body
    pending = page.context["preview"].pending
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(
            f"/steward/races/{spa.race.pk}/confirm/", {"pending": pending.pk, "sha256": pending.sha256}
        )
        assert confirmed.status_code == 302
        version = spa.race.classification_versions.get()
        published = post_confirmed(client, f"/steward/versions/{version.pk}/publish/", {"status": "provisional"})
        assert published.status_code == 302
    assert_golden(spa.season)
    stevens = spa.drivers["Will STEVENS"]
    stevens.refresh_from_db()
    assert stevens.nationality == "GBR"
    assert DriverCategory.objects.get(driver=stevens, season=spa.season).category == "platinum"
    assert DriverCategory.objects.get(driver=spa.drivers["Yasser SHAHIN"], season=spa.season).category == "bronze"
    assert Driver.objects.get(pk=spa.drivers["Daniil KVYAT"].pk).nationality == ""


def test_it_reports_a_category_the_file_disagrees_with_and_keeps_the_recorded_one(world: Any) -> None:
    spa = build_spa(world.aco_series)
    stevens = spa.drivers["Will STEVENS"]
    DriverCategory.objects.create(driver=stevens, season=spa.season, category="gold")
    client = client_for(world.aco_steward)
    body = post_upload(client, spa.race, SPA_2024.read_bytes()).content.decode()
    assert "#12 Will STEVENS: file says P, season has G" in body
    assert "#12 Will STEVENS: nationality GBR from the file" in body


def test_it_scores_the_spa_file_of_a_bundle(django_capture_on_commit_callbacks: Any) -> None:
    factories.UserFactory(superuser=True, username="root")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_season", str(SPA_BUNDLE))
    season = Season.objects.get(series__code="wec", name="2024")
    assert_golden(season)
    assert Driver.objects.get(last_name__iexact="stevens").nationality == "GBR"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_season", str(SPA_BUNDLE))  # twice: nothing changes
    assert_golden(season)
