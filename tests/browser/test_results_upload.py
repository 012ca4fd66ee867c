"""A steward uploads the real Al Kamel file, checks the preview, confirms and publishes it."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests import factories
from tests.browser.conftest import log_in
from tests.scenarios import SILVERSTONE, build_elms

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_takes_a_steward_from_upload_to_a_published_classification(world: Any, live_server: Any, page: Page) -> None:
    elms = build_elms(world.aco_series)
    race_url = f"{live_server.url}/steward/races/{elms.race.pk}/"
    log_in(page, live_server.url, world.aco_steward.email, factories.PASSWORD, next_url=race_url)
    page.goto(race_url)

    page.set_input_files("input[name=file]", str(SILVERSTONE))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator("h1")).to_contain_text("Preview")
    expect(page.locator("body")).to_contain_text("Read as alkamel (utf-8), 38 cars")
    expect(page.locator("tr[data-number='82']")).to_contain_text("Sébastien CRUBILÉ")
    expect(page.locator("tr[data-number='38']")).to_contain_text("21 Laps")

    page.get_by_role("button", name="Confirm and save as a new version").click()
    expect(page.locator(".messages")).to_contain_text("Version 1 saved (unpublished)")
    expect(page.locator("#versions")).to_contain_text("Unpublished")
    # A steward may publish provisional results, never official ones.
    expect(page.get_by_role("link", name="Publish official…")).to_have_count(0)

    page.get_by_role("link", name="Publish provisional…").click()
    expect(page.locator("#publish-summary")).to_contain_text("38 cars")
    page.get_by_role("button", name="Confirm: publish provisional").click()
    expect(page.locator(".messages")).to_contain_text("published as provisional")

    page.goto(f"{live_server.url}/races/{elms.race.pk}/classification/")
    expect(page.locator("#version-line")).to_contain_text("Version 1, provisional, published")
    first = page.locator("table.classification tbody tr").first
    expect(first).to_contain_text("Thiriet By TDS Racing")
    expect(page.locator("tr[data-number='71']")).to_contain_text("DNS")

    # Series staff declare it official; the public page says so.
    page.context.clear_cookies()
    log_in(page, live_server.url, world.aco_staff.email, factories.PASSWORD, next_url=race_url)
    page.goto(race_url)
    page.get_by_role("link", name="Publish official…").click()
    page.get_by_role("button", name="Confirm: publish official").click()
    expect(page.locator(".messages")).to_contain_text("published as official")
    page.goto(f"{live_server.url}/races/{elms.race.pk}/classification/")
    expect(page.locator("#version-line")).to_contain_text("Version 1, official, published")
