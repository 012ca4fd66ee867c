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
    compute_standings,
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
    """champion (first in every completion) / out (first in none) / contender."""
    first_count: dict[tuple[TableId, CompetitorKey], int] = {}
    for season in seasons:
        firsts = first_places(season)
        for table, keys in competitors.items():
            for key in keys:
                won = key in firsts.get(table, set())
                first_count[(table, key)] = first_count.get((table, key), 0) + won
    total = len(seasons)
    return {
        item: "champion" if count == total else "out" if count == 0 else "contender"
        for item, count in first_count.items()
    }
