"""The workflow steps a page offers come from entries.services.entry_transitions, the services' own rules."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from entries import services
from entries.models import Entry, EntryStatus
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

STEPS = {
    "submitted": lambda actor, entry: services.entry_submit(actor=actor, entry=entry),
    "accepted": lambda actor, entry: services.entry_accept(actor=actor, entry=entry),
    "rejected": lambda actor, entry: services.entry_reject(actor=actor, entry=entry, reason="Late"),
    "reserved": lambda actor, entry: services.entry_reserve(actor=actor, entry=entry),
    "withdrawn": lambda actor, entry: services.entry_withdraw(actor=actor, entry=entry, reason="Budget"),
}


def actions(user: Any, entry: Entry) -> list[str]:
    return [t.action for t in services.entry_transitions(actor=user, entry=entry)]


def accepted_by_service(user: Any, entry: Entry, action: str) -> bool:
    """Whether the service takes the step (rolled back either way)."""
    try:
        with transaction.atomic():
            STEPS[action](user, Entry.objects.get(pk=entry.pk))
            transaction.set_rollback(True)
    except (PermissionDenied, ValidationError):
        return False
    return True


def test_it_offers_the_team_submit_and_withdraw_on_a_draft(paddock: Any) -> None:
    entry = paddock.entry()
    assert actions(paddock.manager_a, entry) == ["submitted", "withdrawn"]
    assert actions(paddock.manager_b, entry) == []


def test_it_offers_the_staff_decisions_on_a_submitted_entry(paddock: Any) -> None:
    entry = paddock.entry(status=EntryStatus.SUBMITTED)
    assert actions(paddock.world.sro_staff, entry) == ["accepted", "rejected", "reserved", "withdrawn"]
    assert actions(paddock.manager_a, entry) == ["withdrawn"]
    assert actions(paddock.world.aco_staff, entry) == []


@pytest.mark.parametrize("status", [s.value for s in EntryStatus])
def test_it_offers_a_step_exactly_when_the_service_takes_it(paddock: Any, status: str) -> None:
    entry = paddock.entry(status=status)
    paddock.nominate(entry, paddock.driver("bronze", "JPN"), paddock.driver("gold", "GBR"))
    for user in (paddock.manager_a, paddock.world.sro_staff, paddock.sro_steward):
        offered = set(actions(user, entry))
        for action in STEPS:
            assert (action in offered) == accepted_by_service(user, entry, action), (status, user.username, action)


def test_it_shows_on_the_team_page_the_steps_the_service_offers(paddock: Any) -> None:
    entry = paddock.entry()
    client = client_for(paddock.manager_a)
    body = client.get(f"/my/entries/{entry.pk}/").content.decode()
    assert 'id="submit-entry">Submit the entry</button>' in body and "Withdraw…</a>" in body
    assert re.search(r">Edit</a>", body)

    services.entry_withdraw(actor=paddock.manager_a, entry=entry, reason="No budget")
    body = client.get(f"/my/entries/{entry.pk}/").content.decode()
    assert "Submit the entry" not in body and "Withdraw…" not in body and ">Edit</a>" not in body
    assert 'id="nominate"' not in body  # a withdrawn entry's line-up is closed
