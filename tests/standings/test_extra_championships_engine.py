"""Extra championships in the pure engine: over some rounds, several classes, some entrants;
drivers or teams; the same scoring, explanation and title maths (no database, no Django)."""

from __future__ import annotations

import random
from dataclasses import replace
from decimal import Decimal

import pytest

from results.standings.engine import (
    CalendarRace,
    CompetitorKey,
    DriverRef,
    ExtraChampionship,
    Pole,
    RaceInput,
    RaceResult,
    ScoringRules,
    SeasonInput,
    TableLine,
    compute_season,
    compute_standings,
    compute_titles,
)
from tests.standings.test_title_brute import claimed_statuses, random_season
from tests.standings.title_oracle import TableId, brute_statuses, completions

D = Decimal
ACO = ScoringRules(scale=tuple(D(p) for p in (25, 18, 15, 12, 10, 8, 6, 4, 2, 1)), beyond_scale=D("0.5"), pole=D(1))


def car(
    number: str,
    class_position: int | None,
    overall: int | None,
    cls: str = "LMP2",
    cup: str = "",
    team: str | None = None,
    eligible: bool = True,
) -> RaceResult:
    return RaceResult(
        number=number,
        class_code=cls,
        cup_code=cup,
        team_key=CompetitorKey("team", team or f"t{number}"),
        team_name=f"Team {team or number}",
        drivers=(DriverRef(CompetitorKey("driver", f"d{number}"), f"Driver {number}"),),
        status="classified" if class_position is not None else "dnf",
        class_position=class_position,
        eligible=eligible,
        overall_position=overall,
    )


# Two classes, three races: LMP2 #1 #2 (#3 a guest), LMP3 #7 #8.
RACES = (
    RaceInput(
        1,
        1,
        "R1",
        (car("1", 1, 1), car("2", 2, 3), car("7", 1, 2, "LMP3"), car("8", 2, 4, "LMP3")),
        poles=(Pole("LMP2", "2"), Pole("LMP3", "8")),
    ),
    RaceInput(2, 2, "R2", (car("1", None, None), car("2", 1, 1), car("7", 2, 3, "LMP3"), car("8", 1, 2, "LMP3"))),
    RaceInput(
        3,
        3,
        "R3",
        (car("1", 1, 1), car("2", 3, 4), car("3", 2, 2, eligible=False), car("7", 1, 3, "LMP3")),
        poles=(Pole("LMP2", "3"), Pole("LMP3", "7")),
    ),
)


def season(*extras: ExtraChampionship, calendar: tuple[CalendarRace, ...] = ()) -> SeasonInput:
    return SeasonInput(rules=ACO, races=RACES, championships=extras, calendar=calendar)


def table(standings: list[TableLine], name: str, after_round: int) -> list[tuple[int, str, Decimal, str]]:
    return [
        (line.position, line.number, line.points, line.results)
        for line in standings
        if line.championship == name and line.after_round == after_round
    ]


def test_it_leaves_the_class_tables_as_they_were() -> None:
    plain = compute_standings(season())
    extra = ExtraChampionship("Overall", "teams", classes=("LMP2", "LMP3"))
    with_extra = compute_standings(season(extra))
    assert [line for line in with_extra if line.championship != "Overall"] == plain


def test_it_ranks_several_classes_together_in_the_order_they_finished() -> None:
    overall = ExtraChampionship("LMP2+LMP3", "teams", classes=("LMP2", "LMP3"))
    standings = compute_standings(season(overall))
    # R1 overall 1 7 2 8, the pole of LMP2 (its first class) to #2: 25, 18, 15 + 1, 12.
    assert table(standings, "LMP2+LMP3", 1) == [
        (1, "1", D(25), "1"),
        (2, "7", D(18), "2"),
        (3, "2", D(16), "3"),
        (4, "8", D(12), "4"),
    ]
    # R2 2 8 7, #1 Ret. R3 1 (the guest #3 left out) 7 2; the LMP2 pole is the guest's: nobody
    # has it, and the LMP3 pole of #7 is not this table's.
    assert table(standings, "LMP2+LMP3", 3) == [
        (1, "2", D(56), "3 1 3"),
        (2, "7", D(51), "2 3 2"),
        (3, "1", D(50), "1 Ret 1"),
        (4, "8", D(30), "4 2 -"),
    ]


def test_it_counts_only_the_rounds_of_its_subset_and_lists_only_their_results() -> None:
    japan = ExtraChampionship("Japan Cup", "drivers", classes=("LMP2",), rounds=frozenset({2, 3}))
    standings = compute_standings(season(japan))
    assert table(standings, "Japan Cup", 1) == []  # nobody has raced in it yet
    # R2: #2 1st, #1 Ret; R3: #1 1st, guest #3 left out, #2 2nd; no pole (the LMP2 pole car is the guest).
    assert table(standings, "Japan Cup", 3) == [(1, "2", D(43), "1 2"), (2, "1", D(25), "Ret 1")]


