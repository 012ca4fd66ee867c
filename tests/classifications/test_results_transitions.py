"""The steward page offers exactly the status changes the publishing and decision services accept."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import Client

from results.classifications.models import ClassificationStatus, ClassificationVersion, Decision, PenaltyKind
from results.classifications.services import (
    Penalty,
    classification_publish,
    classification_transitions,
    decision_record,
    decision_transitions,
    decision_withdraw,
)
from tests.helpers import upload
from tests.scenarios import Elms, silverstone_bytes

pytestmark = pytest.mark.django_db


def actions(version: ClassificationVersion, user: Any) -> list[str]:
    return [t.action for t in classification_transitions(version, user)]


def publishable(version: ClassificationVersion, user: Any, status: str) -> bool:
    """Whether the service accepts the change (rolled back either way)."""
    try:
        with transaction.atomic():
            classification_publish(version=version, user=user, status=status)
            transaction.set_rollback(True)
    except (PermissionDenied, ValidationError):
        return False
    return True


def test_it_offers_stewards_provisional_and_staff_official_too(elms: Elms, world: Any) -> None:
    version = upload(elms, world.aco_steward)
    assert actions(version, world.aco_steward) == ["provisional"]
    assert actions(version, world.aco_staff) == ["provisional", "official"]
    assert actions(version, world.sro_staff) == []
    version = classification_publish(version=version, user=world.aco_steward, status=ClassificationStatus.PROVISIONAL)
    assert actions(version, world.aco_steward) == []
    assert actions(version, world.aco_staff) == ["official"]
    version = classification_publish(version=version, user=world.aco_staff, status=ClassificationStatus.OFFICIAL)
    assert actions(version, world.aco_staff) == []


def test_it_offers_nothing_on_a_version_that_is_not_the_latest(elms: Elms, world: Any) -> None:
    first = upload(elms, world.aco_staff)
    upload(elms, world.aco_staff, silverstone_bytes() + b"\n")
    assert actions(first, world.aco_staff) == []


@pytest.mark.parametrize("status", ["draft", "provisional", "official", "amended"])
def test_it_offers_a_change_exactly_when_the_service_accepts_it(elms: Elms, world: Any, status: str) -> None:
    version = upload(elms, world.aco_steward)
    ClassificationVersion.objects.filter(pk=version.pk).update(status=status)
    version.refresh_from_db()
    for user in (world.aco_steward, world.aco_staff, world.sro_staff):
        offered = set(actions(version, user))
        for target in (ClassificationStatus.PROVISIONAL, ClassificationStatus.OFFICIAL):
            assert (target in offered) == publishable(version, user, target), (status, user.username, target)


def test_it_shows_the_buttons_the_service_offers_on_the_steward_page(elms: Elms, world: Any) -> None:
    upload(elms, world.aco_steward)
    for user, buttons in ((world.aco_steward, ["provisional"]), (world.aco_staff, ["provisional", "official"])):
        client = Client()
        client.force_login(user)
        body = client.get(f"/steward/races/{elms.race.pk}/").content.decode()
        assert re.findall(r'publish/\?status=(\w+)"', body) == buttons


def test_it_offers_amend_and_withdraw_on_an_active_decision_only(elms: Elms, world: Any) -> None:
    upload(elms, world.aco_steward)
    decision = decision_record(
        race=elms.race,
        user=world.aco_steward,
        number="12",
        entry=elms.entries["46"],
        penalty=Penalty(PenaltyKind.TIME, "Speeding under FCY", time_added_ms=5000),
    )

    def offered(d: Decision, user: Any) -> list[str]:
        return [t.label for t in decision_transitions(race=elms.race, decision=d, user=user)]

    assert offered(decision, world.aco_steward) == ["Amend", "Withdraw"]
    assert offered(decision, world.sro_staff) == []
    client = Client()
    client.force_login(world.aco_steward)
    body = client.get(f"/steward/races/{elms.race.pk}/").content.decode()
    assert f"/steward/decisions/{decision.pk}/amend/" in body and ">Withdraw…</a>" in body

    decision_withdraw(decision=decision, user=world.aco_steward, reason="Appeal upheld")
    decision.refresh_from_db()
    assert offered(decision, world.aco_steward) == []
    body = client.get(f"/steward/races/{elms.race.pk}/").content.decode()
    assert f"/steward/decisions/{decision.pk}/amend/" not in body and ">Withdraw…</a>" not in body
