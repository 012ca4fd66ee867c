"""Points rules are checked once (championships.points_check): the admin and the engine refuse alike."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from championships.models import PointsRules, TeamScoring, TieBreak
from championships.points_check import TEAM_SCORING, TIE_BREAKS, points_rules_problems
from results.standings.engine.types import ScoringRules as EngineRules

D = Decimal
GOOD_ENGINE_RULES = EngineRules(scale=(D(25), D(18), D(15)), beyond_scale=D("0.5"), pole=D(1))
GOOD_FORM = {
    "scale": "25 18 15",
    "beyond_scale": "0.5",
    "pole": "1",
    "points_factor": "1",
    "classification_min_share": "0.70",
    "min_drive_time_min": "0",
    "team_scoring": "per_car",
    "team_best_n": "2",
    "best_results": "0",
    "tie_break": "countback",
    "qualifying_sets": "all_races_of_event",
    "disqualified_keeps_pole": "on",  # the defaults (an unticked box posts nothing)
    "double_duty_allowed": "on",
}

# (field, what the admin form receives, the same rule as the engine's dataclass)
BAD_RULES = [
    ("scale", {"scale": "18 25"}, {"scale": (D(18), D(25))}),
    ("scale", {"scale": "25 -1 0"}, {"scale": (D(25), D(-1), D(0))}),
    ("beyond_scale", {"scale": "25 18 1", "beyond_scale": "2"}, {"scale": (D(25), D(18), D(1)), "beyond_scale": D(2)}),
    ("beyond_scale", {"beyond_scale": "-0.5"}, {"beyond_scale": D("-0.5")}),
    ("pole", {"pole": "-1"}, {"pole": D(-1)}),
    (
        "team_best_n",
        {"team_scoring": "best_n_cars", "team_best_n": "0"},
        {"team_scoring": "best_n_cars", "team_best_n": 0},
    ),
]


def engine_message(changes: dict[str, Any]) -> str:
    with pytest.raises(ValueError) as error:
        replace(GOOD_ENGINE_RULES, **changes).validate()
    return str(error.value)


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "form_changes", "engine_changes"), BAD_RULES)
def test_it_refuses_a_bad_rule_in_the_admin_with_the_engines_message(
    world: Any, field: str, form_changes: dict[str, str], engine_changes: dict[str, Any]
) -> None:
    client = Client()
    client.force_login(world.sro_staff)
    data = {**GOOD_FORM, "season": str(world.sro_season.pk), **form_changes}
    response = client.post("/admin/championships/pointsrules/add/", data)
    assert response.status_code == 200  # the form again, with its errors
    errors = response.context["adminform"].form.errors
    assert errors == {field: [engine_message(engine_changes)]}
    assert not PointsRules.objects.exists()


@pytest.mark.django_db
def test_it_accepts_the_good_rule_in_the_admin_and_in_the_engine(world: Any) -> None:
    client = Client()
    client.force_login(world.sro_staff)
    response = client.post("/admin/championships/pointsrules/add/", {**GOOD_FORM, "season": str(world.sro_season.pk)})
    assert response.status_code == 302
    assert PointsRules.objects.get().scale_values == GOOD_ENGINE_RULES.scale
    GOOD_ENGINE_RULES.validate()


def test_it_reports_every_bad_field_at_once() -> None:
    problems = points_rules_problems(
        scale=(D(18), D(25)),
        beyond_scale=D(-1),
        pole=0.5,
        best_results=True,
        tie_break="coin toss",
        team_scoring="per_car",
        team_best_n=0,
        guests_score="no",
    )
    assert list(problems) == ["scale", "beyond_scale", "pole", "best_results", "tie_break", "guests_score"]
    assert problems["pole"] == "The pole points must be a Decimal, got float 0.5"
    assert problems["tie_break"] == "The rules give an unknown tie_break 'coin toss' (known: countback)"


def test_it_refuses_a_scale_value_that_is_not_a_finite_number() -> None:
    assert engine_message({"scale": (D(25), D("NaN"))}) == (
        "The points scale value for place 2 must be a finite number, got NaN"
    )


def test_it_offers_in_the_admin_exactly_the_tie_breaks_and_team_scorings_the_check_knows() -> None:
    assert tuple(TieBreak.values) == TIE_BREAKS
    assert tuple(TeamScoring.values) == TEAM_SCORING
