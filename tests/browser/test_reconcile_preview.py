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


def test_it_takes_a_car_left_by_a_steward_to_the_staff_who_add_it_by_clicking(
    world: Any, live_server: Any, page: Page
) -> None:
    sepang = build_sepang(world.aco_series, manager=world.team_manager)
    path = RACE_FILES[1]
    race_url = f"{live_server.url}/steward/races/{sepang.race.pk}/"
    log_in(page, live_server.url, world.aco_steward.email, factories.PASSWORD, next_url=race_url)
    page.goto(race_url)
    page.set_input_files("input[name=file]", str(path))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator("#summary")).to_contain_text("1 car not on the entry list")
    page.locator("fieldset[data-key='car:20']").get_by_label("Leave it for the series staff").check()
    page.get_by_role("button", name="Leave for the series staff").click()
    expect(page.locator(".messages")).to_contain_text("Left for the series staff")
    expect(page.locator("#waiting-uploads")).to_contain_text(path.name)

    page.context.clear_cookies()
    log_in(page, live_server.url, world.aco_staff.email, factories.PASSWORD, next_url=None)
    waiting = page.locator("#dash-waiting-uploads + ul")
    expect(waiting).to_contain_text(path.name)
    shoot(page, SHOTS, "staff-home-waiting")
    waiting.get_by_role("link").click()
    expect(page.locator("#waiting")).to_contain_text("Left for the series staff by aco_steward")
    page.locator("fieldset[data-key='car:20']").get_by_label("Add it as a guest entry in LMP3").check()
    for name, category in (("audunngudmundsson", "bronze"), ("andersfjordbach", "silver"), ("sethlucas", "silver")):
        driver = page.locator(f"fieldset[data-key='driver:20:{name}']")
        driver.get_by_label("New driver:").check()
        driver.get_by_label("FIA category").select_option(category)
    page.locator("fieldset[data-key='driver:99:louisdeletraz']").get_by_label("Existing driver:").check()
    page.locator("fieldset[data-key='driver:83:alessiorovera']").get_by_label("Existing driver:").check()
    eastwood = page.locator("fieldset[data-key='driver:90:charlieeastwood']")
    eastwood.get_by_label("New driver:").check()
    eastwood.get_by_label("FIA category").select_option("gold")
    page.locator("fieldset[data-key='missing:98']").get_by_label("Withdrawn from the event").check()
    shoot(page, SHOTS, "staff-resolves")
    page.get_by_role("button", name="Confirm with these choices and save as a new version").click()
    expect(page.locator(".messages")).to_contain_text("Version 1 saved (unpublished)")
    page.goto(f"{live_server.url}/home/")
    expect(page.locator("#dash-waiting-uploads + ul")).to_contain_text("None.")
    expect(page.locator("#dash-late-changes + ul")).to_contain_text(
        "#20 late event by event (guest) entry of High Class Racing"
    )
    shoot(page, SHOTS, "staff-home-late-changes")
