"""The public qualifying in a real browser: from the season page to an event's starting grid and its GT
session by clicking only, with the real 2023-24 Sepang sessions (LMP2/LMP3 and GT) uploaded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from results.classifications.models import ClassificationStatus
from results.classifications.services import (
    classification_publish,
    classification_upload_preview,
)
from results.classifications.services.qualifying import qualifying_upload_confirm, qualifying_upload_preview
from tests import factories
from tests.browser.conftest import log_in, shoot
from tests.helpers import absent_withdrawn, confirm
from tests.scenarios import GT_QUALIFYING_FILES, QUALIFYING_FILES, RACE_FILES, build_aslms

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = str(Path(__file__).resolve().parents[2] / "test-results" / "qualifying")


def test_it_reaches_the_qualifying_grid_from_the_season_page(world: Any, live_server: Any, page: Page) -> None:
    aslms = build_aslms(world.aco_series)
    sepang = aslms.races[1].event
    for path in (QUALIFYING_FILES["sepang"], GT_QUALIFYING_FILES["sepang"]):
        checked = qualifying_upload_preview(
            event=sepang, user=world.aco_steward, filename=path.name, data=path.read_bytes()
        )
        qualifying_upload_confirm(upload_id=checked.upload.pk, sha256=checked.upload.sha256, user=world.aco_steward)

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name=str(aslms.season.name)).first.click()
    page.locator(f"#event-{sepang.pk}").get_by_role("link", name="Qualifying and starting grid").click()
    expect(page.locator("h1")).to_have_text("4 Hours of Sepang · Qualifying")
    grid = page.locator("#starting-grid tbody tr")
    expect(grid).to_have_count(16 + 23)
    expect(grid.first).to_contain_text("Pole LMP2")
    expect(grid.first).to_contain_text("90")
    shoot(page, SCREENSHOTS, "event-qualifying")

    page.locator("#class-filter").get_by_role("link", name="GT").click()
    expect(page.locator("#class-filter a[aria-current=page]")).to_have_text("GT")
    expect(page.locator("h2.session")).to_have_text(["Qualifying GT"])
    expect(page.locator("#starting-grid tbody tr").first).to_contain_text("Pole GT")
    expect(page.locator("#starting-grid tbody tr").last).to_contain_text("no time")
    # The page itself does not scroll sideways on a phone; the wide tables scroll inside .table-wrap.
    page.set_viewport_size({"width": 390, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, SCREENSHOTS, "event-qualifying-gt")


def test_it_filters_the_race_classification_by_class_and_shows_cars_and_best_laps(
    world: Any, live_server: Any, page: Page
) -> None:
    aslms = build_aslms(world.aco_series)
    steward, race = world.aco_steward, aslms.races[1]
    path = GT_QUALIFYING_FILES["sepang"]
    checked = qualifying_upload_preview(event=race.event, user=steward, filename=path.name, data=path.read_bytes())
    qualifying_upload_confirm(upload_id=checked.upload.pk, sha256=checked.upload.sha256, user=steward)
    preview = classification_upload_preview(
        race=race, user=steward, filename=RACE_FILES[1].name, data=RACE_FILES[1].read_bytes()
    )
    # Cars of the season that did not race at this round: withdrawn, as the steward would choose.
    version = confirm(preview, steward, absent_withdrawn(preview))
    classification_publish(version=version, user=steward, status=ClassificationStatus.PROVISIONAL)

    page.goto(f"{live_server.url}/seasons/{aslms.season.series.code}/{aslms.season.name}/")
    page.locator("#published-results").get_by_role("link", name="R1 4 Hours of Sepang").click()
    page.locator("#class-filter").get_by_role("link", name="LMP3").click()
    rows = page.locator("table.classification tbody tr")
    expect(rows.first).to_contain_text("Ligier JS P320 - Nissan")
    assert all("LMP3" in text for text in rows.all_inner_texts())
    shoot(page, SCREENSHOTS, "race-classification-lmp3")
    page.get_by_role("link", name="Qualifying and starting grid of 4 Hours of Sepang").click()
    expect(page.locator("h2.session")).to_have_text(["Qualifying GT"])

    log_in(page, live_server.url, steward.email, factories.PASSWORD, next_url="/steward/")
    page.locator("td.qualifying-sessions").first.get_by_role("link", name="GT").click()
    expect(page.locator("#qualifying-sessions")).to_contain_text("GT: " + path.name)
    shoot(page, SCREENSHOTS, "steward-qualifying")
