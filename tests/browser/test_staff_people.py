"""Series staff (not a superuser) invite a steward from their people page, by clicking."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from championships.models import Membership, Role
from tests import factories
from tests.browser.conftest import log_in, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_lets_staff_invite_a_steward_and_take_the_role_back(world: Any, live_server: Any, page: Page) -> None:
    page.set_default_timeout(10_000)
    team = factories.TeamFactory(name="Nova Racing", managers=[world.team_manager])
    factories.EntryFactory(season=world.aco_season, team=team)
    log_in(page, live_server.url, world.aco_staff.email, factories.PASSWORD, next_url=None)
    page.get_by_role("navigation", name="Your pages").get_by_role("link", name="People").click()
    page.fill("#id_email", "rita@aco.example")
    page.fill("#id_first_name", "Rita")
    page.fill("#id_last_name", "Ramos")
    page.select_option("#id_grant", label="Steward of ACO's series")
    page.get_by_role("button", name="Give the role").click()
    expect(page.get_by_text("Rita Ramos is now steward / timing official of ACO (invited by e-mail).")).to_be_visible()
    expect(page.locator("#officials")).to_contain_text("Rita Ramos")
    expect(page.locator("#team-managers")).to_contain_text("Nova Racing")
    shoot(page, "/tmp/shots-people", "07-staff-people")
    page.get_by_role("button", name="Remove Steward / timing official from Rita Ramos").click()
    expect(page.get_by_text("is no longer")).to_be_visible()
    assert not Membership.objects.filter(user__email="rita@aco.example", role=Role.STEWARD).exists()
