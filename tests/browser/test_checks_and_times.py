"""Nothing goes out unchecked: staff publish official through the confirmation page, then award
an invitation after the last round; the calendar shows start times. Screenshots at 1280 and 390 px."""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from bench.synthetic import build_season
from championships.models import Organisation, Race
from results.classifications.models import ClassificationVersion
from results.rankings.models import InvitationAward, InvitationRule
from results.standings.services import recalculate_season
from tests import factories
from tests.browser.conftest import enrol_totp, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots-checks10")


def shoot(page: Page, name: str) -> None:
    """The current page at 1280 and 390 px (full page), then back to desktop width."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture
def season(transactional_db: None) -> Any:
    built = build_season(races=4, cars=9, classes=2, code="synth")
    org = Organisation.objects.create(code="synth-org", name="Synthetic body")
    built.season.series.governing_bodies.add(org)
    last = Race.objects.get(season=built.season, round=4)
    ClassificationVersion.objects.filter(race=last).update(status="provisional")
    for race in Race.objects.filter(season=built.season).select_related("event"):
        race.race_date, race.start_time = race.event.start_date, time(14, 30)
        race.save()
    recalculate_season(built.season.id, force=True)
    InvitationRule.objects.create(season=built.season, label="C1 champion", class_code="C1", positions=1)
    return built.season


def test_it_takes_staff_through_publish_official_and_the_invitation_award(
    season: Any, live_server: Any, page: Page
) -> None:
    org = season.series.governing_bodies.get()
    staff = factories.UserFactory(series_staff=True, organisation=org, username="synth_staff")
    secret = enrol_totp(staff)

    # The public first: the calendar with times, the standings saying round 4 is provisional.
    page.goto(f"{live_server.url}/seasons/synth/2023/")
    expect(page.locator("#calendar")).to_contain_text("14:30 local")
    expect(page.locator("time.visitor-time").first).to_contain_text("your time")
    shoot(page, "season-calendar")
    page.locator("#season-links").get_by_role("link", name="Standings").click()
    expect(page.locator("#provisional-notice")).to_contain_text("round 4")
    shoot(page, "standings-provisional")

    log_in(page, live_server.url, staff.email, factories.PASSWORD, totp_secret=secret, next_url="/admin/")
    board = page.locator("#dashboard")
    expect(board).to_contain_text("Provisional classifications awaiting official (1)")
    board.locator("#dash-provisional + ul a").first.click()
    page.get_by_role("link", name="Publish official…").click()
    expect(page.locator("#publish-summary")).to_contain_text("9 cars")
    expect(page.locator("#publish-summary")).to_contain_text("No decisions applied.")
    shoot(page, "publish-confirm")
    page.get_by_role("button", name="Confirm: publish official").click()
    expect(page.locator(".messages")).to_contain_text("published as official")
    assert ClassificationVersion.objects.get(race__season=season, race__round=4).status == "official"

    # To the invitations, from the header's admin link.
    page.get_by_role("link", name="Admin").click()
    page.get_by_role("link", name="Invitation rules").click()
    page.locator("input[name=_selected_action]").first.check()
    page.select_option("select[name=action]", "award_invitations")
    page.get_by_role("button", name="Go").click()
    confirm = page.locator("#award-confirm")
    expect(confirm).to_contain_text("All of them are official.")
    expect(confirm).to_contain_text("R1, R2, R3, R4")
    shoot(page, "award-confirm")
    page.get_by_role("button", name="Confirm: award the invitations").click()
    expect(page.locator(".messagelist")).to_contain_text("C1 champion: invitation awarded to")
    assert InvitationAward.objects.filter(rule__season=season).count() == 1


def test_it_takes_a_steward_through_the_withdraw_confirmation(season: Any, live_server: Any, page: Page) -> None:
    from entries.models import Entry
    from results.classifications.models import Decision, PenaltyKind
    from results.classifications.services import Penalty, decision_record

    org = season.series.governing_bodies.get()
    steward = factories.UserFactory(steward=True, organisation=org, username="synth_steward")
    race = Race.objects.get(season=season, round=4)
    decision = decision_record(
        race=race,
        user=steward,
        number="12",
        entry=Entry.objects.get(season=season, number="7"),
        penalty=Penalty(PenaltyKind.POSITION_DROP, "Pit lane speeding", positions_dropped=1),
    )
    secret = enrol_totp(steward)
    log_in(page, live_server.url, steward.email, factories.PASSWORD, totp_secret=secret, next_url="/steward/")
    page.locator("tr", has_text="R4").get_by_role("link", name="Race").click()
    shoot(page, "steward-race")
    page.get_by_role("link", name="Withdraw…").click()
    expect(page.locator(".confirm-box")).to_contain_text("You are about to withdraw decision 12 on car #7")
    page.fill("textarea[name=reason]", "Timing loop fault, bulletin 14")
    shoot(page, "withdraw-confirm")
    page.get_by_role("button", name="Confirm: withdraw 12").click()
    expect(page.locator(".messages")).to_contain_text("Decision 12 withdrawn.")
    decision.refresh_from_db()
    assert decision.status == Decision.objects.get(pk=decision.pk).status == "withdrawn"
