"""Public site in a real browser: standings tabs and round form, the iCal download, the chart screenshot."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from bench.synthetic import SyntheticSeason
from championships.models import Circuit, Event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT = Path(__file__).resolve().parents[2] / "test-results" / "standings-chart.png"


def test_it_switches_class_and_round_by_clicking(synthetic: SyntheticSeason, live_server: Any, page: Page) -> None:
    page.goto(f"{live_server.url}/seasons/synth/2023/standings/")
    title = page.locator("#table-title")
    expect(title).to_have_text("Drivers – C1, after round 4")
    c1_first = page.locator("#standings tbody tr").first.inner_text()

    page.locator("#table-tabs").get_by_role("link", name="C2").click()
    expect(title).to_have_text("Drivers – C2, after round 4")
    expect(page.locator("#table-tabs a[aria-current=page]")).to_have_text("C2")
    assert page.locator("#standings tbody tr").first.inner_text() != c1_first

    page.select_option("#round-select", "2")
    page.get_by_role("button", name="Show").click()
    expect(title).to_have_text("Drivers – C2, after round 2 of 4")
    expect(page.locator("#progression svg text", has_text="R3")).to_have_count(0)

    page.locator("#championship-tabs").get_by_role("link", name="Teams").click()
    expect(title).to_have_text("Teams – C2, after round 2 of 4")
    expect(page.locator("#standings tbody tr")).to_have_count(4)  # cars 2, 4, 6, 8


def test_it_downloads_the_ical_feed(synthetic: SyntheticSeason, live_server: Any, page: Page) -> None:
    circuit = Circuit.objects.create(name="Yas Marina", country="UAE", time_zone="Asia/Dubai")
    Event.objects.create(
        season=synthetic.season,
        name="Abu Dhabi, cancelled",
        circuit=circuit,
        start_date=date(2023, 2, 18),
        end_date=date(2023, 2, 19),
        cancelled=True,
    )
    page.goto(f"{live_server.url}/seasons/synth/2023/")
    expect(page.locator("#calendar")).to_contain_text("Asia/Dubai (UTC+4)")
    with page.expect_download() as info:
        page.locator("#ical-link").click()
    download = info.value
    assert download.suggested_filename == "synth-2023.ics"
    text = Path(download.path()).read_bytes().decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "SUMMARY:Synthetic series synth 2023: Abu Dhabi\\, cancelled\r\n" in text
    assert "DTSTART;VALUE=DATE:20230218\r\nDTEND;VALUE=DATE:20230220\r\n" in text
    assert text.count("STATUS:CANCELLED") == 1
    assert text.count("BEGIN:VEVENT") == 5


def test_it_draws_the_progression_chart(synthetic: SyntheticSeason, live_server: Any, page: Page) -> None:
    page.set_viewport_size({"width": 1100, "height": 900})
    page.goto(f"{live_server.url}/seasons/synth/2023/standings/?championship=drivers&class=C1")
    chart = page.locator("#progression svg")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 500 and box["height"] > 200
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert SCREENSHOT.stat().st_size > 10_000


def test_it_fits_the_standings_on_a_phone(synthetic: SyntheticSeason, live_server: Any, page: Page) -> None:
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{live_server.url}/seasons/synth/2023/standings/")
    # The page itself does not scroll sideways; wide tables scroll inside .table-wrap.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(SCREENSHOT.with_name("standings-phone.png")), full_page=True)
