"""The real GTWC Europe 2021 Sprint Cup on the public standings page: overall and cup tables, clicked to."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from results.season_import import import_season
from results.standings.services import recalculate_season
from tests import factories
from tests.scenarios import FIXTURES

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
