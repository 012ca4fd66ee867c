"""Issue 10's "done when": a whole race weekend walked in a browser by the three roles, by clicking.

Only the start page and the login page are opened by address. The season is the real 4 Hours of
Sepang 2023 (Asian Le Mans Series, race 1 and its qualifying) cut down to four LMP2 cars: the
team manager of 99 Racing nominates the crew and submits, series staff accept the entry, the
steward uploads the qualifying and the race, penalises the winner and publishes provisional,
staff publish official (both through the confirmation page), the public standings show the
new leader, and staff award the LMP2 invitation after this, the season's last round (confirmation page, then the public
invitations page). Screenshots at 1280 and 390 px: /tmp/shots-weekend/.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from championships.rules import PointsRules
from entries.models import Entry, EntryKind, EntryStatus, Nomination
from results.rankings.models import InvitationAward, InvitationRule
from tests import factories
from tests.browser.conftest import log_in, shoot
from tests.scenarios import QUALIFYING_FILES, RACE_FILES, aslms_subset_bytes, split_caps_name

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = "/tmp/shots-weekend"
CARS = ("99", "83", "4", "30")  # race 1 order: 99, 83, 4, 30; qualifying: 30 on pole
MANAGED = "99"
# (first, last, nationality, FIA category) as the qualifying file has them.
CREW_99 = (
    ("Ahmad", "AL HARTHY", "OMN", "bronze"),
    ("Nikita", "MAZEPIN", "RUS", "platinum"),
    ("Louis", "DELÉTRAZ", "CHE", "gold"),
)


def _shoot(page: Page, name: str) -> None:
    shoot(page, SHOTS, name)


def _file(name: str, content: bytes) -> dict[str, Any]:
    return {"name": name, "mimeType": "text/csv", "buffer": content}


@pytest.fixture
def sepang(world: Any) -> dict[str, Any]:
    """The one-event, one-race season: three cars accepted with their crews, #99 a draft of the manager's team."""
    season = factories.SeasonFactory(series=world.aco_series, name="2023-24")
    PointsRules.objects.create(season=season, scale="25 18 15 12 10 8 6 4 2 1", beyond_scale="0.5", pole=1)
    lmp2 = factories.RacingClassFactory(season=season, code="LMP2", order=0)
    circuit = factories.CircuitFactory(
        name="Sepang International Circuit", country="Malaysia", time_zone="Asia/Kuala_Lumpur"
    )
    event = factories.EventFactory(
        season=season,
        name="4 Hours of Sepang",
        circuit=circuit,
        start_date=date(2023, 12, 2),
        end_date=date(2023, 12, 3),
    )
    race = factories.RaceFactory(event=event, round=1, name="Race 1", race_date=date(2023, 12, 2))
    lines = csv.DictReader(io.StringIO(RACE_FILES[1].read_text(encoding="utf-8")))
    for line in lines:
        number = line["NUMBER"].strip()
        if number not in CARS or number == MANAGED:
            continue
        entry = factories.EntryFactory(
            season=season,
            number=number,
            racing_class=lmp2,
            team=factories.TeamFactory(name=line["TEAM"].strip(), country=""),
            kind=EntryKind.FULL_SEASON,
            status=EntryStatus.ACCEPTED,
        )
        for column in ("DRIVER_1", "DRIVER_2", "DRIVER_3"):
            # No nationality nor FIA category yet: the qualifying file fills them in.
            first, last = split_caps_name(line[column].strip())
            driver = factories.DriverFactory(first_name=first, last_name=last, nationality="")
            Nomination.objects.create(entry=entry, event=event, driver=driver)
    team = factories.TeamFactory(name="99 Racing", country="OMN", managers=[world.team_manager])
    draft = factories.EntryFactory(
        season=season,
        team=team,
        number=MANAGED,
        racing_class=lmp2,
        kind=EntryKind.FULL_SEASON,
        status=EntryStatus.DRAFT,
    )
    for first, last, nationality, category in CREW_99:
        driver = factories.DriverFactory(first_name=first, last_name=last, nationality=nationality)
        factories.DriverCategoryFactory(driver=driver, season=season, category=category)
    InvitationRule.objects.create(season=season, label="LMP2 champion", class_code="LMP2", positions=1)
    return {"season": season, "race": race, "event": event, "draft": draft}


