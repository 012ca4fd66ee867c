"""Championship adjustments added, changed or deleted in the admin leave audit records."""

from __future__ import annotations

from typing import Any

import pytest

from championships.models import AuditEntry
from results.standings.models import ChampionshipAdjustment
from tests import factories
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

ADMIN = "/admin/results/championshipadjustment/"


@pytest.fixture
def lmp2(world: Any) -> None:
    factories.RacingClassFactory(season=world.aco_season, code="LMP2")


def form(world: Any, **changes: str) -> dict[str, Any]:
    return {
        "season": world.aco_season.pk,
        "championship": "teams",
        "class_code": "LMP2",
        "competitor_key": "46",
        "kind": "deduction",
        "points": "10",
        "after_round": "1",
        "reason": "Technical infringement",
        **changes,
    }


def actions() -> list[str]:
    return list(AuditEntry.objects.filter(action__startswith="results.adjustment").values_list("action", flat=True))


def test_it_audits_an_adjustment_added_in_the_admin(world: Any, lmp2: None) -> None:
    response = client_for(world.aco_staff).post(f"{ADMIN}add/", form(world))
    assert response.status_code == 302, response.content.decode()[:2000]
    adjustment = ChampionshipAdjustment.objects.get()
    assert adjustment.created_by == world.aco_staff
    record = AuditEntry.objects.get(action="results.adjustment.created")
    assert (record.actor, record.series_id, record.object_id) == (
        world.aco_staff,
        world.aco_series.pk,
        str(adjustment.pk),
    )
    assert record.after["points"] == "10.00" and record.after["competitor_key"] == "46"
    assert "created_by" not in record.after


def test_it_audits_a_change_with_the_fields_before_and_after(world: Any, lmp2: None) -> None:
    adjustment = factories.ChampionshipAdjustmentFactory(season=world.aco_season)
    response = client_for(world.aco_staff).post(f"{ADMIN}{adjustment.pk}/change/", form(world, points="7"))
    assert response.status_code == 302, response.content.decode()[:2000]
    record = AuditEntry.objects.get(action="results.adjustment.updated")
    assert (record.actor, record.before, record.after) == (world.aco_staff, {"points": "5.00"}, {"points": "7.00"})


def test_it_audits_deletions_one_by_one_and_in_bulk(world: Any, lmp2: None) -> None:
    first, second = (factories.ChampionshipAdjustmentFactory(season=world.aco_season) for _ in range(2))
    client = client_for(world.aco_staff)
    assert client.post(f"{ADMIN}{first.pk}/delete/", {"post": "yes"}).status_code == 302
    client.post(ADMIN, {"action": "delete_selected", "_selected_action": [second.pk], "post": "yes"})
    assert not ChampionshipAdjustment.objects.exists()
    assert actions() == ["results.adjustment.deleted", "results.adjustment.deleted"]
    assert AuditEntry.objects.filter(action="results.adjustment.deleted").first().before["reason"] == (
        "Technical infringement"
    )


def test_no_one_outside_the_series_staff_changes_or_audits_an_adjustment(world: Any, lmp2: None) -> None:
    adjustment = factories.ChampionshipAdjustmentFactory(season=world.aco_season)
    for user in (world.sro_staff, world.aco_steward, world.team_manager, world.outsider):
        response = client_for(user).post(f"{ADMIN}{adjustment.pk}/change/", form(world, points="50"))
        assert response.status_code in (302, 403), user
        client_for(user).post(f"{ADMIN}{adjustment.pk}/delete/", {"post": "yes"})
    assert ChampionshipAdjustment.objects.get(pk=adjustment.pk).points == 5
    assert actions() == []
