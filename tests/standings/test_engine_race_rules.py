"""The pure engine with a race's own rules: classes that do not score there, the pole point passed on."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from results.standings.engine import Pole, RaceInput, ScoringRules, SeasonInput, TableLine, compute_standings
from tests.standings.test_engine import ACO, row

D = Decimal
PASSING = replace(ACO, pole_to_best_eligible=True)


def teams(lines: list[TableLine], cls: str, cup: str = "") -> dict[str, Decimal]:
    return {
        line.number: line.points
        for line in lines
        if line.championship == "teams" and line.class_code == cls and line.cup_code == cup
    }


def race(rows: tuple, poles: tuple = (), rules: ScoringRules | None = None) -> RaceInput:  # type: ignore[type-arg]
    return RaceInput(race_id=1, round=1, label="R1", rows=rows, poles=poles, rules=rules)


def test_it_scores_nothing_for_a_class_that_does_not_score_at_the_race_but_shows_its_results() -> None:
    rules = replace(ACO, non_scoring_classes=frozenset({"LMP2"}))
    rows = (row("8", 1, cls="LMP3"), row("22", 1, cls="LMP2"), row("23", 2, cls="LMP2"))
    lines = compute_standings(SeasonInput(rules=ACO, races=(race(rows, (Pole("LMP2", "22"),), rules),)))
    assert teams(lines, "LMP2") == {"22": D(0), "23": D(0)}
    assert teams(lines, "LMP3") == {"8": D(25)}
    assert {line.results for line in lines if line.class_code == "LMP2"} == {"1", "2"}


def test_it_passes_the_pole_point_of_an_ineligible_car_in_session_order() -> None:
    rows = (row("8", 1, eligible=False), row("29", 2), row("3", 3))
    pole = Pole("LMP3", "8", order=("8", "3", "29"))  # #3 was second in the session, #29 third
    lines = compute_standings(SeasonInput(rules=PASSING, races=(race(rows, (pole,)),)))
    assert teams(lines, "LMP3") == {"29": D(25), "3": D(18) + 1}
    # Off (the default): the point is lost.
    lines = compute_standings(SeasonInput(rules=ACO, races=(race(rows, (pole,)),)))
    assert teams(lines, "LMP3") == {"29": D(25), "3": D(18)}


def test_it_does_not_pass_a_class_pole_of_another_cups_eligible_car_to_this_cup() -> None:
    rows = (row("8", 1, cup="Pro"), row("29", 2, cup="Am"), row("3", 3, cup="Am"))
    pole = Pole("LMP3", "8", order=("8", "3", "29"))
    lines = compute_standings(SeasonInput(rules=PASSING, races=(race(rows, (pole,)),)))
    assert teams(lines, "LMP3", "Am") == {"29": D(25), "3": D(18)}
    assert teams(lines, "LMP3", "Pro") == {"8": D(26)}