def test_it_walks_a_whole_race_weekend_as_the_three_roles(
    world: Any, sepang: dict[str, Any], live_server: Any, page: Page
) -> None:
    base = live_server.url
    page.set_default_timeout(10_000)
    header = page.get_by_role("navigation", name="Your pages")

    # --- the team manager nominates the crew of #99 for the season and submits the entry ---
    log_in(page, base, world.team_manager.email, factories.PASSWORD, next_url=None)
    # The weekend is in the past, so the home's to-do list (upcoming events) leaves it out.
    header.get_by_role("link", name="My entries").click()
    page.locator("#my-entries").get_by_role("link", name=f"#{MANAGED}").click()
    page.get_by_role("link", name="Nominate the crews for the season").click()
    expect(page.get_by_label("Same crew for every event")).to_be_checked()
    for n, (first, last, nationality, _category) in enumerate(CREW_99, start=1):
        page.fill(f"#id_all-{n}-driver", f"{last} {first} ({nationality})")
    page.get_by_role("button", name="Save the line-ups").click()
    expect(page.get_by_text("Line-ups saved for 4 Hours of Sepang.")).to_be_visible()
    page.get_by_role("button", name="Submit the entry").click()
    expect(page.locator("#entry-status")).to_have_text("Submitted")
    _shoot(page, "01-manager-entry-submitted")

    # --- series staff accept it from their home (the admin's entry list, bulk action) ---
    page.context.clear_cookies()
    log_in(page, base, world.aco_staff.email, factories.PASSWORD, next_url=None)
    expect(page.locator("#staff-dashboard")).to_contain_text("99 Racing")
    _shoot(page, "02-staff-home")
    page.get_by_role("link", name="Open the staff dashboard in the admin").click()
    page.locator("#dashboard").get_by_role("link", name="All submitted entries").click()
    row = page.locator("#result_list tbody tr", has_text="99 Racing")
    row.locator("input[name=_selected_action]").check()
    page.select_option("select[name=action]", "accept_entries")
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist")).to_contain_text("1 entry accepted.")
    assert Entry.objects.get(pk=sepang["draft"].pk).status == EntryStatus.ACCEPTED

    # --- the steward uploads the qualifying, then the race ---
    page.context.clear_cookies()
    log_in(page, base, world.aco_steward.email, factories.PASSWORD, next_url=None)
    steward_todo = page.locator("#steward-todo")
    _shoot(page, "03-steward-home")
    steward_todo.locator("#to-qualify + ul").get_by_role("link", name="4 Hours of Sepang").click()
    qualifying = aslms_subset_bytes(QUALIFYING_FILES["sepang"], CARS)
    page.set_input_files("input[name=file]", _file("sepang-qualifying.csv", qualifying))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator("body")).to_contain_text(
        "#83 Francois Perrodo: FIA category Bronze and nationality FRA from the file"
    )
    expect(page.locator("body")).to_contain_text(
        "The file agrees with every category and nationality already recorded."
    )
    _shoot(page, "04-qualifying-preview")
    page.get_by_role("button", name="Confirm and set the poles").click()
    expect(page.locator("#poles")).to_contain_text("#30")
    _shoot(page, "05-qualifying-saved")

    page.get_by_role("link", name="R1 Race 1").click()
    race_file = aslms_subset_bytes(RACE_FILES[1], CARS, delimiter=";")
    page.set_input_files("input[name=file]", _file("sepang-race-1.csv", race_file))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator("h1")).to_contain_text("Preview")
    expect(page.locator("tr[data-number='99']")).to_contain_text("99 Racing")
    _shoot(page, "06-race-preview")
    page.get_by_role("button", name="Confirm and save as a new version").click()
    expect(page.locator(".messages")).to_contain_text("Version 1 saved (unpublished)")

    # A drive-time infringement: 15 s on the winner, who was 10.5 s ahead of #83.
    page.get_by_role("link", name="Record a decision").click()
    page.fill("input[name=number]", "12")
    page.select_option("select[name=entry]", label=f"#{MANAGED} 99 Racing (LMP2)")
    page.fill("textarea[name=offence]", "Minimum drive time not respected")
    page.select_option("select[name=kind]", "time")
    page.fill("input[name=time_added_s]", "15")
    _shoot(page, "07-decision-form")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#decisions")).to_contain_text("Minimum drive time not respected")
    # Nothing goes out unchecked: the confirmation page lists the decision applied.
    page.locator("#publish-actions").get_by_role("link", name="Publish provisional").click()
    expect(page.locator("#publish-decisions")).to_contain_text("12 · car #99")
    _shoot(page, "08-publish-provisional-confirm")
    page.get_by_role("button", name="Confirm: publish provisional").click()
    expect(page.locator(".messages")).to_contain_text("published as provisional")
    _shoot(page, "09-steward-race-provisional")

    # --- series staff make it official from their home ---
    page.context.clear_cookies()
    log_in(page, base, world.aco_staff.email, factories.PASSWORD, next_url=None)
    page.locator("#to-make-official + ul").get_by_role("link", name="4 Hours of Sepang").click()
    page.locator("#publish-actions").get_by_role("link", name="Publish official").click()
    page.get_by_role("button", name="Confirm: publish official").click()
    expect(page.locator(".messages")).to_contain_text("published as official")

    # --- the public: classification and standings, from the start page ---
    page.context.clear_cookies()
    page.goto(f"{base}/")
    page.locator("#series-list li", has_text="European Le Mans Series").get_by_role("link", name="2023-24").click()
    nav = page.locator("#season-nav")
    nav.get_by_role("link", name="Standings").click()
    # #99 won on the road; its 15 s penalty hands the win (25 points) to #83; #30's pole is worth 1.
    points = page.locator("#standings tbody tr", has_text="François PERRODO").locator("td.num").nth(1)
    expect(points).to_have_text("25")
    page.locator("#championship-tabs").get_by_role("link", name="Teams").click()
    leader = page.locator("#standings tbody tr").first
    expect(leader).to_contain_text("AF Corse")
    expect(leader.locator("td.num").nth(1)).to_have_text("25")
    expect(page.locator("#standings tbody tr", has_text="99 Racing").locator("td.num").nth(1)).to_have_text("18")
    expect(page.locator("#standings tbody tr", has_text="Duqueine Team").locator("td.num").nth(1)).to_have_text("13")
    _shoot(page, "10-public-standings")

    # --- after the last round, staff award the LMP2 invitation ---
    log_in(page, base, world.aco_staff.email, factories.PASSWORD, next_url=None)
    page.get_by_role("link", name="Open the staff dashboard in the admin").click()
    page.get_by_role("link", name="Invitation rules").click()
    row = page.locator("#result_list tbody tr", has_text="LMP2 champion")
    expect(row).to_contain_text("1. AF Corse")
    row.locator("input[name=_selected_action]").check()
    page.select_option("select[name=action]", "award_invitations")
    page.get_by_role("button", name="Go").click()
    # The confirmation page: the only round is official, so no override reason is asked for.
    confirm = page.locator("#award-confirm")
    expect(confirm).to_contain_text("1. AF Corse #83 (25 pt)")
    expect(confirm).to_contain_text("All of them are official.")
    expect(confirm.locator("#id_override_reason")).to_have_count(0)
    _shoot(page, "11-invitation-confirm")
    page.locator("#confirm-award").click()
    expect(page.locator(".messagelist")).to_contain_text("LMP2 champion: invitation awarded to AF Corse.")
    _shoot(page, "12-invitation-awarded")
    page.get_by_role("link", name="View site").click()
    page.locator("#series-list li", has_text="European Le Mans Series").get_by_role("link", name="2023-24").click()
    page.locator("#season-nav").get_by_role("link", name="Invitations").click()
    expect(page.locator("#invitations tbody tr", has_text="LMP2 champion").locator("td").nth(3)).to_contain_text(
        "AF Corse"
    )
    _shoot(page, "13-public-invitations")
    assert list(InvitationAward.objects.values_list("competitor_name", flat=True)) == ["AF Corse"]
