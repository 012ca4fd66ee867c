"""The entry services a season import uses besides the pages' own: teams, guests' events, drivers
known by name only, nominations without FIA categories, and acceptance from the results."""

from __future__ import annotations

from typing import Any

import pytest

from championships.models import AuditEntry
from entries import services
from entries.errors import EntryRefused, NotAllowed
from entries.models import Driver, EntryKind, EntryStatus, Nomination
from tests import factories

pytestmark = pytest.mark.django_db


def test_it_creates_a_team_for_series_staff_and_audits_it_as_the_admin_does(paddock: Any) -> None:
    team = services.team_create(actor=paddock.world.sro_staff, name=" Craft-Bamboo Racing ")
    assert team.name == "Craft-Bamboo Racing"
    audit = AuditEntry.objects.get(action="entries.team.created")
    assert audit.actor == paddock.world.sro_staff and audit.after == {"name": team.name, "country": "", "managers": []}
    with pytest.raises(NotAllowed):
        services.team_create(actor=paddock.manager_a, name="Another Team")


def test_it_enters_a_guest_in_one_more_event_once(paddock: Any) -> None:
    guest = paddock.entry(kind=EntryKind.GUEST, status=EntryStatus.ACCEPTED)
    staff = paddock.world.sro_staff
    assert services.entry_event_add(actor=staff, entry=guest, event=paddock.sepang) is True
    assert services.entry_event_add(actor=staff, entry=guest, event=paddock.sepang) is False
    assert list(guest.events.all()) == [paddock.sepang]
    assert AuditEntry.objects.filter(action="entries.entry.event_added").count() == 1
    with pytest.raises(EntryRefused, match="full-season entry"):
        services.entry_event_add(actor=staff, entry=paddock.entry(status=EntryStatus.ACCEPTED), event=paddock.sepang)
    other = factories.EventFactory(season=paddock.aslms)
    with pytest.raises(EntryRefused, match="is not an event of"):
        services.entry_event_add(actor=staff, entry=guest, event=other)
    with pytest.raises(NotAllowed):
        services.entry_event_add(actor=paddock.manager_a, entry=guest, event=paddock.suzuka)


def test_it_creates_a_driver_known_only_by_name_once(paddock: Any) -> None:
    driver = services.driver_create_from_results(actor=paddock.world.sro_staff, first_name="Ann", last_name="PRO")
    again = services.driver_create_from_results(actor=paddock.world.sro_staff, first_name="ann", last_name="Pro")
    assert again == driver and driver.nationality == ""
    audit = AuditEntry.objects.get(action="entries.driver.created")
    assert audit.reason == "Named in a results file"
    # The pages keep requiring a nationality.
    with pytest.raises(EntryRefused, match="is not a nationality"):
        services.driver_create(actor=paddock.manager_a, first_name="Bob", last_name="BRONZE", nationality="")


def test_it_nominates_a_driver_without_category_only_when_line_ups_are_not_checked(paddock: Any) -> None:
    entry = paddock.entry(status=EntryStatus.ACCEPTED)
    driver = Driver.objects.create(first_name="Ann", last_name="PRO", nationality="")
    with pytest.raises(EntryRefused, match="FIA category"):
        services.nomination_add(actor=paddock.world.sro_staff, entry=entry, event=paddock.sepang, driver=driver)
    services.nomination_add(
        actor=paddock.world.sro_staff, entry=entry, event=paddock.sepang, driver=driver, check_lineups=False
    )
    assert Nomination.objects.filter(entry=entry, driver=driver).exists()


def test_it_accepts_a_draft_from_the_results_for_staff_only(paddock: Any) -> None:
    draft = paddock.entry()
    with pytest.raises(NotAllowed):
        services.entry_accept_from_results(actor=paddock.manager_a, entry=draft)
    # No line-up at all: the results are the evidence, and they carry no FIA categories.
    accepted = services.entry_accept_from_results(actor=paddock.world.sro_staff, entry=draft)
    assert accepted.status == EntryStatus.ACCEPTED
    assert AuditEntry.objects.filter(action="entries.entry.accepted_from_results").count() == 1
    with pytest.raises(EntryRefused, match="An accepted entry cannot be accepted"):
        services.entry_accept_from_results(actor=paddock.world.sro_staff, entry=accepted)
    # It is no step of the pages.
    other = paddock.entry(number="88")
    offered = [t.action for t in services.entry_transitions(actor=paddock.world.sro_staff, entry=other)]
    assert "accepted_from_results" not in offered
