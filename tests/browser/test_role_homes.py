"""Each persona logs in through the login form, lands on its home and finds its work by clicking.

Screenshots at 1280 and 390 px go to /tmp/shots-roles/ (looked at by hand when the pages change).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from bench.synthetic import SyntheticSeason
from championships.models import Organisation, Race
from tests import factories
from tests.browser.conftest import current_totp_code, enrol_totp, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots-roles")
WIDTHS = (1280, 390)


def shoot(page: Page, name: str, detail: str | None = None) -> None:
    """Full-page screenshots at both widths (and of the `detail` element); at 390 px nothing may widen the page."""
    SHOTS.mkdir(exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        if detail:
            page.locator(detail).screenshot(path=str(SHOTS / f"{name}-detail-{width}.png"))
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} is {overflow}px wider than the {width}px window"
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture
def weekend(world: Any, synthetic: SyntheticSeason) -> dict[str, Any]:
    """The synthetic season governed by ACO, one more run race without results, and a manager's draft."""
    aco = Organisation.objects.get(code="aco")
    synthetic.season.series.governing_bodies.add(aco)
    today = timezone.localdate()
    event = factories.EventFactory(season=synthetic.season, name="Finale", start_date=today, end_date=today)
    race = factories.RaceFactory(event=event, round=5, name="Race 5")
    upcoming_season = factories.SeasonFactory(series=world.aco_series, name="2099")
    factories.EventFactory(
        season=upcoming_season,
        name="Sepang",
        start_date=today + timedelta(days=30),
        end_date=today + timedelta(days=31),
    )
    team = factories.TeamFactory(name="Manager Racing", managers=[world.team_manager])
    draft = factories.EntryFactory(season=upcoming_season, team=team, number="17", status="draft")
    return {"race": race, "event": event, "draft": draft, "season": synthetic.season}


def test_it_takes_a_team_manager_from_login_to_the_entry_to_finish(
    world: Any, weekend: dict[str, Any], live_server: Any, page: Page
) -> None:
    log_in(page, live_server.url, world.team_manager.email, factories.PASSWORD, next_url=None)
    expect(page).to_have_url(f"{live_server.url}/home/")
    todo = page.locator("#manager-todo")
    expect(todo).to_contain_text("Draft: complete it and submit it for review.")
    expect(todo).to_contain_text("Nominate the drivers for Sepang.")
    expect(page.locator("#steward-todo")).to_have_count(0)
    header = page.get_by_role("navigation", name="Your pages")
    expect(header.get_by_role("link", name="Steward")).to_have_count(0)
    expect(header.get_by_role("link", name="Admin")).to_have_count(0)
    shoot(page, "home-team-manager")
    todo.get_by_role("link", name="#17 Manager Racing").click()
    expect(page.locator("h1")).to_contain_text("#17")
    header.get_by_role("link", name="My entries").click()
    expect(page.locator("#my-entries")).to_contain_text("Manager Racing")
    shoot(page, "my-entries")


def test_it_takes_a_steward_from_login_to_the_race_awaiting_results(
    world: Any, weekend: dict[str, Any], live_server: Any, page: Page, settings: Any
) -> None:
    settings.PADDOCK_STAFF_MFA_REQUIRED = True
    secret = enrol_totp(world.aco_steward)
    log_in(page, live_server.url, world.aco_steward.email, factories.PASSWORD, totp_secret=secret, next_url=None)
    expect(page).to_have_url(f"{live_server.url}/home/")
    todo = page.locator("#steward-todo")
    expect(todo.locator("#to-upload + ul")).to_contain_text("Finale · Race 5")
    expect(todo).to_contain_text("Events without qualifying")
    header = page.get_by_role("navigation", name="Your pages")
    # Stewards never need the admin.
    expect(header.get_by_role("link", name="Admin")).to_have_count(0)
    shoot(page, "home-steward")
    todo.get_by_role("link", name="Finale · Race 5").click()
    expect(page.locator("h1")).to_contain_text("Race 5")
    expect(page.get_by_role("button", name="Check the file")).to_be_visible()
    header.get_by_role("link", name="My home").click()
    page.locator("#to-qualify + ul").get_by_role("link", name="Finale").click()
    expect(page.locator("h1")).to_contain_text("Finale")


