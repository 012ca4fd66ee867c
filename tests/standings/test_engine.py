"""Golden tests of the pure standings engine (no database, no Django)."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

import pytest

from results.standings.engine import (
    Adjustment,
    CompetitorKey,
    DriverRef,
    Pole,
    RaceInput,
    RaceResult,
    ScoringRules,
    SeasonInput,
    TableLine,
    compute_standings,
    format_points,
)

D = Decimal
ACO = ScoringRules(
    scale=tuple(D(p) for p in (25, 18, 15, 12, 10, 8, 6, 4, 2, 1)),
    beyond_scale=D("0.5"),
    pole=D(1),
)
GTWC_ASIA = ScoringRules(
    scale=tuple(D(p) for p in (25, 18, 15, 12, 10, 8, 6, 4, 2, 1)),
    team_scoring="best_n_cars",
    team_best_n=2,
)
TEAMS = {
    "8": "Graff Racing",
    "29": "MV2S Racing",
    "3": "DKR Engineering",
    "13": "Inter Europol",
    "17": "CD Sport",
    "21": "Koiranen",
}


def driver(key: str, name: str, scores: bool = True) -> DriverRef:
    return DriverRef(CompetitorKey("driver", key), name, scores)


def row(
    number: str,
    position: int | None,
    status: str = "classified",
    *,
    cls: str = "LMP3",
    cup: str = "",
    team_key: str | None = None,
    drivers: tuple[DriverRef, ...] | None = None,
    eligible: bool = True,
) -> RaceResult:
    team = TEAMS.get(number, f"Team {number}")
    return RaceResult(
        number=number,
        class_code=cls,
        cup_code=cup,
        team_key=CompetitorKey("team", team_key or team.lower()),
        team_name=team,
        drivers=drivers or (driver(f"d{number}a", f"Driver {number}A"),),
        status=status,
        class_position=position if status == "classified" else None,
        eligible=eligible,
    )


def finishing(numbers: str, **kwargs: object) -> tuple[RaceResult, ...]:
    """Classified rows in class order from '8 29 3'."""
    return tuple(
        row(n, i, **kwargs)  # type: ignore[arg-type]
        for i, n in enumerate(numbers.split(), start=1)
    )


def race(
    rnd: int,
    rows: tuple[RaceResult, ...],
    *,
    poles: tuple[Pole, ...] = (),
    factor: Decimal = Decimal(1),
    race_id: int | None = None,
) -> RaceInput:
    return RaceInput(
        race_id=race_id if race_id is not None else rnd,
        round=rnd,
        label=f"R{rnd}",
        rows=rows,
        points_factor=factor,
        poles=poles,
    )


def table(
    rows: list[TableLine],
    after_round: int,
    championship: str = "teams",
    cls: str = "LMP3",
    cup: str = "",
) -> dict[str, TableLine]:
    # Keyed by the competitor's id: a car number, a driver or a team of these tests.
    return {
        r.competitor_key.id: r
        for r in rows
        if (r.after_round, r.championship, r.class_code, r.cup_code) == (after_round, championship, cls, cup)
    }


def aslms_2023_lmp3() -> SeasonInput:
    # Invented placings that reproduce the real outcome: #8 Graff and #29 MV2S level
    # on 73 points, one win each, Graff champion on more 2nd places.
    return SeasonInput(
        rules=ACO,
        races=(
            race(1, finishing("8 29 3 13 17 21"), poles=(Pole("LMP3", "8"),)),
            race(2, finishing("29 8 13 3 21") + (row("17", None, "dnf"),), poles=(Pole("LMP3", "3"),)),
            race(3, finishing("3 8 29 13 17 21"), poles=(Pole("LMP3", "8"),)),
            race(4, finishing("13 3 29 21 8 17"), poles=(Pole("LMP3", "13"),)),
        ),
    )


def test_it_breaks_the_aslms_2023_lmp3_tie_on_second_places() -> None:
    final = table(compute_standings(aslms_2023_lmp3()), after_round=4)

    graff, mv2s = final["8"], final["29"]
    assert (graff.position, graff.points, graff.results) == (1, D(73), "1 2 2 5")
    assert (mv2s.position, mv2s.points, mv2s.results) == (2, D(73), "2 1 3 3")
    assert graff.wins == mv2s.wins == 1
    assert not graff.tied and not mv2s.tied
    assert graff.breakdown.tie_break == "countback: 2nd places 2 vs 1 (ahead of MV2S Racing)"
    assert mv2s.breakdown.tie_break == "countback: 2nd places 1 vs 2 (behind Graff Racing)"
    assert graff.breakdown.countback[:2] == (1, 2)
    assert [r.score.pole_points for r in graff.breakdown.races] == [D(1), D(0), D(1), D(0)]
    # DKR 15 + 12 + 25 + 18 + 1 pole = 71; Inter Europol 12 + 15 + 12 + 25 + 1 pole = 65.
    assert (final["3"].position, final["3"].points) == (3, D(71))
    assert (final["13"].position, final["13"].points) == (4, D(65))
    assert final["17"].results == "5 Ret 5 6"
    drivers = table(compute_standings(aslms_2023_lmp3()), 4, "drivers")
    assert drivers["d8a"].position == 1 and drivers["d29a"].position == 2
    assert drivers["d8a"].points == drivers["d29a"].points == D(73)


def test_it_passes_a_guest_winners_points_to_the_next_eligible_car() -> None:
    rows = (row("99", 1, eligible=False), row("8", 2), row("29", 3))
    season = SeasonInput(rules=ACO, races=(race(1, rows, poles=(Pole("LMP3", "99"),)),))

    final = table(compute_standings(season), 1)
    assert set(final) == {"8", "29"}  # the guest is not in the championship
    assert (final["8"].points, final["8"].results, final["8"].wins) == (D(25), "1", 1)
    assert final["29"].points == D(18)  # class 3rd, 2nd eligible car
    assert final["8"].breakdown.races[0].score.pole_points == 0  # guest pole: nobody gets it

    guests_score = replace(season, rules=replace(ACO, guests_score=True))
    with_guest = table(compute_standings(guests_score), 1)
    assert with_guest["99"].points == D(26) and with_guest["8"].points == D(18)


def test_it_quarters_beyond_scale_points_in_a_half_points_race() -> None:
    numbers = " ".join(str(n) for n in range(101, 113))  # 12 eligible classified cars
    half = race(1, finishing(numbers), poles=(Pole("LMP3", "101"),), factor=D("0.5"))

    final = table(compute_standings(SeasonInput(rules=ACO, races=(half,))), 1)
    # Pole is not halved: 12.5 + 1.
    assert final["101"].points == D("13.5")
    assert final["102"].points == D(9)
    assert final["110"].points == D("0.5")
    assert final["111"].points == D("0.25") and final["112"].points == D("0.25")
    assert format_points(final["111"].points) == "0.25"
    assert (final["111"].position, final["112"].position) == (11, 12)


def test_it_gives_the_pole_point_to_a_car_that_retired_or_was_disqualified() -> None:
    r1 = race(1, finishing("29 3") + (row("8", None, "dnf"),), poles=(Pole("LMP3", "8"),))
    r2 = race(2, finishing("29 3") + (row("8", None, "dsq"),), poles=(Pole("LMP3", "8"),))
    r3 = race(3, finishing("29 3") + (row("8", None, "ex"),), poles=(Pole("LMP3", "8"),))

    final = table(compute_standings(SeasonInput(rules=ACO, races=(r1, r2, r3))), 3)
    assert final["8"].points == D(3)
    assert final["8"].results == "Ret DSQ EX"
    assert [r.score.pole_points for r in final["8"].breakdown.races] == [D(1), D(1), D(1)]


def test_it_takes_the_pole_point_from_a_disqualified_car_when_the_season_says_so() -> None:
    rules = replace(ACO, disqualified_keeps_pole=False)
    r1 = race(1, finishing("29 3") + (row("8", None, "dnf"),), poles=(Pole("LMP3", "8"),))
    r2 = race(2, finishing("29 3") + (row("8", None, "dsq"),), poles=(Pole("LMP3", "8"),))
    r3 = race(3, finishing("29 3") + (row("8", None, "ex"),), poles=(Pole("LMP3", "8"),))

    final = table(compute_standings(SeasonInput(rules=rules, races=(r1, r2, r3))), 3)
    assert final["8"].points == D(1)
    assert [r.score.pole_points for r in final["8"].breakdown.races] == [D(1), D(0), D(0)]


def test_it_follows_a_race_override_of_the_pole_rule() -> None:
    strict = replace(ACO, disqualified_keeps_pole=False)
    r1 = race(1, finishing("29 3") + (row("8", None, "dsq"),), poles=(Pole("LMP3", "8"),))
    r2 = replace(race(2, finishing("29 3") + (row("8", None, "dsq"),), poles=(Pole("LMP3", "8"),)), rules=strict)

    final = table(compute_standings(SeasonInput(rules=ACO, races=(r1, r2))), 2)
    assert [r.score.pole_points for r in final["8"].breakdown.races] == [D(1), D(0)]


def test_it_drops_the_worst_results_when_only_the_best_n_count() -> None:
    rules = replace(ACO, best_results=2, pole=D(0))
    races = (race(1, finishing("8 29")), race(2, finishing("29 3 8")), race(3, finishing("29 8")))

    rows = compute_standings(SeasonInput(rules=rules, races=races))
    graff = table(rows, 3)["8"]
    assert graff.points == D(43)  # 25 + 18 counted, 15 dropped
    assert graff.breakdown.dropped_rounds == (2,)
    assert graff.breakdown.dropped_points == D(15)
    assert graff.breakdown.countback == (1, 1, 1)  # the dropped 3rd still counts back
    assert table(rows, 2)["8"].points == D(40)  # two results: nothing dropped yet


def test_it_applies_a_deduction_from_its_round_on() -> None:
    races = (race(1, finishing("8 29")), race(2, finishing("8 29")))
    deduction = Adjustment("teams", "LMP3", "", CompetitorKey("car", "8"), "deduction", D(10), 2, "unsafe release")

    rows = compute_standings(SeasonInput(rules=ACO, races=races, adjustments=(deduction,)))
    assert table(rows, 1)["8"].points == D(25)
    after = table(rows, 2)["8"]
    assert after.points == D(40) and after.breakdown.counted_points == D(50)
    assert after.breakdown.adjustments[0].reason == "unsafe release"
    assert table(rows, 2, "drivers")["d8a"].points == D(50)  # teams only


def test_it_ranks_a_disqualified_competitor_last_but_keeps_its_points() -> None:
    races = (race(1, finishing("8 29 3")),)
    dq = Adjustment("teams", "LMP3", "", CompetitorKey("car", "8"), "disqualified", after_round=1)

    final = table(compute_standings(SeasonInput(rules=ACO, races=races, adjustments=(dq,))), 1)
    assert [(k, r.position, r.points) for k, r in sorted(final.items(), key=lambda i: i[1].position)] == [
        ("29", 1, D(18)),
        ("3", 2, D(15)),
        ("8", 3, D(25)),
    ]
    assert final["8"].status == "disqualified"


def test_it_excludes_a_competitor_with_no_points_ranked_last() -> None:
    races = (race(1, finishing("8 29 3")), race(2, finishing("8 29 3")))
    ex = Adjustment("drivers", "LMP3", "", CompetitorKey("driver", "d29a"), "excluded", after_round=2, reason="appeal")

    rows = compute_standings(SeasonInput(rules=ACO, races=races, adjustments=(ex,)))
    assert table(rows, 1, "drivers")["d29a"].points == D(18)
    excluded = table(rows, 2, "drivers")["d29a"]
    assert (excluded.position, excluded.points, excluded.status) == (3, D(0), "excluded")
    assert excluded.breakdown.counted_points == D(36)
    assert table(rows, 2, "drivers")["d3a"].position == 2


def test_it_scores_gtwc_asia_teams_with_their_best_two_cars() -> None:
    def gt3(number: str, position: int, team: str) -> RaceResult:
        return row(number, position, cls="GT3", team_key=team)

    r1 = race(1, (gt3("1", 1, "a"), gt3("7", 2, "b"), gt3("2", 3, "a"), gt3("3", 4, "a")))
    r2 = race(2, (gt3("3", 1, "a"), gt3("7", 2, "b"), gt3("1", 3, "a"), gt3("2", 4, "a")))

    final = table(compute_standings(SeasonInput(rules=GTWC_ASIA, races=(r1, r2))), 2, cls="GT3")
    assert set(final) == {"a", "b"}
    assert final["a"].points == D(80)  # (25 + 15) + (25 + 15)
    assert final["b"].points == D(36)
    assert final["a"].results == "1/3 1/3"
    assert final["a"].number == "1/2/3"
    assert final["a"].breakdown.races[0].score.note == "cars counted: #1, #2; not counted: #3"
    assert final["a"].wins == 2


def test_it_reranks_cup_championships_within_the_cup() -> None:
    rows = (
        row("77", 1, cls="GT3", cup="Pro-Am"),
        row("88", 2, cls="GT3", cup="Am"),
        row("99", 3, cls="GT3", cup="Am", eligible=False),
        row("66", 4, cls="GT3", cup="Pro-Am"),
        row("55", 5, cls="GT3", cup="Am"),
    )
    season = SeasonInput(rules=ACO, races=(race(1, rows, poles=(Pole("GT3", "88"),)),))

    out = compute_standings(season)
    am = table(out, 1, cls="GT3", cup="Am")
    assert set(am) == {"88", "55"}
    assert (am["88"].points, am["88"].results) == (D(26), "1")  # class pole counts in its cup
    assert (am["55"].points, am["55"].results) == (D(18), "2")
    pro_am = table(out, 1, cls="GT3", cup="Pro-Am")
    assert (pro_am["66"].points, pro_am["66"].results) == (D(18), "2")
    overall = table(out, 1, cls="GT3")
    assert (overall["88"].points, overall["55"].points) == (D(19), D(12))


def test_it_scores_only_drivers_who_drove_and_may_score() -> None:
    alice, bob, carl = (
        driver("alice", "Alice"),
        driver("bob", "Bob"),
        driver("carl", "Carl"),
    )
    slow = driver("dan", "Dan", scores=False)
    r1 = race(1, (row("8", 1, drivers=(alice, bob)), row("29", 2, drivers=(slow,))))
    r2 = race(2, (row("8", 1, drivers=(alice, carl)), row("29", 2, drivers=(slow,))))

    final = table(compute_standings(SeasonInput(rules=ACO, races=(r1, r2))), 2, "drivers")
    assert (final["alice"].points, final["alice"].results) == (D(50), "1 1")
    assert (final["bob"].points, final["bob"].results) == (D(25), "1 -")
    assert (final["carl"].points, final["carl"].results) == (D(25), "- 1")
    assert (final["dan"].points, final["dan"].results, final["dan"].wins) == (D(0), "2 2", 0)
    assert final["dan"].breakdown.races[0].score.note == "drove but does not score"
    assert final["alice"].number == "8"


def test_it_recomputes_to_identical_rows_whatever_the_race_order() -> None:
    season = aslms_2023_lmp3()
    shuffled = replace(season, races=tuple(reversed(season.races)))

    first, second, third = (compute_standings(s) for s in (season, season, shuffled))
    assert first == second == third
    assert [r.breakdown.as_dict() for r in first] == [r.breakdown.as_dict() for r in third]


def test_it_produces_a_full_table_after_every_round() -> None:
    rows = compute_standings(aslms_2023_lmp3())

    assert sorted({r.after_round for r in rows}) == [1, 2, 3, 4]
    assert len(table(rows, 1)) == 6
    assert len(rows) == 4 * (6 + 6)  # 6 cars, one driver each: teams + drivers
    after_one = table(rows, 1)
    assert (after_one["8"].points, after_one["8"].results) == (D(26), "1")
    assert table(rows, 2)["8"].results == "1 2"


def test_it_shares_a_position_that_countback_cannot_split() -> None:
    races = (race(1, finishing("8 29 3")), race(2, finishing("29 8 3")))

    final = table(compute_standings(SeasonInput(rules=replace(ACO, pole=D(0)), races=races)), 2)
    assert [(final[k].position, final[k].points) for k in ("29", "8", "3")] == [
        (1, D(43)),
        (1, D(43)),
        (3, D(30)),
    ]
    assert final["8"].tied and final["29"].tied and not final["3"].tied
    assert final["8"].breakdown.tie_break == ("countback: level with MV2S Racing on every place, position shared")


def test_it_serialises_the_breakdown_to_json() -> None:
    graff = table(compute_standings(aslms_2023_lmp3()), 4)["8"]

    data = json.loads(json.dumps(graff.breakdown.as_dict()))
    assert data["total"] == "73"
    assert data["races"][0] == {
        "round": 1,
        "race_id": 1,
        "label": "R1",
        "number": "8",
        "result": "1",
        "race_points": "25",
        "pole_points": "1",
        "points": "26",
        "counted": True,
        "note": "",
    }
    assert data["countback"] == [1, 2, 0, 0, 1]


@pytest.mark.parametrize(
    ("value", "text"),
    [(D(39), "39"), (D("62.50"), "62.5"), (D("0.25"), "0.25"), (D("1E+1"), "10"), (D("0.00"), "0")],
)
def test_it_formats_points_without_trailing_zeros(value: Decimal, text: str) -> None:
    assert format_points(value) == text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"scale": ()}, "points scale is empty"),
        ({"scale": (D(25), D(-1))}, "points scale value for place 2 must not be negative"),
        ({"scale": (D(18), D(25))}, "points scale must not increase: place 2 (25) > place 1 (18)"),
        ({"scale": (D(25), 18.0)}, "must be a Decimal, got float"),
        ({"pole": D(-1)}, "pole points must not be negative"),
        (
            {"beyond_scale": D(2)},
            "beyond_scale points (2) must not exceed the last scale value (1)",
        ),
        ({"tie_break": "coin toss"}, "unknown tie_break 'coin toss'"),
        ({"best_results": -1}, "best_results (0 = all results count) must be >= 0"),
        ({"team_scoring": "all_cars"}, "unknown team_scoring 'all_cars'"),
        ({"team_scoring": "best_n_cars", "team_best_n": 0}, "team_best_n (with team_scoring"),
    ],
)
def test_it_refuses_invalid_rules_with_a_clear_message(changes: dict[str, object], message: str) -> None:
    rules = replace(ACO, **changes)  # type: ignore[arg-type]

    with pytest.raises(ValueError) as error:
        rules.validate()
    assert message in str(error.value)
    with pytest.raises(ValueError):
        compute_standings(SeasonInput(rules=rules, races=(race(1, finishing("8")),)))


def test_it_refuses_inconsistent_race_data() -> None:
    no_position = race(1, (replace(row("8", 1), class_position=None),))
    missing_pole = race(1, finishing("8"), poles=(Pole("LMP3", "29"),))
    twice = race(1, finishing("8 8"))

    for bad, message in (
        (no_position, "car #8: class_position must be an integer"),
        (missing_pole, "pole car #29 is not in the results"),
        (twice, "car #8 appears twice"),
    ):
        with pytest.raises(ValueError, match=message):
            compute_standings(SeasonInput(rules=ACO, races=(bad,)))
