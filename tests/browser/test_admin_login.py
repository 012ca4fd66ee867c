"""A staff user signs in through the real login page and sees only their series."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests import factories
from tests.browser.conftest import enrol_totp, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_shows_sro_staff_only_their_series(world: Any, live_server: Any, page: Page, settings: Any) -> None:
    settings.PADDOCK_STAFF_MFA_REQUIRED = True
    secret = enrol_totp(world.sro_staff)
    log_in(
        page,
        live_server.url,
        world.sro_staff.email,
        factories.PASSWORD,
        totp_secret=secret,
        next_url="/admin/championships/season/",
    )

    expect(page.locator("#result_list")).to_contain_text("GT World Challenge Asia 2022")
    expect(page.locator("body")).not_to_contain_text("European Le Mans Series")
    page.goto(f"{live_server.url}/admin/championships/series/")
    expect(page.locator("#result_list")).to_contain_text("GT World Challenge Asia")
    expect(page.locator("#result_list")).not_to_contain_text("European Le Mans Series")