def test_it_scores_only_the_entrants_it_names() -> None:
    private = ExtraChampionship("Private teams", "teams", classes=("LMP2",), numbers=frozenset({"2"}))
    lines = table(compute_standings(season(private)), "Private teams", 3)
    # #2 alone: 1st in every race it finished, with the LMP2 pole of R1 (its own).
    assert lines == [(1, "2", D(25 + 1 + 25 + 25), "1 1 1")]


def test_it_scores_cups_and_gives_the_cup_its_class_pole_car_when_it_has_no_pole_of_its_own() -> None:
    races = (
        RaceInput(
            1,
            1,
            "R1",
            (car("1", 1, 1, cup="Pro"), car("2", 2, 2, cup="Am"), car("3", 3, 3, cup="Am")),
            poles=(Pole("LMP2", "3"),),
        ),
    )
    am = ExtraChampionship("Am trophy", "drivers", cups=("Am",))
    lines = table(compute_standings(SeasonInput(rules=ACO, races=races, championships=(am,))), "Am trophy", 1)
    assert lines == [(1, "2", D(25), "1"), (2, "3", D(19), "2")]


def test_it_scores_teams_with_their_best_cars_as_the_season_says() -> None:
    rules = replace(ACO, team_scoring="best_n_cars", team_best_n=2, pole=D(0))
    races = (
        RaceInput(
            1,
            1,
            "R1",
            (car("1", 1, 1, team="A"), car("2", 2, 2, team="B"), car("3", 3, 3, team="A"), car("4", 4, 4, team="A")),
        ),
    )
    cup = ExtraChampionship("Overall teams", "teams")
    lines = table(compute_standings(SeasonInput(rules=rules, races=races, championships=(cup,))), "Overall teams", 1)
    assert lines == [(1, "1/3", D(25 + 15), "1/3"), (2, "2", D(18), "2")]


def test_it_explains_a_total_with_its_own_races_only() -> None:
    japan = ExtraChampionship("Japan Cup", "teams", classes=("LMP2",), rounds=frozenset({2, 3}))
    result = compute_season(season(japan))
    line = next(
        line
        for line in result.lines
        if line.championship == "Japan Cup" and line.after_round == 3 and line.number == "2"
    )
    breakdown = line.breakdown.as_dict()
    assert [(race["label"], race["result"], race["points"]) for race in breakdown["races"]] == [
        ("R2", "1", "25"),
        ("R3", "2", "18"),
    ]
    assert breakdown["total"] == "43"


