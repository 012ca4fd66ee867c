"""Drive-time rules edited in the admin: series staff of their own series only, audited, checked."""

from __future__ import annotations

from typing import Any

import pytest

from championships.models import AuditEntry
from results.classifications.lap_models import DriveTimeRule
from tests import factories
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

ADMIN = "/admin/results/drivetimerule/"
FORM = {"fia_category": "", "counted": "lap_times", "consequence": "driver_no_points", "penalty_seconds": "0",
        "penalty_laps": "0"}  # fmt: skip


def test_it_audits_a_rule_added_in_the_admin(world: Any) -> None:
    gt = factories.RacingClassFactory(season=world.sro_season, code="GT3")
    response = client_for(world.sro_staff).post(
        f"{ADMIN}add/",
        {**FORM, "season": world.sro_season.pk, "racing_class": gt.pk, "fia_category": "bronze", "minimum_min": "75"},
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    rule = DriveTimeRule.objects.get()
    assert (rule.racing_class, rule.fia_category, rule.minimum_min) == (gt, "bronze", 75)
    record = AuditEntry.objects.get(action="results.drive_time_rule.created")
    assert (record.actor, record.series_id, record.after["minimum_min"]) == (world.sro_staff, world.sro_series.pk, 75)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({}, "Give a minimum, a maximum, or use the qualifying file"),
        ({"minimum_min": "60", "maximum_min": "30"}, "The maximum cannot be below the minimum."),
        ({"minimum_min": "60", "consequence": "time"}, "Give the time added."),
    ],
)
def test_it_refuses_a_rule_that_makes_no_sense(world: Any, changes: dict[str, str], message: str) -> None:
    response = client_for(world.sro_staff).post(f"{ADMIN}add/", {**FORM, "season": world.sro_season.pk, **changes})

    assert response.status_code == 200 and message in response.content.decode()
    assert not DriveTimeRule.objects.exists()


def test_it_refuses_a_second_rule_for_the_same_drivers(world: Any) -> None:
    DriveTimeRule.objects.create(season=world.sro_season, minimum_min=60)
    response = client_for(world.sro_staff).post(
        f"{ADMIN}add/", {**FORM, "season": world.sro_season.pk, "minimum_min": "50"}
    )
    assert "already has a rule for this class and category" in response.content.decode()
    assert DriveTimeRule.objects.count() == 1


def test_staff_of_another_series_cannot_see_or_change_the_rules(world: Any) -> None:
    rule = DriveTimeRule.objects.create(season=world.sro_season, minimum_min=60)
    aco = client_for(world.aco_staff)

    assert aco.get(f"{ADMIN}{rule.pk}/change/").status_code in (302, 404)
    response = aco.post(f"{ADMIN}add/", {**FORM, "season": world.sro_season.pk, "minimum_min": "1"})
    assert response.status_code == 200  # the season is not among their choices
    assert DriveTimeRule.objects.count() == 1 and not AuditEntry.objects.filter(action__startswith="results.drive")
