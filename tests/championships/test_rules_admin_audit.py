"""Points rules edited in the admin leave an audit record, as every service write does."""

from __future__ import annotations

from typing import Any

import pytest

from championships.models import AuditEntry, PointsRules
from tests import factories
from tests.championships.test_points_check import GOOD_FORM
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

ADMIN = "/admin/championships/pointsrules/"


def post_rules(user: Any, url: str, season: Any, **changes: str) -> Any:
    return client_for(user).post(url, {**GOOD_FORM, "season": str(season.pk), **changes})


def test_it_audits_rules_added_in_the_admin(world: Any) -> None:
    response = post_rules(world.sro_staff, f"{ADMIN}add/", world.sro_season)
    assert response.status_code == 302, response.content.decode()[:2000]
    record = AuditEntry.objects.get(action="championships.rules.created")
    assert (record.actor, record.series_id, record.object_id) == (
        world.sro_staff,
        world.sro_series.pk,
        str(PointsRules.objects.get().pk),
    )
    assert record.after["scale"] == "25 18 15" and record.before == {}


def test_it_audits_the_changed_fields_only(world: Any) -> None:
    rules = PointsRules.objects.create(season=world.sro_season, scale="25 18 15", pole="1")
    response = post_rules(world.sro_staff, f"{ADMIN}{rules.pk}/change/", world.sro_season, pole="2")
    assert response.status_code == 302, response.content.decode()[:2000]
    record = AuditEntry.objects.get(action="championships.rules.updated")
    assert (record.actor, record.before, record.after) == (world.sro_staff, {"pole": "1.00"}, {"pole": "2.00"})
    # Saving the form unchanged writes no record.
    post_rules(world.sro_staff, f"{ADMIN}{rules.pk}/change/", world.sro_season, pole="2")
    assert AuditEntry.objects.filter(action__startswith="championships.rules").count() == 1


def test_it_audits_rules_deleted_in_the_admin_one_by_one_or_in_bulk(world: Any) -> None:
    season_rules = PointsRules.objects.create(season=world.sro_season)
    race = factories.RaceFactory(event=factories.EventFactory(season=world.sro_season), round=1)
    race_rules = PointsRules.objects.create(season=world.sro_season, race=race, points_factor="0.5")
    client = client_for(world.sro_staff)
    assert client.post(f"{ADMIN}{race_rules.pk}/delete/", {"post": "yes"}).status_code == 302
    record = AuditEntry.objects.get(action="championships.rules.deleted")
    assert record.before["points_factor"] == "0.50" and record.before["race"] == str(race)
    client.post(ADMIN, {"action": "delete_selected", "_selected_action": [season_rules.pk], "post": "yes"})
    assert not PointsRules.objects.exists()
    assert AuditEntry.objects.filter(action="championships.rules.deleted").count() == 2


def test_staff_of_another_series_neither_change_nor_audit_the_rules(world: Any) -> None:
    rules = PointsRules.objects.create(season=world.aco_season, pole="1")
    for user in (world.sro_staff, world.aco_steward, world.team_manager, world.outsider):
        response = post_rules(user, f"{ADMIN}{rules.pk}/change/", world.aco_season, pole="5")
        assert response.status_code in (302, 403), user
    assert PointsRules.objects.get(pk=rules.pk).pole == 1
    assert not AuditEntry.objects.filter(action__startswith="championships.rules").exists()
