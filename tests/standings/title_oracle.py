"""Brute force for the title maths: run the standings engine on every completion of the
remaining races and see who ends up first (the oracle the title tests compare with)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import replace

from results.standings.engine import (
    CompetitorKey,
    DriverRef,
    Pole,
    RaceInput,
    RaceResult,
    SeasonInput,
    TableLine,
    compute_standings,
    compute_titles,
)

TableId = tuple[str, str, str]  # championship, class, cup


def car_row(number: str, position: int | None, cls: str = "P", eligible: bool = True) -> RaceResult:
    """Car ``number`` with one driver of its own, classified at ``position`` or retired (None)."""
    return RaceResult(
        number=number,
        class_code=cls,
        cup_code="",
        team_key=CompetitorKey("team", f"t{number}"),
        team_name=f"Team {number}",
        drivers=(DriverRef(CompetitorKey("driver", f"d{number}"), f"Driver {number}"),),
        status="classified" if position is not None else "dnf",
        class_position=position,
        eligible=eligible,
    )


def race_outcomes(
    numbers: Sequence[str], with_pole: bool, cls: str = "P"
) -> Iterator[tuple[tuple[RaceResult, ...], tuple[Pole, ...]]]:
    """Every result of one race: any ordered subset of the cars classified (the others retire),
    the pole to any car or to nobody."""
    poles: list[str | None] = [None, *numbers] if with_pole else [None]
    for size in range(len(numbers) + 1):
        for classified in itertools.permutations(numbers, size):
            rows = tuple(car_row(n, classified.index(n) + 1 if n in classified else None, cls) for n in numbers)
            for pole in poles:
                yield rows, (Pole(cls, pole),) if pole else ()


def completions(
    season: SeasonInput, after_round: int, numbers: Sequence[str], with_pole: bool
) -> Iterator[SeasonInput]:
    """The season with every possible result of each calendar race after ``after_round``."""
    scored = tuple(race for race in season.races if race.round <= after_round)
    remaining = [race for race in season.calendar if race.round > after_round]
    per_race = [list(race_outcomes(numbers, with_pole)) for _ in remaining]
    for outcome in itertools.product(*per_race):
        races = tuple(
            RaceInput(
                race_id=1000 + calendar_race.round,
                round=calendar_race.round,
                label=f"R{calendar_race.round}",
                rows=rows,
                points_factor=calendar_race.points_factor,
                poles=poles,
                rules=calendar_race.rules,
            )
            for calendar_race, (rows, poles) in zip(remaining, outcome, strict=True)
        )
        yield replace(season, races=scored + races)


def first_places(season: SeasonInput) -> dict[TableId, set[CompetitorKey]]:
    """Who is first (shared positions included) in each table after the season's last round."""
    lines = compute_standings(season)
    last = max(line.after_round for line in lines)
    firsts: dict[TableId, set[CompetitorKey]] = {}
    for line in lines:
        if line.after_round == last:
            firsts.setdefault((line.championship, line.class_code, line.cup_code), set())
            if line.position == 1:
                firsts[(line.championship, line.class_code, line.cup_code)].add(line.competitor_key)
    return firsts


def brute_statuses(
    seasons: Sequence[SeasonInput], competitors: dict[TableId, set[CompetitorKey]]
) -> dict[tuple[TableId, CompetitorKey], str]:
    """champion (first alone in every completion: an exact tie no tie-break separates is no
    title) / out (first in none, shared or not) / contender. One driver per car here, so no
    crew shares a title."""
    first_count: dict[tuple[TableId, CompetitorKey], int] = {}
    alone_count: dict[tuple[TableId, CompetitorKey], int] = {}
    for season in seasons:
        firsts = first_places(season)
        for table, keys in competitors.items():
            for key in keys:
                table_firsts = firsts.get(table, set())
                first_count[(table, key)] = first_count.get((table, key), 0) + (key in table_firsts)
                alone_count[(table, key)] = alone_count.get((table, key), 0) + (table_firsts == {key})
    total = len(seasons)
    return {
        item: "champion" if alone_count[item] == total else "out" if count == 0 else "contender"
        for item, count in first_count.items()
    }


