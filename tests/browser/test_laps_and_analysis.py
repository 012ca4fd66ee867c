"""Lap data in a real browser: the steward uploads Sepang race 1's lap file (preview, confirm), sees the drive
times and an infringement to decide; the public reads the race analysis (screenshots 1280/390)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from results.classifications.lap_models import DriveTimeRule
from results.classifications.models import ClassificationStatus
from results.classifications.services import (
    classification_publish,
    classification_upload_preview,
)
from tests import factories
from tests.browser.conftest import enrol_totp, log_in, shoot
from tests.helpers import absent_withdrawn, confirm
from tests.scenarios import ASLMS, RACE_FILES, build_aslms

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = str(Path(__file__).resolve().parents[2] / "test-results" / "laps")
RACE_1_LAPS = ASLMS / "01-sepang" / "202312021400-race-201-hour-4-laps.csv"


def test_the_steward_checks_drive_times_and_the_public_reads_the_analysis(
    world: Any, live_server: Any, page: Page
) -> None:
    aslms = build_aslms(world.aco_series)
    steward, race = world.aco_steward, aslms.races[1]
    preview = classification_upload_preview(
        race=race, user=steward, filename=RACE_FILES[1].name, data=RACE_FILES[1].read_bytes()
    )
    # Cars of the season that did not race at this round: withdrawn, as the steward would choose.
    version = confirm(preview, steward, absent_withdrawn(preview))
    classification_publish(version=version, user=steward, status=ClassificationStatus.PROVISIONAL)
    DriveTimeRule.objects.create(season=aslms.season, racing_class=aslms.classes["LMP3"], minimum_min=70)
    secret = enrol_totp(steward)
    log_in(
        page,
        live_server.url,
        steward.email,
        factories.PASSWORD,
        totp_secret=secret,
        next_url=f"/steward/races/{race.pk}/",
    )

    page.set_input_files("input[name='laps-file']", str(RACE_1_LAPS))
    page.get_by_role("button", name="Check the lap file").click()
    expect(page.locator("#preview-laps")).to_have_text("3572 laps of 39 cars")
    shoot(page, SCREENSHOTS, "lap-file-preview")
    page.get_by_role("button", name="Confirm and store the laps").click()
    expect(page.locator(".messages")).to_contain_text("Race lap file saved: 3572 laps of 39 cars.")
    proposals = page.locator("#drive-time-proposals tbody tr")
    expect(proposals.first).to_contain_text("below minimum 1:10:00.000")
    page.locator("#laps").scroll_into_view_if_needed()
    shoot(page, SCREENSHOTS, "steward-race-drive-times")
    proposals.first.get_by_role("link", name="Decide…").click()
    expect(page.locator("textarea[name=offence]")).to_contain_text("below minimum 1:10:00.000")

    page.goto(f"{live_server.url}/races/{race.pk}/classification/")
    page.get_by_role("link", name="Race analysis").click()
    expect(page.locator("h1")).to_have_text("4 Hours of Sepang · Race · Analysis")
    expect(page.locator("#lap-chart svg")).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, SCREENSHOTS, "race-analysis")
