"""A team manager registers a draft entry, nominates two drivers and submits it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from championships.models import Cup
from entries import lineup_seed
from entries.models import Entry, EntryStatus, Team
from tests import factories
from tests.browser.conftest import log_in, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_lets_a_team_manager_register_nominate_and_submit(world: Any, live_server: Any, page: Page) -> None:
    season = world.sro_season
    lineup_seed.seed_gtwc_asia_2022(season)
    Cup.objects.filter(season=season, code="PRO-AM").update(name="Pro-Am")
    factories.EventFactory(season=season, name="Sepang", start_date=date(2022, 5, 20), end_date=date(2022, 5, 22))
    factories.TeamFactory(name="Absolute Racing", managers=[world.team_manager])
    factories.CarModelFactory(manufacturer=factories.ManufacturerFactory(name="Porsche"), name="911 GT3 R")
    gold = factories.DriverFactory(first_name="Chris", last_name="Lulham", nationality="GBR")
    factories.DriverCategoryFactory(driver=gold, season=season, category="gold")

    log_in(page, live_server.url, world.team_manager.email, factories.PASSWORD, next_url="/my/entries/")
    page.get_by_role("link", name="Register a new entry").click()
    shoot(page, "/tmp/shots-lineups", "new-entry-season-first")
    # One season selector, the team (the only one they manage) preselected; picking the season
    # reloads the form with that season's classes and cups only.
    expect(page.locator("#team-pick")).to_have_value(str(Team.objects.get(name="Absolute Racing").pk))
    page.select_option("#season-pick", label="GT World Challenge Asia 2022")
    page.wait_for_selector("#id_number")
    expect(page.get_by_role("heading", name="Entry of Absolute Racing in GT World Challenge Asia 2022")).to_be_visible()
    page.fill("#id_number", "6")
    page.select_option("#id_racing_class", label="GT3")
    expect(page.locator("#id_cup option")).not_to_contain_text(["Asian Le Mans"])
    page.select_option("#id_cup", label="Pro-Am (GT3)")
    shoot(page, "/tmp/shots-lineups", "new-entry-form")
    page.select_option("#id_car_model", label="Porsche 911 GT3 R")
    page.get_by_role("button", name="Create draft").click()
    expect(page.locator("#entry-status")).to_have_text("Draft")

    # A new driver, with nationality and FIA category for the season...
    page.select_option("#id_event", label="Sepang (GT World Challenge Asia 2022)")
    page.fill("#id_first_name", "Kenji")
    page.fill("#id_last_name", "Arakawa")
    page.fill("#id_nationality", "JPN")
    page.select_option("#id_category", "bronze")
    page.get_by_role("button", name="Nominate").click()
    expect(page.get_by_text("Kenji Arakawa nominated for Sepang.")).to_be_visible()
    # ...and an existing one.
    page.select_option("#id_event", label="Sepang (GT World Challenge Asia 2022)")
    page.select_option("#id_driver", label="LULHAM Chris (GBR)")
    page.get_by_role("button", name="Nominate").click()
    expect(page.locator("table.lineup")).to_contain_text("Chris Lulham")

    page.get_by_role("button", name="Submit the entry").click()
    expect(page.locator("#entry-status")).to_have_text("Submitted")
    page.goto(f"{live_server.url}/my/entries/")
    expect(page.locator("#my-entries")).to_contain_text("Submitted")
    assert Entry.objects.get(number="6").status == EntryStatus.SUBMITTED
