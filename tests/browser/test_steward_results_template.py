"""A steward, from the steward home: downloads the race's results template, uploads it with several
mistakes and sees all of them at once, uploads it right, and records a penalty (issue 10, 3/4/6)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests import factories
from tests.browser.conftest import log_in
from tests.scenarios import build_elms

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots-uploads10")


def shoot(page: Page, name: str) -> None:
    """Full-page screenshots at desktop and phone widths (looked at by the author of the pages)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def write_rows(path: Path, rows: list[dict[str, str]]) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def test_it_takes_a_steward_from_the_template_to_a_penalty(
    world: Any, live_server: Any, page: Page, tmp_path: Path
) -> None:
    elms = build_elms(world.aco_series)
    cup = factories.CupFactory(season=elms.season, racing_class=elms.classes["GTC"], code="AM", name="GTC Am Trophy")
    for number in ("60", "73"):
        elms.entries[number].cup = cup
        elms.entries[number].save()
    log_in(page, live_server.url, world.aco_steward.email, factories.PASSWORD, next_url="/steward/")
    expect(page.locator("h1")).to_have_text("Races you steward")
    page.get_by_role("link", name=elms.race.name).click()
    expect(page.locator("#results-template")).to_be_visible()
    shoot(page, "steward-race")

    with page.expect_download() as download:
        page.locator("#results-template").get_by_role("link", name="CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 38 and {row["position"] for row in rows} == {""}
    rows = [{**row, "position": str(i), "status": "classified", "laps": "100"} for i, row in enumerate(rows, start=1)]

    bad = [dict(row) for row in rows]
    bad[0]["laps"] = "many"
    bad[1]["number"] = "999"
    bad[2]["drivers"] = "Nobody KNOWN"
    bad[3]["status"] = "finished"
    page.set_input_files("input[name=file]", str(write_rows(tmp_path / "results.csv", bad)))
    page.get_by_role("button", name="Check the file").click()
    # The unknown car and driver are not refusals: once the file reads, the preview resolves them.
    problems = page.locator("#upload-problems li")
    expect(problems).to_have_count(2)
    expect(page.locator("#upload-problems")).to_contain_text("row 2, column laps: 'many' is not a whole number")
    expect(page.locator("#upload-problems")).to_contain_text("row 5, column status: 'finished' is not a known status")
    shoot(page, "upload-problems")

    page.set_input_files("input[name=file]", str(write_rows(tmp_path / "results-fixed.csv", rows)))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator("h1")).to_contain_text("Preview")
    expect(page.locator("table.classification thead")).to_contain_text("Cup pos")
    expect(page.locator("tr[data-number='60']")).to_contain_text("GTC Am Trophy")
    shoot(page, "preview")
    page.get_by_role("button", name="Confirm and save as a new version").click()
    expect(page.locator(".messages")).to_contain_text("Version 1 saved (unpublished)")

    page.get_by_role("link", name="Record a decision").click()
    time_field = page.locator("input[name=time_added_s]")
    laps_field = page.locator("input[name=laps_deducted]")
    expect(time_field).to_be_visible()
    expect(laps_field).to_be_hidden()
    page.select_option("select[name=kind]", "laps")
    expect(laps_field).to_be_visible()
    expect(time_field).to_be_hidden()
    page.fill("input[name=number]", "Doc 12")
    page.select_option("select[name=entry]", str(elms.entries["46"].pk))
    page.fill("textarea[name=offence]", "Minimum drive time not respected")
    laps_field.fill("1")
    shoot(page, "decision-form")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".messages")).to_contain_text("Doc 12 recorded.")
    expect(page.locator("#decisions")).to_contain_text("Doc 12")
    expect(page.locator("tr[data-number='46']")).to_contain_text("Doc 12: -1 lap")
    expect(page.locator("body")).not_to_contain_text("DDoc")

    page.locator("#decisions").get_by_role("link", name="Amend").click()
    expect(page.locator("#amending")).to_contain_text("An amendment needs")
    expect(laps_field).to_have_value("1")
    shoot(page, "decision-amend")
