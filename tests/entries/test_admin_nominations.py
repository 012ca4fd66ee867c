"""Staff nominate and remove drivers in the admin, through the line-up services and their rules."""

from __future__ import annotations

from typing import Any

import pytest

from championships.models import AuditEntry
from entries.models import DriverCategory, EntryStatus, Nomination
from tests import factories
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

ADD = "/admin/entries/nomination/add/"
LIST = "/admin/entries/nomination/"


def accepted(paddock: Any, number: str = "1") -> Any:
    entry = paddock.entry(number=number, status=EntryStatus.ACCEPTED)
    paddock.nominate(entry, paddock.driver("bronze", "JPN"), paddock.driver("gold", "GBR"))
    return entry


def test_it_nominates_through_the_service_with_the_category(paddock: Any) -> None:
    entry = paddock.entry(number="5")
    driver = factories.DriverFactory(nationality="THA")
    staff = client_for(paddock.world.sro_staff)
    form = {"entry": entry.pk, "event": paddock.sepang.pk, "driver": driver.pk, "category": ""}
    refused = staff.post(ADD, form)
    assert refused.status_code == 200 and f"FIA category for {paddock.season}." in refused.content.decode()
    assert not Nomination.objects.filter(driver=driver).exists()
    assert staff.post(ADD, {**form, "category": "silver"}).status_code == 302
    assert Nomination.objects.filter(entry=entry, driver=driver, event=paddock.sepang, removed_at=None).count() == 1
    assert DriverCategory.objects.get(driver=driver, season=paddock.season).category == "silver"
    assert AuditEntry.objects.filter(action="entries.nomination.added", actor=paddock.world.sro_staff).exists()


def test_it_refuses_a_nomination_that_breaks_the_lineup_rules(paddock: Any) -> None:
    entry = accepted(paddock)
    third = paddock.driver("platinum", "GBR")
    response = client_for(paddock.world.sro_staff).post(
        ADD, {"entry": entry.pk, "event": paddock.sepang.pk, "driver": third.pk, "category": ""}
    )
    assert response.status_code == 200 and "At Sepang" in response.content.decode()
    assert not Nomination.objects.filter(driver=third).exists()


def test_it_removes_a_nomination_and_keeps_it_as_history(paddock: Any) -> None:
    entry = paddock.entry(number="6", status=EntryStatus.SUBMITTED)
    keep, extra = paddock.driver("bronze", "JPN"), paddock.driver("silver", "GBR")
    nominations = paddock.nominate(entry, keep, extra, paddock.driver("gold", "JPN"))
    staff = client_for(paddock.world.sro_staff)
    response = staff.post(LIST, {"action": "remove_nominations", "_selected_action": [nominations[1].pk]}, follow=True)
    assert "1 nomination removed." in response.content.decode()
    nominations[1].refresh_from_db()
    assert nominations[1].removed_at is not None and Nomination.objects.filter(pk=nominations[1].pk).exists()
    assert AuditEntry.objects.filter(action="entries.nomination.removed").count() == 1


def test_it_keeps_nominations_to_the_series_staff(paddock: Any) -> None:
    entry = accepted(paddock)
    driver = paddock.driver("bronze", "JPN")
    data = {"entry": entry.pk, "event": paddock.sepang.pk, "driver": driver.pk}
    assert client_for(paddock.sro_steward).post(ADD, data).status_code == 403
    other = client_for(paddock.world.aco_staff).post(ADD, data)
    assert other.status_code == 200 and "Select a valid choice" in other.content.decode()
    assert not Nomination.objects.filter(driver=driver).exists()
    nomination = entry.nominations.first()
    assert client_for(paddock.world.sro_staff).get(f"{LIST}{nomination.pk}/change/").status_code == 200
    assert client_for(paddock.world.sro_staff).get(f"{LIST}{nomination.pk}/delete/").status_code == 403
