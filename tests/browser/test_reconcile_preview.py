"""A steward resolves the differences of the real Sepang race 1 file on the preview, by clicking only."""

from __future__ import annotations

import os
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests import factories
from tests.browser.conftest import log_in, shoot
from tests.scenarios import RACE_FILES, SEPANG_UNLISTED, aslms_rows, aslms_subset_bytes, build_sepang

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("PADDOCK_SHOTS", "/tmp/paddock-shots/reconcile")


def test_it_lets_a_steward_resolve_late_driver_changes_and_an_absent_car_by_clicking(
    world: Any, live_server: Any, page: Page
) -> None:
    sepang = build_sepang(world.aco_series, manager=world.team_manager)
    path = RACE_FILES[1]
    # Every car of the file but #20 (not entered): the steward's own differences, nothing for staff.
    numbers = [row["NUMBER"].strip() for row in aslms_rows(path) if row["NUMBER"].strip() != SEPANG_UNLISTED]
    race_url = f"{live_server.url}/steward/races/{sepang.race.pk}/"
    log_in(page, live_server.url, world.aco_steward.email, factories.PASSWORD, next_url=race_url)
    page.goto(race_url)
    page.set_input_files(
        "input[name=file]",
        {"name": path.name, "mimeType": "text/csv", "buffer": aslms_subset_bytes(path, numbers)},
    )
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator("#summary")).to_contain_text(
        "38 cars matched, 3 late driver changes, 1 entered car missing from the file"
    )

    deletraz = page.locator("fieldset[data-key='driver:99:louisdeletraz']")
    deletraz.get_by_label("Existing driver: Louis Delétraz").check()
    page.locator("fieldset[data-key='driver:83:alessiorovera']").get_by_label("Existing driver:").check()
    eastwood = page.locator("fieldset[data-key='driver:90:charlieeastwood']")
    eastwood.get_by_label("New driver: Charlie EASTWOOD").check()
    eastwood.get_by_label("FIA category").select_option("gold")
    eastwood.get_by_label("Nationality of a new driver").fill("IRL")
    page.locator("fieldset[data-key='missing:98']").get_by_label("Did not start").check()
    shoot(page, SHOTS, "preview-resolved")
    # The choices themselves on a phone, readable (the full page is mostly the classification).
    page.set_viewport_size({"width": 390, "height": 900})
    page.locator("#resolve-form").screenshot(path=f"{SHOTS}/preview-choices-390.png")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("button", name="Confirm with these choices and save as a new version").click()
    expect(page.locator(".messages")).to_contain_text("Version 1 saved (unpublished)")
    expect(page.locator("body")).to_contain_text("Louis DELÉTRAZ")
    shoot(page, SHOTS, "race-after-confirm")
