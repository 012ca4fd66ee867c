"""Issue 18, done when: by clicking only, a new person signs up, registers a new team and a car with a
three-driver crew (one driver new to the portal), the series staff (not a superuser) approve the
team and the entry, and the person receives each e-mail with a link that opens the right page on
the configured public address."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from entries import lineup_seed
from entries.models import Entry, EntryStatus, Team
from tests import factories
from tests.browser.conftest import log_in, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = "/tmp/shots-people"
PASSWORD = "Grid-walk-2026!"


def _link_in_last_mail(to: str, public: str) -> str:
    """The link of the last e-mail sent to `to`: it must be on the configured public address."""
    body = [m for m in mail.outbox if to in m.to][-1].body
    links = re.findall(r"https?://\S+", body)
    assert links and all(link.startswith(public) for link in links), body
    return links[-1]


def test_it_takes_a_new_person_from_sign_up_to_an_accepted_entry(
    world: Any, live_server: Any, page: Page, settings: Any
) -> None:
    # The configured address differs from the one the browser uses: links must come from it.
    public = live_server.url.replace("localhost", "127.0.0.1")
    settings.PADDOCK_PUBLIC_URL = public
    settings.ALLOWED_HOSTS = ["*"]
    aco = world.aco_series.governing_bodies.get()
    series = factories.SeriesFactory(code="aslms", name="Asian Le Mans Series", governing_bodies=[aco])
    season = factories.SeasonFactory(
        series=series,
        name="2026-27",
        registration_opens=timezone.now() - timedelta(days=3),
        registration_closes=timezone.now() + timedelta(days=30),
    )
    lineup_seed.seed_aslms_2023(season)
    factories.EventFactory(
        season=season, name="4 Hours of Sepang", start_date=date(2027, 2, 5), end_date=date(2027, 2, 7)
    )
    factories.CarModelFactory(manufacturer=factories.ManufacturerFactory(name="Ferrari"), name="296 GT3")
    gold = factories.DriverFactory(first_name="Kei", last_name="Cozzolino", nationality="JPN")
    bronze = factories.DriverFactory(first_name="Francois", last_name="Perrodo", nationality="FRA")
    factories.DriverCategoryFactory(driver=bronze, season=season, category="bronze")
    staff = world.aco_staff
    page.set_default_timeout(10_000)
    header = page.get_by_role("navigation", name="Your pages")

    # --- sign up and confirm the address from the e-mail ---
    page.goto(f"{live_server.url}/accounts/signup/")
    page.fill("input[name=email]", "nadia@nova-racing.example")
    page.fill("input[name=first_name]", "Nadia")
    page.fill("input[name=last_name]", "Newman")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    shoot(page, SHOTS, "01-signup")
    page.get_by_role("button", name="Sign Up").click()
    page.goto(_link_in_last_mail("nadia@nova-racing.example", public))
    page.get_by_role("button", name="Confirm").click()
    log_in(page, live_server.url, "nadia@nova-racing.example", PASSWORD, next_url=None)

    # --- register the team, then its car ---
    expect(page.locator("#no-role")).to_be_visible()
    shoot(page, SHOTS, "02-home-without-role")
    page.get_by_role("link", name="Register a new team").click()
    page.fill("#id_name", "Nova Racing")
    page.fill("#id_country", "NZL")
    page.fill("#id_contact", "office@nova-racing.example")
    page.select_option("#id_season", str(season.pk))  # labelled "Asian Le Mans Series 2026-27 (registration closes …)"
    shoot(page, SHOTS, "03-register-team")
    page.get_by_role("button", name="Register the team").click()
    expect(page.get_by_text("Nova Racing is registered.")).to_be_visible()
    page.fill("#id_number", "74")
    page.select_option("#id_racing_class", label="GT")
    page.select_option("#id_car_model", label="Ferrari 296 GT3")
    page.get_by_role("button", name="Create draft").click()
    expect(page.locator("#entry-status")).to_have_text("Draft")

    # --- a three-driver crew: one driver new to the portal, one known from other seasons ---
    page.get_by_role("link", name="Nominate the crews for the season").click()
    page.fill("#id_first_name", "Newt")
    page.fill("#id_last_name", "Rookie")
    page.fill("#id_nationality", "NZL")
    page.select_option("#id_category", "bronze")
    page.get_by_role("button", name="Add the driver to the list").click()
    expect(page.get_by_text("ROOKIE Newt (NZL) can now be picked.")).to_be_visible()
    page.fill("#id_all-1-driver", "ROOKIE Newt (NZL)")
    page.fill("#id_all-2-driver", "COZZOLINO Kei (JPN)")
    page.select_option("#id_all-2-category", "gold")
    page.fill("#id_all-3-driver", "PERRODO Francois (FRA)")
    shoot(page, SHOTS, "04-crew")
    page.get_by_role("button", name="Save the line-ups").click()
    expect(page.get_by_text("Line-ups saved for 4 Hours of Sepang.")).to_be_visible()
    page.get_by_role("button", name="Submit the entry").click()
    expect(page.locator("#entry-status")).to_have_text("Submitted")
    entry = Entry.objects.get(team__name="Nova Racing")
    assert gold.pk in entry.nominations.values_list("driver_id", flat=True)

    # --- the series staff (not a superuser) approve the team, then the entry ---
    assert not staff.is_superuser
    page.context.clear_cookies()
    log_in(page, live_server.url, staff.email, factories.PASSWORD, next_url=None)
    header.get_by_role("link", name="Team requests").click()
    request = page.locator(".team-request", has_text="Nova Racing")
    expect(request).to_contain_text("Nadia Newman")
    shoot(page, SHOTS, "05-staff-requests")
    request.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Register a new team – Nova Racing (Nadia Newman): approved.")).to_be_visible()
    assert Team.objects.get(name="Nova Racing").approved
    header.get_by_role("link", name="Admin").click()
    page.goto(f"{live_server.url}/admin/entries/entry/?status__exact=submitted")
    row = page.locator("#result_list tbody tr", has_text="Nova Racing")
    row.locator("input[name=_selected_action]").check()
    page.select_option("select[name=action]", "accept_entries")
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist")).to_contain_text("1 entry accepted.")

    # --- every e-mail the person received opens the right page on the configured address ---
    page.context.clear_cookies()
    log_in(page, public, "nadia@nova-racing.example", PASSWORD, next_url=None)
    subjects = [m.subject for m in mail.outbox if "nadia@nova-racing.example" in m.to]
    assert any("Nova Racing approved" in s for s in subjects)
    assert any("entry submitted" in s for s in subjects) and any("entry accepted" in s for s in subjects)
    page.goto(_link_in_last_mail("nadia@nova-racing.example", public))
    assert page.url == f"{public}/my/entries/{entry.pk}/"
    expect(page.locator("#entry-status")).to_have_text("Accepted")
    shoot(page, SHOTS, "06-entry-accepted")
    approved = next(m for m in mail.outbox if "Nova Racing approved" in m.subject)
    team_link = re.findall(r"https?://\S+", approved.body)[-1]
    assert team_link == f"{public}/my/teams/"
    page.goto(team_link)
    expect(page.get_by_role("heading", name="Nova Racing")).to_be_visible()
    assert Entry.objects.get(pk=entry.pk).status == EntryStatus.ACCEPTED
