"""A team manager clicks to their entry, nominates one crew for every event in one form, gives
one event another driver, and submits; screenshots at 1280 and 390 px under /tmp/shots-lineups/."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from entries import lineup_seed
from entries.models import Entry, EntryStatus, Nomination
from tests import factories
from tests.browser.conftest import log_in, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = "/tmp/shots-lineups"


def _shoot(page: Page, name: str) -> None:
    shoot(page, SHOTS, name)


def test_it_lets_a_team_manager_nominate_the_season_crews_in_one_form(world: Any, live_server: Any, page: Page) -> None:
    season = world.sro_season
    lineup_seed.seed_gtwc_asia_2022(season)
    for name, day in (("Sepang", date(2022, 5, 20)), ("Suzuka", date(2022, 7, 15)), ("Fuji", date(2022, 7, 22))):
        factories.EventFactory(season=season, name=name, start_date=day, end_date=day)
    team = factories.TeamFactory(name="Absolute Racing", managers=[world.team_manager])
    entry = factories.EntryFactory(
        season=season,
        team=team,
        number="6",
        racing_class=season.classes.get(code="GT3"),
        cup=season.cups.get(code="PRO-AM"),
        status=EntryStatus.DRAFT,
    )
    for first, last, nationality, category in (
        ("Kenji", "Arakawa", "JPN", "bronze"),
        ("Chris", "Lulham", "GBR", "gold"),
        ("Dennis", "Olsen", "NOR", "gold"),
    ):
        driver = factories.DriverFactory(first_name=first, last_name=last, nationality=nationality)
        factories.DriverCategoryFactory(driver=driver, season=season, category=category)

    log_in(page, live_server.url, world.team_manager.email, factories.PASSWORD, next_url="/my/entries/")
    page.locator("#my-entries").get_by_role("link", name="#6").click()
    page.get_by_role("link", name="Nominate the crews for the season").click()

    # Same crew for every event is ticked; the crews per event are hidden while it is.
    expect(page.get_by_label("Same crew for every event")).to_be_checked()
    expect(page.locator("#per-event")).to_be_hidden()
    page.fill("#id_all-1-driver", "ARAKAWA Kenji (JPN)")
    page.fill("#id_all-2-driver", "LULHAM Chris (GBR)")
    _shoot(page, "season-lineups-same-crew")
    page.get_by_role("button", name="Save the line-ups").click()
    expect(page.get_by_text("Line-ups saved for Sepang, Suzuka, Fuji.")).to_be_visible()
    _shoot(page, "entry-after-same-crew")

    # Then one event gets another driver: untick, the per-event crews start from the common one.
    page.get_by_role("link", name="Nominate the crews for the season").click()
    page.get_by_label("Same crew for every event").uncheck()
    suzuka = page.locator("fieldset", has_text="Suzuka")
    expect(suzuka.locator("input.driver-pick").nth(1)).to_have_value("LULHAM Chris (GBR)")
    suzuka.locator("input.driver-pick").nth(1).fill("OLSEN Dennis (NOR)")
    _shoot(page, "season-lineups-per-event")
    page.get_by_role("button", name="Save the line-ups").click()
    expect(page.get_by_text("Line-ups saved for Suzuka.")).to_be_visible()

    page.get_by_role("button", name="Submit the entry").click()
    expect(page.locator("#entry-status")).to_have_text("Submitted")
    _shoot(page, "entry-submitted")

    crews = {
        event: sorted(
            Nomination.objects.filter(entry=entry, event__name=event, removed_at__isnull=True).values_list(
                "driver__last_name", flat=True
            )
        )
        for event in ("Sepang", "Suzuka", "Fuji")
    }
    assert crews == {"Sepang": ["Arakawa", "Lulham"], "Suzuka": ["Arakawa", "Olsen"], "Fuji": ["Arakawa", "Lulham"]}
    assert Entry.objects.get(pk=entry.pk).status == EntryStatus.SUBMITTED
