"""By clicking: staff import the real AsLMS 2023-24 round-1 entry list with crews in the admin
(dry run, then confirm). Screenshots at 1280 and 390 px in /tmp/shots-decisions."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from championships.models import Organisation
from entries.models import Entry, EntryStatus
from tests import factories
from tests.browser.conftest import enrol_totp, log_in
from tests.browser.test_decision_check_and_review import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ENTRY_LIST = Path(__file__).resolve().parents[1] / "fixtures" / "entry-lists" / "aslms-2023-24-round-1.csv"


def test_it_takes_staff_through_the_entry_list_import(live_server: Any, page: Page, transactional_db: None) -> None:
    org = Organisation.objects.create(code="aco-x", name="ACO X")
    series = factories.SeriesFactory(code="aslms", name="Asian Le Mans Series", governing_bodies=[org])
    season = factories.SeasonFactory(series=series, name="2023-24")
    for order, code in enumerate(("LMP2", "LMP3", "GT")):
        factories.RacingClassFactory(season=season, code=code, order=order)
    factories.EventFactory(season=season, name="Sepang", start_date=date(2023, 12, 1), end_date=date(2023, 12, 3))
    staff = factories.UserFactory(series_staff=True, organisation=org, username="aslms_staff")
    secret = enrol_totp(staff)
    log_in(page, live_server.url, staff.email, factories.PASSWORD, totp_secret=secret, next_url="/admin/")
    page.goto(f"{live_server.url}/admin/entries/entry/")
    page.get_by_role("link", name="Import").click()
    page.select_option("select[name=resource]", label="Entry list with crews (one row per driver)")
    page.set_input_files("input[name=import_file]", str(ENTRY_LIST))
    page.select_option("select[name=format]", label="csv")
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("body")).to_contain_text("Below is a preview of data to be imported")
    expect(page.locator("table.import-preview")).to_contain_text("DELÉTRAZ")
    shoot(page, "entry-list-dry-run")
    assert not Entry.objects.filter(season=season).exists()
    page.get_by_role("button", name="Confirm import").click()
    expect(page.locator(".messagelist")).to_contain_text("Import finished")
    assert Entry.objects.filter(season=season, status=EntryStatus.ACCEPTED).count() == 39
