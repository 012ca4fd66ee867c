"""The title race on the public standings page, reached by clicking from the home page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from bench.synthetic import SyntheticSeason

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results"


def open_standings_after_round_2(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/")
    page.get_by_role("link", name="2023").first.click()
    page.get_by_role("link", name="Standings").first.click()
    page.select_option("#round-select", "2")
    page.get_by_role("button", name="Show").click()


@pytest.mark.parametrize("width", [1280, 390])
def test_it_shows_who_can_still_win_after_each_round(
    synthetic: SyntheticSeason, live_server: Any, page: Page, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    open_standings_after_round_2(page, live_server.url)

    expect(page.locator("#table-title")).to_have_text("Drivers – C1, after round 2 of 4")
    offer = page.locator("#title-offer")
    expect(offer).to_contain_text("Title after round 2: 2 races left, up to")
    expect(offer).to_contain_text("points still on offer.")
    needs = page.locator("#title-needs li").first
    expect(needs).to_contain_text("the title at round 3")
    badges = page.locator("#standings tbody .badge")
    expect(badges.first).to_have_text("In contention")
    assert badges.count() == page.locator("#standings tbody tr").count()
    # The page itself does not scroll sideways; the table scrolls inside .table-wrap.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"standings-title-{width}.png"), full_page=True)

    # After the last round the title is decided: a champion, everybody else out.
    page.select_option("#round-select", "4")
    page.get_by_role("button", name="Show").click()
    expect(offer).to_have_text("Title after round 4: no race left, the title is decided.")
    expect(page.locator("#standings tbody tr").first.locator(".badge")).to_have_text("Champion")