def test_it_sends_a_steward_without_authenticator_to_set_one_up(
    world: Any, weekend: dict[str, Any], live_server: Any, page: Page, settings: Any
) -> None:
    settings.PADDOCK_STAFF_MFA_REQUIRED = True
    log_in(page, live_server.url, world.aco_steward.email, factories.PASSWORD, next_url=None)
    expect(page.locator("#mfa-needed")).to_contain_text("must set up an authenticator app")
    expect(page.locator("#steward-todo")).to_have_count(0)
    shoot(page, "home-steward-without-mfa")
    page.get_by_role("navigation", name="Your pages").get_by_role("link", name="Steward").click()
    expect(page.locator(".messages")).to_contain_text("must set up an authenticator app before using official pages")
    # allauth asks for the password again before an authenticator is added.
    if page.locator("input[name=password]").count():
        page.fill("input[name=password]", factories.PASSWORD)
        page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(f"{live_server.url}/accounts/2fa/totp/activate/")
    shoot(page, "mfa-setup")
    secret = page.locator("#authenticator_secret").input_value()
    page.fill("input[name=code]", current_totp_code(secret))
    page.get_by_role("button", name="Activate").click()
    # Enrolled: the steward pages open, and the home lists the steward's work.
    page.get_by_role("navigation", name="Your pages").get_by_role("link", name="Steward").click()
    expect(page.locator("h1")).to_have_text("Races you steward")
    page.get_by_role("navigation", name="Your pages").get_by_role("link", name="My home").click()
    expect(page.locator("#steward-todo")).to_contain_text("Finale · Race 5")


def test_it_takes_series_staff_from_login_to_the_dashboard(
    world: Any, weekend: dict[str, Any], live_server: Any, page: Page, settings: Any
) -> None:
    settings.PADDOCK_STAFF_MFA_REQUIRED = True
    factories.EntryFactory(
        season=weekend["season"], team=factories.TeamFactory(name="Late Racing"), number="99", status="submitted"
    )
    secret = enrol_totp(world.aco_staff)
    log_in(page, live_server.url, world.aco_staff.email, factories.PASSWORD, totp_secret=secret, next_url=None)
    expect(page).to_have_url(f"{live_server.url}/home/")
    expect(page.locator("#staff-dashboard")).to_contain_text("Late Racing")
    expect(page.locator("#steward-todo")).to_contain_text("Finale · Race 5")
    shoot(page, "home-staff")
    page.get_by_role("link", name="Open the staff dashboard in the admin").click()
    expect(page.locator("#dashboard")).to_contain_text("Late Racing")


def test_it_keeps_wide_public_pages_inside_a_phone_screen(
    weekend: dict[str, Any], live_server: Any, page: Page
) -> None:
    page.goto(f"{live_server.url}/")
    page.locator("#series-list li", has_text="Synthetic").get_by_role("link", name="2023").click()
    shoot(page, "season")
    nav = page.locator("#season-nav")
    nav.get_by_role("link", name="Standings").click()
    expect(page.locator("#standings")).to_be_visible()
    shoot(page, "standings", detail="#progression")
    nav.get_by_role("link", name="Entry list").click()
    expect(page.locator("#entry-list")).to_be_visible()
    shoot(page, "entry-list")
    nav.get_by_role("link", name="Calendar").click()
    page.get_by_role("link", name="Classification").first.click()
    expect(page.locator("table.classification")).to_be_visible()
    shoot(page, "classification")


def test_it_shows_friendly_error_pages(world: Any, live_server: Any, page: Page, settings: Any) -> None:
    # An address typed wrong is exactly what the 404 page is for.
    page.goto(f"{live_server.url}/seasons/nope/1999/")
    expect(page.locator("h1")).to_have_text("Page not found")
    shoot(page, "error-404")
    settings.ROOT_URLCONF = "tests.site.error_urls"
    page.goto(f"{live_server.url}/boom/")
    expect(page.locator("h1")).to_have_text("Something went wrong")
    shoot(page, "error-500")
    assert Race.objects.count() == 0 and date.today()
