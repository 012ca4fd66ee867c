"""SRO seasons in the browser: a steward's SRO upload (cups read, guests), and the real GTWC Europe 2021
Sprint Cup on the public standings page (overall and cup tables, clicked to)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from results.season_import import import_season
from results.standings.services import recalculate_season
from tests import factories
from tests.browser.conftest import log_in
from tests.scenarios import FIXTURES
from tests.sro.files import BARCELONA
from tests.sro.scenarios import build_gtwc

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results"


@pytest.mark.parametrize("width", [1280, 390])
def test_it_shows_the_silver_cup_table_beside_the_overall_one(live_server: Any, page: Page, width: int) -> None:
    root = factories.UserFactory(superuser=True)
    season = import_season(FIXTURES / "bundles" / "gtwc-europe-2021-sprint", root).season
    recalculate_season(season.id, force=True)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/seasons/gtwc-europe-sprint/2021/standings/")
    expect(page.locator("#table-title")).to_have_text("Drivers – GT3, after round 10")
    expect(page.locator("#standings tbody tr").first).to_contain_text("103.5")
    page.locator("#table-tabs").get_by_role("link", name="Silver Cup").click()
    expect(page.locator("#table-title")).to_have_text("Drivers – GT3 Silver Cup, after round 10")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"sro-silver-cup-{width}.png"), full_page=True)


def test_it_takes_a_steward_through_an_sro_file_with_its_cups_read(world: Any, live_server: Any, page: Page) -> None:
    gtwc = build_gtwc(world.sro_series)
    race_url = f"{live_server.url}/steward/races/{gtwc.race.pk}/"
    log_in(page, live_server.url, gtwc.steward.email, factories.PASSWORD, next_url=race_url)
    page.goto(race_url)
    page.set_input_files("input[name=file]", str(BARCELONA))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator("body")).to_contain_text("Read as sro (utf-8), 46 cars")
    expect(page.locator("body")).to_contain_text("'Pro-AM Cup' read as the Pro-Am Cup (13 cars)")
    expect(page.locator("body")).to_contain_text("read as a guest, classified but not scoring: #26, #82")
    expect(page.locator("tr[data-number='188']")).to_contain_text("Pro-Am Cup")
    SCREENSHOTS.mkdir(exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / f"sro-steward-preview-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Confirm and save as a new version").click()
    expect(page.locator(".messages")).to_contain_text("Version 1 saved (unpublished)")