# --- real seasons: the completions that decide each claim, run through the engine ------------

NEWCOMER_KEY = CompetitorKey("driver", "newcomer")


def _winner_rows(line: TableLine | None, table: TableId, cars: int) -> tuple[RaceResult, ...]:
    """The rows of a race that ``line``'s competitor wins (``cars`` cars for best-N-cars
    teams) with nobody else scoring; ``None``: a driver who has not raced yet."""
    championship, class_code, cup_code = table
    if line is None:
        key, numbers = NEWCOMER_KEY, ["999"]
    else:
        key, numbers = line.competitor_key, line.number.split("/")
    numbers = (numbers + [f"9{index}99" for index in range(cars)])[:cars]
    return tuple(
        RaceResult(
            number=number,
            class_code=class_code,
            cup_code=cup_code,
            team_key=key if key.kind == "team" else CompetitorKey("team", f"t{number}"),
            team_name=line.competitor_name if line else "Newcomer",
            drivers=(DriverRef(key, "Winner"),) if key.kind == "driver" else (),
            status="classified",
            class_position=place,
            eligible=True,
        )
        for place, number in enumerate(numbers, start=1)
    )


def winning_completion(season: SeasonInput, after_round: int, table: TableId, line: TableLine | None) -> SeasonInput:
    """``line`` wins every race after ``after_round``, with pole; nobody else takes part."""
    rules = season.rules
    cars = rules.team_best_n if table[0] == "teams" and rules.team_scoring == "best_n_cars" else 1
    rows = _winner_rows(line, table, cars)
    scored = tuple(race for race in season.races if race.round <= after_round)
    races = tuple(
        RaceInput(
            race_id=10_000 + race.round,
            round=race.round,
            label=f"R{race.round}",
            rows=rows,
            points_factor=race.points_factor,
            poles=(Pole(table[1], rows[0].number, table[2]),),
            rules=race.rules,
        )
        for race in season.calendar
        if race.round > after_round
    )
    return replace(
        season, races=scored + races, adjustments=tuple(a for a in season.adjustments if a.after_round <= after_round)
    )


def first_after(season: SeasonInput, table: TableId) -> set[CompetitorKey]:
    return first_places(season).get(table, set())


def claim_problems(season: SeasonInput, after_round: int) -> list[str]:
    """Every title claim after ``after_round`` checked on the completions that decide it:
    a competitor can be first iff it is first when it wins everything (out: never; else:
    then); a champion stays first whoever else wins everything; a contender does not."""
    lines = [line for line in compute_standings(season) if line.after_round == after_round]
    by_table: dict[TableId, list[TableLine]] = {}
    for line in lines:
        by_table.setdefault((line.championship, line.class_code, line.cup_code), []).append(line)
    claims = {
        (c.championship, c.class_code, c.cup_code, c.competitor_key): c.status for c in compute_titles(season, lines)
    }
    problems = []
    for table, table_lines in by_table.items():
        winners = {
            line.competitor_key: first_after(winning_completion(season, after_round, table, line), table)
            for line in table_lines
        }
        newcomer = first_after(winning_completion(season, after_round, table, None), table)
        crews: dict[str, set[CompetitorKey]] = {}
        if table[0] == "drivers":
            for line in table_lines:
                crews.setdefault(line.number, set()).add(line.competitor_key)
        for line in table_lines:
            key = line.competitor_key
            status = claims[(*table, key)]
            can_be_first = key in winners[key]
            # First alone: level on everything with anyone outside its crew is no title.
            crew = crews.get(line.number, {key})
            certainly_first = (
                line.position == 1
                and all(key in firsts and firsts <= crew for other, firsts in winners.items() if other != key)
                and key in newcomer
                and newcomer <= crew
            )
            brute = "champion" if certainly_first else "contender" if can_be_first else "out"
            if status != brute:
                problems.append(f"after round {after_round} {table} {key}: claimed {status}, brute force {brute}")
    return problems