def test_it_refuses_several_classes_without_their_overall_order() -> None:
    races = (RaceInput(1, 1, "R1", (replace(car("1", 1, 1), overall_position=None), car("7", 1, 2, "LMP3"))),)
    overall = ExtraChampionship("Overall", "drivers", classes=("LMP2", "LMP3"))
    with pytest.raises(ValueError, match="overall_position"):
        compute_standings(SeasonInput(rules=ACO, races=races, championships=(overall,)))


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        (ExtraChampionship("drivers", "drivers"), "cannot be named"),
        (ExtraChampionship(" ", "drivers"), "needs a name"),
        (ExtraChampionship("Cup", "cars"), "unknown competitors"),
        (ExtraChampionship("Cup", "teams", rounds=frozenset({0})), "round must be >= 1"),
    ],
)
def test_it_refuses_a_championship_it_cannot_score(extra: ExtraChampionship, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        compute_standings(season(extra))


def test_it_refuses_two_championships_of_one_name() -> None:
    cup = ExtraChampionship("Cup", "teams")
    with pytest.raises(ValueError, match="same name"):
        compute_standings(season(cup, cup))


def test_it_counts_only_its_own_races_still_to_run_in_the_title_maths() -> None:
    sepang = ExtraChampionship("Sepang only", "teams", classes=("LMP2",), rounds=frozenset({1, 2}))
    calendar = tuple(CalendarRace(rnd) for rnd in range(1, 6))
    japan = ExtraChampionship("Later", "teams", classes=("LMP2",), rounds=frozenset({3, 5}))
    standings = season(sepang, japan, calendar=calendar)
    lines = compute_standings(standings)
    chances = {(c.after_round, c.championship, c.competitor_key.id): c for c in compute_titles(standings, lines)}
    # After round 2 the Sepang table is decided: #2 (16 + 25) ahead of #1 (25 + Ret).
    assert chances[(2, "Sepang only", "2")].status == "champion"
    assert chances[(2, "Sepang only", "1")].status == "out"
    assert chances[(2, "Sepang only", "2")].races_left == 0
    # The class table still has three races to run; "Later" two of them (rounds 3 and 5).
    assert chances[(2, "teams", "2")].races_left == 3
    assert chances[(3, "Later", "1")].races_left == 1
    assert chances[(3, "Later", "1")].available == D(26)


@pytest.mark.parametrize("seed", range(20))
def test_it_agrees_with_the_brute_force_over_a_subset_of_rounds_and_entrants(seed: int) -> None:
    rng = random.Random(1000 + seed)
    base, after_round, numbers, with_pole = random_season(rng)
    rounds = [race.round for race in base.calendar]
    chosen = frozenset(rng.sample(rounds, rng.randint(1, len(rounds))))
    entrants = frozenset(rng.sample(numbers, rng.randint(2, len(numbers))))
    kind = rng.choice(["drivers", "teams"])
    extra = ExtraChampionship("Cup", kind, classes=("P",), rounds=chosen, numbers=entrants)
    seasons = replace(base, championships=(extra,))
    claimed = claimed_statuses(seasons, after_round)
    competitors: dict[TableId, set[CompetitorKey]] = {}
    for table_id, key in claimed:
        competitors.setdefault(table_id, set()).add(key)
    brute = brute_statuses(list(completions(seasons, after_round, numbers, with_pole)), competitors)
    cup = {item: status for item, status in claimed.items() if item[0][0] == "Cup"}
    assert cup == {item: status for item, status in brute.items() if item[0][0] == "Cup"}


def test_it_gives_the_pole_point_of_its_first_class_only() -> None:
    lmp3_first = ExtraChampionship("LMP3 first", "teams", classes=("LMP3", "LMP2"), rounds=frozenset({1}))
    no_gt_pole = ExtraChampionship("GT first", "teams", classes=("GT", "LMP2"), rounds=frozenset({1}))
    standings = compute_standings(season(lmp3_first, no_gt_pole))
    # R1 overall 1 7 2 8: the LMP3 pole car #8 has its point in the first table; the first class
    # of the second has no pole, and the LMP2 pole does not stand in for it.
    assert table(standings, "LMP3 first", 1) == [
        (1, "1", D(25), "1"),
        (2, "7", D(18), "2"),
        (3, "2", D(15), "3"),
        (4, "8", D(13), "4"),
    ]
    assert [points for _, _, points, _ in table(standings, "GT first", 1)] == [D(25), D(18)]  # #2: no pole point


def test_it_scores_sro_sprint_and_endurance_cups_each_on_its_races_own_scale() -> None:
    sprint = replace(ACO, scale=tuple(D(p) for p in ("16.5", 12, "9.5", "7.5", 6, "4.5", 3, 2, 1, "0.5")), pole=D(1))
    endurance = replace(ACO, scale=tuple(D(p) for p in (33, 24, 19, 15, 12, 9, 6, 4, 2, 1)), pole=D(1))
    races = (
        RaceInput(1, 1, "R1", (car("1", 1, 1, "GT3"), car("2", 2, 2, "GT3")), rules=sprint),
        RaceInput(2, 2, "R2", (car("1", 2, 2, "GT3"), car("2", 1, 1, "GT3")), rules=endurance),
        RaceInput(3, 3, "R3", (car("1", 1, 1, "GT3"), car("2", 2, 2, "GT3")), rules=sprint),
    )
    calendar = tuple(CalendarRace(race.round, rules=race.rules) for race in races) + (CalendarRace(4, rules=endurance),)
    cups = (
        ExtraChampionship("Sprint Cup", "drivers", classes=("GT3",), rounds=frozenset({1, 3})),
        ExtraChampionship("Endurance Cup", "drivers", classes=("GT3",), rounds=frozenset({2, 4})),
    )
    season_input = SeasonInput(rules=ACO, races=races, calendar=calendar, championships=cups)
    standings = compute_standings(season_input)
    assert table(standings, "Sprint Cup", 3) == [(1, "1", D(33), "1 1"), (2, "2", D(24), "2 2")]
    assert table(standings, "Endurance Cup", 3) == [(1, "2", D(33), "1"), (2, "1", D(24), "2")]
    # The overall table is the class's, over every race: 16.5 + 24 + 16.5 against 12 + 33 + 12.
    assert [
        (line.number, line.points) for line in standings if line.championship == "drivers" and line.after_round == 3
    ] == [
        ("1", D(57)),
        ("2", D(57)),
    ]
    chances = {
        (c.championship, c.competitor_key.id): c for c in compute_titles(season_input, standings) if c.after_round == 3
    }
    # The Sprint Cup is decided; the Endurance Cup still has the 6-hour round 4 (33 + pole 1) on offer.
    assert chances[("Sprint Cup", "d1")].status == "champion"
    assert (chances[("Endurance Cup", "d1")].status, chances[("Endurance Cup", "d1")].available) == ("contender", D(34))
