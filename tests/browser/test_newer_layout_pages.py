"""The pages this work changed, in a browser: the steward's preview of a newer-layout file (drivers
filled in from it) and the public entry list with a car that changes class."""

from __future__ import annotations

import os
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from entries.class_changes import class_change_record
from tests import factories
from tests.browser.conftest import log_in, shoot
from tests.scenarios import SPA_2024, build_spa

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("PADDOCK_SCREENSHOTS", "")


def test_it_previews_the_spa_file_with_the_drivers_it_fills_in(world: Any, live_server: Any, page: Page) -> None:
    spa = build_spa(world.aco_series)
    race_url = f"{live_server.url}/steward/races/{spa.race.pk}/"
    log_in(page, live_server.url, world.aco_steward.email, factories.PASSWORD, next_url=race_url)
    page.goto(race_url)
    page.set_input_files("input[name=file]", str(SPA_2024))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator("body")).to_contain_text("37 cars")
    expect(page.locator("#fills-box summary")).to_contain_text("106 drivers get an FIA category or nationality")
    expect(page.locator("tr[data-number='2']")).to_contain_text("DNF")
    if SHOTS:
        shoot(page, SHOTS, "spa-preview")
    page.locator("#fills-box summary").click()
    expect(page.locator("#fills")).to_contain_text("#12 Will STEVENS: FIA category Platinum and nationality GBR")


def test_it_shows_a_class_change_on_the_public_entry_list(world: Any, live_server: Any, page: Page) -> None:
    spa = build_spa(world.aco_series)
    factories.RaceFactory(event=spa.race.event, round=2)
    class_change_record(
        actor=factories.UserFactory(superuser=True),
        entry=spa.entries["99"],
        from_round=2,
        racing_class=spa.classes["LMGT3"],
        reason="test",
    )
    page.goto(f"{live_server.url}/seasons/{spa.season.series.code}/{spa.season.name}/entries/")
    expect(page.locator("#entry-list")).to_contain_text("LMGT3 from R2")
    if SHOTS:
        shoot(page, SHOTS, "entries-class-change")
