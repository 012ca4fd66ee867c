"""An extra championship's tab on the public standings page, at desktop and phone widths."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from bench.synthetic import SyntheticSeason
from championships.models import ExtraChampionship
from results.standings.store import season_standings_write

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results"


@pytest.mark.parametrize("width", [1280, 390])
def test_it_shows_a_tab_per_extra_championship_after_drivers_and_teams(
    synthetic: SyntheticSeason, live_server: Any, page: Page, width: int
) -> None:
    season = synthetic.season
    ExtraChampionship.objects.create(season=season, name="Overall", competitors="teams", classes="C1, C2", order=0)
    ExtraChampionship.objects.create(season=season, name="Opening rounds", classes="C1", rounds="1 2", order=1)
    season_standings_write(season.id)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/seasons/{season.series.code}/{season.name}/standings/")

    tabs = page.locator("#championship-tabs a")
    expect(tabs).to_have_text(["Drivers", "Teams", "Overall", "Opening rounds"])
    tabs.nth(2).click()
    expect(page.locator("#table-title")).to_have_text("Overall, after round 4")
    expect(page.locator("#championship-scope")).to_have_text(
        "Teams over C1 + C2; places counted among these cars only."
    )
    expect(page.locator("#table-tabs")).to_have_count(0)
    expect(page.locator("#standings thead th").nth(1)).to_have_text("Team")
    # Both classes in one table: as many lines as cars.
    expect(page.locator("#standings tbody tr")).to_have_count(9)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"standings-extra-championship-{width}.png"), full_page=True)

    # A championship over two rounds: its results list those two races only, its title is decided.
    page.locator("#championship-tabs a", has_text="Opening rounds").click()
    expect(page.locator("#table-title")).to_have_text("Opening rounds, after round 4")
    first = page.locator("#standings tbody tr").first
    assert len(first.locator("td").nth(5).inner_text().split()) == 2
    expect(page.locator("#title-offer")).to_have_text("Title after round 4: no race left, the title is decided.")
