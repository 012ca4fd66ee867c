"""Rules mean what the form says (issue 20): each rule set through the admin's points rules
form changes the standings as it says; the season's points factor doubles the season (it used
to change nothing: the engine read a factor only from a race's own rules). Every rule is in
the public API."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.forms.models import model_to_dict

from bench.synthetic import SyntheticSeason
from championships.admin import PointsRulesAdmin
from championships.models import Organisation
from championships.rules import PointsRules
from results.standings.models import StandingRow
from results.standings.services import recalculate_season
from tests import factories
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

# Every field of the admin's points rules form, as staff see it.
FIELDS = [name for _, options in PointsRulesAdmin.fieldsets for name in options["fields"]]


@pytest.fixture
def staff(synthetic: SyntheticSeason) -> Any:
    org = Organisation.objects.create(code="synth-org", name="Synthetic body")
    synthetic.season.series.governing_bodies.add(org)
    return client_for(factories.UserFactory(series_staff=True, organisation=org, username="synth_staff"))


def set_rules(staff: Any, season: Any, **changes: Any) -> None:
    """Change the season's rules through the admin form, then recalculate as the worker would."""
    rules = PointsRules.objects.get(season=season, race=None)
    data = {key: value for key, value in model_to_dict(rules, fields=FIELDS).items() if value is not None}
    data = {key: "on" if value is True else value for key, value in data.items() if value is not False}
    data.update(changes)
    data = {key: value for key, value in data.items() if value is not False}
    response = staff.post(f"/admin/championships/pointsrules/{rules.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    recalculate_season(season.id, force=True)


def totals(season: Any, championship: str = "drivers") -> dict[tuple[str, str], Decimal]:
    last = StandingRow.objects.filter(season=season).order_by("-after_round").values_list("after_round", flat=True)[0]
    rows = StandingRow.objects.filter(season=season, championship=championship, after_round=last, cup_code="")
    return {(row.class_code, row.competitor_key): Decimal(row.points) for row in rows}


def test_it_doubles_every_total_when_the_seasons_points_factor_is_two(synthetic: SyntheticSeason, staff: Any) -> None:
    season = synthetic.season
    set_rules(staff, season, pole="0")
    single = totals(season)
    set_rules(staff, season, pole="0", points_factor="2")
    doubled = totals(season)
    assert any(points > 0 for points in single.values())
    assert doubled == {key: points * 2 for key, points in single.items()}


@pytest.mark.parametrize(
    "base, change",
    [
        ({}, {"scale": "10 5 1"}),
        # Beyond a two-place scale, so that the cars past it score.
        ({"scale": "25 18"}, {"beyond_scale": "0"}),
        ({}, {"pole": "5"}),
        ({}, {"points_factor": "0.5"}),
        ({}, {"best_results": "2"}),
        ({}, {"non_scoring_classes": "C2"}),
    ],
    ids=["scale", "beyond_scale", "pole", "points_factor", "best_results", "non_scoring_classes"],
)
def test_it_changes_the_standings_for_each_rule_set_in_the_admin(
    synthetic: SyntheticSeason, staff: Any, base: dict[str, str], change: dict[str, str]
) -> None:
    season = synthetic.season
    set_rules(staff, season, **base)
    before = totals(season)
    set_rules(staff, season, **base, **change)
    assert totals(season) != before


def test_it_publishes_every_rule_in_the_api(client: Any, synthetic: Any) -> None:
    rules = client.get("/api/v1/series/synth/seasons/2023/").json()["points_rules"]
    editable = set(FIELDS) - {"season", "race"}
    assert editable <= set(rules)
