"""Staff build the 2025-26 season from 2024-25 by copying it, in under 10 clicks, and it stays
private until they publish it (issue 20), in a real browser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from championships.models import Season
from tests import factories
from tests.browser.conftest import enrol_totp, log_in, shoot
from tests.championships.test_season_copy import set_up_2024_25

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESULTS = Path(__file__).resolve().parents[2] / "test-results"


def test_it_builds_next_season_by_copying_in_under_ten_clicks_and_keeps_it_private(
    world: Any, live_server: Any, page: Page, browser: Browser
) -> None:
    set_up_2024_25(world.sro_series)
    secret = enrol_totp(world.sro_staff)
    log_in(page, live_server.url, world.sro_staff.email, factories.PASSWORD, totp_secret=secret, next_url="/admin/")
    page.goto(f"{live_server.url}/admin/")
    clicks = 0

    def click(locator: Any) -> None:
        nonlocal clicks
        clicks += 1
        locator.click()

    click(page.get_by_role("link", name="Seasons", exact=True).first)
    click(page.locator("tr", has_text="2024-25").locator("input.action-select"))
    clicks += 1
    page.select_option("select[name=action]", "copy_season")
    click(page.locator("button[name=index]"))
    expect(page.locator("#id_name")).to_have_value("2025-26")
    shoot(page, str(RESULTS), "admin-season-copy")
    click(page.locator("#confirm-copy"))
    expect(page.locator("ul.messagelist")).to_contain_text("created as a draft from")
    new = Season.objects.get(series=world.sro_series, name="2025-26")
    assert not new.published and new.races.count() == 3

    public = browser.new_page()
    public_url = f"{live_server.url}/seasons/{world.sro_series.code}/2025-26/"
    assert public.goto(public_url).status == 404  # type: ignore[union-attr]
    # Staff preview it as the public will see it, marked as a draft.
    page.goto(public_url)
    expect(page.locator("#draft-notice")).to_contain_text("not public yet")
    shoot(page, str(RESULTS), "season-draft-preview")

    page.goto(f"{live_server.url}/admin/championships/season/")
    click(page.locator("tr", has_text="2025-26").locator("input.action-select"))
    clicks += 1
    page.select_option("select[name=action]", "publish")
    click(page.locator("button[name=index]"))
    expect(page.locator("ul.messagelist")).to_contain_text("now public")
    assert clicks < 10
    response = public.goto(public_url)
    assert response is not None and response.status == 200
    expect(public.locator("#draft-notice")).to_have_count(0)
    expect(public.locator("main")).to_contain_text("Sepang")
