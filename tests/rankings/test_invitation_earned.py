"""An invitation is "earned" only by a competitor eligible under its rule with points (issue 20:
the public page said a GT invitation was earned by a car with 0 points)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from bench.synthetic import build_season
from championships.models import Organisation
from results.classifications.models import ClassificationVersion, DerivedRow
from results.classifications.qualifying_models import RacePole
from results.rankings.models import InvitationAward, InvitationRule
from results.rankings.services import invitations_award
from results.standings.models import StandingRow
from results.standings.services import recalculate_season
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def gt_round_without_points() -> Any:
    """Round 1 of 2 run, both GT cars retired (no points, no pole): a table of 0-point lines."""
    season = build_season(races=2, cars=2, classes=1, code="gtinv").season
    ClassificationVersion.objects.filter(race__season=season, race__round=2).delete()
    RacePole.objects.filter(race__season=season).delete()
    DerivedRow.objects.filter(version__race__season=season).update(class_position=None, status="dnf")
    recalculate_season(season.id, force=True)
    org = Organisation.objects.create(code="gtinv-org", name="GT body")
    season.series.governing_bodies.add(org)
    return season


def test_it_shows_no_invitation_earned_by_a_car_without_points(client: Client, gt_round_without_points: Any) -> None:
    season = gt_round_without_points
    InvitationRule.objects.create(season=season, label="GT champion", class_code="C1", positions=1)
    # The table has a first place, with 0 points.
    assert StandingRow.objects.filter(season=season, championship="teams", position=1, points=0).exists()

    body = client.get("/seasons/gtinv/2023/invitations/").content.decode()

    assert "GT champion" in body
    assert "1. gtinv team" not in body and "(0 pt)" not in body
    assert "nobody yet: no eligible competitor has scored" in body


def test_it_refuses_to_award_an_invitation_nobody_has_earned(gt_round_without_points: Any) -> None:
    season = gt_round_without_points
    staff = factories.UserFactory(series_staff=True, organisation=season.series.governing_bodies.get(), username="s1")
    rule = InvitationRule.objects.create(season=season, label="GT champion", class_code="C1", positions=1)

    with pytest.raises(ValidationError, match="GT champion: no eligible competitor has scored a point yet"):
        invitations_award(rule, staff, override_reason="round 2 not run, award anyway")
    assert InvitationAward.objects.count() == 0
