"""Staff dashboard on the admin index and the printable classification, in a real browser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from bench.synthetic import build_season
from championships.models import Race
from entries.models import Entry
from results.classifications.models import ClassificationVersion, Decision
from tests import factories
from tests.browser.conftest import enrol_totp, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESULTS = Path(__file__).resolve().parents[2] / "test-results"


def test_it_shows_sro_staff_their_work_only(world: Any, live_server: Any, page: Page) -> None:
    for season, name in ((world.sro_season, "SRO Racing"), (world.aco_season, "ACO Racing")):
        factories.EntryFactory(season=season, team=factories.TeamFactory(name=name), number="1", status="submitted")
    secret = enrol_totp(world.sro_staff)
    log_in(page, live_server.url, world.sro_staff.email, factories.PASSWORD, totp_secret=secret, next_url="/admin/")
    page.goto(f"{live_server.url}/admin/")
    board = page.locator("#dashboard")
    expect(board).to_contain_text("Entries awaiting review (1)")
    expect(board).to_contain_text("SRO Racing")
    expect(board).not_to_contain_text("ACO Racing")
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "admin-dashboard.png"), full_page=True)
    board.get_by_role("link", name="#1 SRO Racing").click()
    expect(page.locator("h1")).to_contain_text("Review #1 SRO Racing")


def test_it_prints_the_classification(transactional_db: None, live_server: Any, page: Page) -> None:
    season = build_season(races=1, cars=12, classes=3, code="synth").season
    race = Race.objects.get(season=season)
    entry = Entry.objects.get(season=season, number="4")
    Decision.objects.create(race=race, number="3", entry=entry, offence="Unsafe release", kind="time")
    ClassificationVersion.objects.filter(race=race).update(status="provisional")
    page.goto(f"{live_server.url}/seasons/synth/2023/")
    page.get_by_role("link", name="printable").click()
    expect(page.locator("#status")).to_have_text("Provisional")
    expect(page.locator("#decisions")).to_contain_text("Decision 3: car #4, Unsafe release")
    page.emulate_media(media="print")
    expect(page.locator(".screen-only")).to_be_hidden()
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "classification-print.png"), full_page=True)
