"""By clicking: a steward's decision on a published classification goes through its check page
(public unchanged until confirmed), and staff accept an entry on its review page.
Screenshots at 1280 and 390 px in /tmp/shots-decisions."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from bench.synthetic import build_season
from championships.models import Organisation, Race
from entries import lineup_seed
from entries.models import Entry, EntryStatus, Nomination
from results.classifications.models import ClassificationVersion, Decision
from results.standings.services import recalculate_season
from tests import factories
from tests.browser.conftest import enrol_totp, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots-decisions")


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture
def season(transactional_db: None) -> Any:
    built = build_season(races=2, cars=9, classes=2, code="synth")
    org = Organisation.objects.create(code="synth-org", name="Synthetic body")
    built.season.series.governing_bodies.add(org)
    ClassificationVersion.objects.filter(race__season=built.season).update(status="official")
    recalculate_season(built.season.id, force=True)
    return built.season


def test_it_takes_a_steward_through_the_check_page_of_a_decision(season: Any, live_server: Any, page: Page) -> None:
    org = season.series.governing_bodies.get()
    staff = factories.UserFactory(series_staff=True, organisation=org, username="synth_staff")
    race = Race.objects.get(season=season, round=2)
    public = f"{live_server.url}/races/{race.pk}/classification/"
    page.goto(public)
    leader = page.locator("table.classification tbody tr").first.get_attribute("data-number")

    secret = enrol_totp(staff)
    log_in(page, live_server.url, staff.email, factories.PASSWORD, totp_secret=secret, next_url="/steward/")
    page.locator("tr", has_text="R2").get_by_role("link", name="Race").click()
    page.get_by_role("link", name="Record a decision").click()
    page.fill("input[name=number]", "21")
    page.select_option("select[name=entry]", value=str(Entry.objects.get(season=season, number=leader).pk))
    page.fill("textarea[name=offence]", "Technical infringement: skid block")
    page.select_option("select[name=kind]", "dsq")
    page.get_by_role("button", name="Record the decision").click()

    check = page.locator("#decision-check")
    expect(check).to_contain_text(f"#{leader}:")
    expect(check).to_contain_text("DSQ")
    expect(check).to_contain_text("The official classification becomes amended")
    expect(page.locator("#check-standings")).to_contain_text("Standings")
    shoot(page, "decision-check")
    # Another tab, as the public: nothing changed yet.
    other = page.context.browser.new_page()  # type: ignore[union-attr]
    other.goto(public)
    expect(other.locator("table.classification tbody tr").first).to_have_attribute("data-number", str(leader))
    assert not Decision.objects.exists()

    page.get_by_role("button", name="Confirm: make it public").click()
    expect(page.locator(".messages")).to_contain_text("Decision 21 recorded.")
    other.reload()
    expect(other.locator("table.classification tbody tr").first).not_to_have_attribute("data-number", str(leader))
    assert ClassificationVersion.objects.get(race=race).status == "amended"
    other.close()


def test_it_takes_staff_through_the_entry_review(live_server: Any, page: Page, transactional_db: None) -> None:
    org = Organisation.objects.create(code="sro-x", name="SRO X")
    series = factories.SeriesFactory(code="gtwca", name="GT World Challenge Asia", governing_bodies=[org])
    season = factories.SeasonFactory(series=series, name="2022")
    lineup_seed.seed_gtwc_asia_2022(season)
    staff = factories.UserFactory(series_staff=True, organisation=org, username="gt_staff")
    event = factories.EventFactory(season=season, name="Sepang", start_date=date(2022, 5, 20))
    car = factories.CarModelFactory(
        manufacturer=factories.ManufacturerFactory(name="Porsche"), name="911 GT3 R", class_codes="GT3"
    )
    gt3 = season.classes.get(code="GT3")
    cups = {c.code: c for c in season.cups.all()}
    entries = []
    for number, team in (("7", "Absolute Racing"), ("8", "Team Bee")):
        entry = factories.EntryFactory(
            season=season,
            team=factories.TeamFactory(name=team),
            number=number,
            racing_class=gt3,
            cup=cups["PRO-AM"],
            car_model=car,
            status=EntryStatus.SUBMITTED,
        )
        entries.append(entry)
    drivers = []
    for category, nationality in (("bronze", "JPN"), ("gold", "GBR"), ("silver", "THA")):
        driver = factories.DriverFactory(nationality=nationality)
        factories.DriverCategoryFactory(driver=driver, season=season, category=category)
        drivers.append(driver)
    Nomination.objects.create(entry=entries[0], event=event, driver=drivers[0])
    Nomination.objects.create(entry=entries[0], event=event, driver=drivers[1])
    Nomination.objects.create(entry=entries[1], event=event, driver=drivers[2])
    Nomination.objects.create(entry=entries[1], event=event, driver=drivers[1])  # double duty

    secret = enrol_totp(staff)
    log_in(page, live_server.url, staff.email, factories.PASSWORD, totp_secret=secret, next_url="/admin/")
    page.locator("#dashboard").get_by_role("link", name="#7 Absolute Racing").click()
    checks = page.locator("#review-checks")
    expect(checks).to_contain_text(f"{drivers[1]} is also nominated for car #8 (Team Bee) at Sepang")
    expect(page.locator("#review-crews")).to_contain_text("(JPN, Bronze)")
    shoot(page, "entry-review")
    page.fill("textarea[name=reason]", "")
    page.get_by_role("button", name="Refuse").click()
    expect(page.locator("#review-decision .errorlist")).to_contain_text("reason")
    page.get_by_role("button", name="Accept").click()
    expect(page.locator(".messagelist")).to_contain_text("#7 Absolute Racing: accepted.")
    expect(page.locator("#review-status")).to_have_text("Accepted")
    shoot(page, "entry-review-accepted")
    assert Entry.objects.get(pk=entries[0].pk).status == EntryStatus.ACCEPTED
