"""The Content-Security-Policy in a real browser: the pages with scripts (visitor time, decision
form, print button) and the progression chart work, and Chromium reports no CSP violation."""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from bench.synthetic import build_season
from championships.models import Organisation, Race
from results.standings.services import recalculate_season
from tests import factories
from tests.browser.conftest import enrol_totp, log_in, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = str(Path("/tmp/shots-csp"))


@pytest.fixture
def season(transactional_db: None) -> Any:
    built = build_season(races=2, cars=6, classes=2, code="csp")
    built.season.series.governing_bodies.add(Organisation.objects.create(code="csp-org", name="CSP body"))
    for race in Race.objects.filter(season=built.season).select_related("event"):
        race.race_date, race.start_time = race.event.start_date, time(14, 30)
        race.save()
    recalculate_season(built.season.id, force=True)
    return built.season


def test_it_runs_every_script_and_the_chart_under_the_policy(season: Any, live_server: Any, page: Page) -> None:
    problems: list[str] = []

    def watch(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            problems.append(f"{page.url}: {message.text}")

    def script_loaded(response: Any) -> None:
        if response.request.resource_type == "script" and response.status != 200:
            problems.append(f"{response.url}: {response.status}")

    page.on("console", watch)
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    page.on("response", script_loaded)
    race = Race.objects.get(season=season, round=1)

    response = page.goto(f"{live_server.url}/seasons/csp/2023/")
    assert response is not None and "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator("time.visitor-time").first).to_contain_text("your time")
    shoot(page, SHOTS, "season")

    page.goto(f"{live_server.url}/seasons/csp/2023/standings/")
    chart = page.locator("#progression svg.progression")
    expect(chart).to_be_visible()
    # The chart's styles are inline (style attributes): allowed by style-src, so it has its size.
    assert chart.bounding_box()["height"] > 100  # type: ignore[index]
    expect(page.locator(".chart-legend .swatch").first).to_have_css("border-top-style", "solid")
    shoot(page, SHOTS, "standings")

    page.goto(f"{live_server.url}/races/{race.pk}/classification/print/")
    expect(page.locator("#print-button")).to_be_visible()
    page.evaluate("window.print = function () { document.body.dataset.printed = 'yes'; }")
    page.click("#print-button")
    expect(page.locator("body")).to_have_attribute("data-printed", "yes")

    steward = factories.UserFactory(
        steward=True, organisation=season.series.governing_bodies.get(), username="csp_steward"
    )
    secret = enrol_totp(steward)
    log_in(page, live_server.url, steward.email, factories.PASSWORD, totp_secret=secret, next_url="/steward/")
    page.goto(f"{live_server.url}/steward/races/{race.pk}/decisions/new/")
    # The decision form's script hides the no-script "Show the fields" button.
    expect(page.locator(".js-hide").first).to_be_hidden()
    page.goto(f"{live_server.url}/admin/")
    expect(page.locator("#content")).to_be_visible()

    assert problems == []
