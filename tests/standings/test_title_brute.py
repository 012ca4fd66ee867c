"""Property test of the title maths: on small random seasons, every status agrees with a brute
force over all completions of the remaining races (the engine itself decides who is first)."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from results.standings.engine import (
    CalendarRace,
    CompetitorKey,
    Pole,
    RaceInput,
    ScoringRules,
    SeasonInput,
    compute_standings,
    compute_titles,
)
from tests.standings.title_oracle import TableId, brute_statuses, car_row, completions

D = Decimal
SCALES = [(D(3), D(2), D(1)), (D(10), D(6), D(4), D(3)), (D(2), D(1)), (D(4), D(4), D(1))]


def random_season(rng: random.Random) -> tuple[SeasonInput, int, list[str], bool]:
    """3 or 4 cars (one may not have raced yet), 1 or 2 races left, random rules."""
    cars = rng.choice([3, 3, 4])
    remaining = 1 if cars == 4 else rng.choice([1, 2])
    scored = rng.choice([1, 2, 3])
    numbers = [str(n) for n in range(1, cars + 1)]
    scale = rng.choice(SCALES)
    with_pole = rng.random() < 0.6
    rules = ScoringRules(
        scale=scale,
        beyond_scale=rng.choice([D(0), scale[-1] / 2]),
        pole=D(1) if with_pole else D(0),
        best_results=rng.choice([0, 0, scored + remaining - 1]),
    )
    newcomer = numbers[-1] if rng.random() < 0.3 else None
    races = []
    for rnd in range(1, scored + 1):
        racing = [n for n in numbers if n != newcomer and rng.random() < 0.85] or numbers[:1]
        order = rng.sample(racing, rng.randint(0, len(racing)))
        rows = tuple(car_row(n, order.index(n) + 1 if n in order else None) for n in racing)
        pole = rng.choice([None, *racing]) if with_pole else None
        races.append(
            RaceInput(
                rnd,
                rnd,
                f"R{rnd}",
                rows,
                points_factor=rng.choice([D(1), D(1), D(2)]),
                poles=(Pole("P", pole),) if pole else (),
            )
        )
    calendar = tuple(CalendarRace(race.round, race.points_factor) for race in races) + tuple(
        CalendarRace(rnd, rng.choice([D(1), D(2), D("0.5")])) for rnd in range(scored + 1, scored + remaining + 1)
    )
    return SeasonInput(rules=rules, races=tuple(races), calendar=calendar), scored, numbers, with_pole


def claimed_statuses(season: SeasonInput, after_round: int) -> dict[tuple[TableId, CompetitorKey], str]:
    lines = [line for line in compute_standings(season) if line.after_round == after_round]
    return {
        ((c.championship, c.class_code, c.cup_code), c.competitor_key): c.status for c in compute_titles(season, lines)
    }


def claimed_and_brute(
    season: SeasonInput, after_round: int, numbers: list[str], with_pole: bool
) -> tuple[dict[tuple[TableId, CompetitorKey], str], dict[tuple[TableId, CompetitorKey], str]]:
    """The statuses the title maths claim, and those the brute force finds."""
    claimed = claimed_statuses(season, after_round)
    competitors: dict[TableId, set[CompetitorKey]] = {}
    for table, key in claimed:
        competitors.setdefault(table, set()).add(key)
    return claimed, brute_statuses(list(completions(season, after_round, numbers, with_pole)), competitors)


@pytest.mark.parametrize("seed", range(40))
def test_it_agrees_with_the_brute_force_on_small_seasons(seed: int) -> None:
    claimed, brute = claimed_and_brute(*random_season(random.Random(seed)))

    # In particular: nobody marked out is ever first, a champion is first alone in every completion.
    assert claimed == brute


def _result(season: SeasonInput, rnd: int, number: str) -> tuple[int | None, bool]:
    race = next(race for race in season.races if race.round == rnd)
    row = next(row for row in race.rows if row.number == number)
    return row.class_position, any(pole.number == number for pole in race.poles)


def _first_in_all(seasons: list[SeasonInput], table: TableId, key: CompetitorKey) -> bool:
    from tests.standings.title_oracle import first_places

    return all(first_places(season)[table] == {key} for season in seasons)


@pytest.mark.parametrize("seed", range(0, 40, 3))
def test_it_says_what_each_contender_needs_as_the_brute_force_finds(seed: int) -> None:
    season, after_round, numbers, with_pole = random_season(random.Random(seed))
    lines = [line for line in compute_standings(season) if line.after_round == after_round]
    every = list(completions(season, after_round, numbers, with_pole))
    remaining = [race.round for race in season.calendar if race.round > after_round]
    for chance in compute_titles(season, lines):
        if chance.status != "contender":
            continue
        table = (chance.championship, chance.class_code, chance.cup_code)
        number = chance.competitor_key.id.removeprefix("d")
        wins_all = [s for s in every if all(_result(s, rnd, number) == (1, with_pole) for rnd in remaining)]
        controls = "Controls their own fate" in chance.needs
        assert controls == _first_in_all(wins_all, table, chance.competitor_key), chance
        if " or better." in chance.needs or "with a win." in chance.needs:
            place = 1 if "with a win." in chance.needs else int(chance.needs.split(" with ")[1].split(" place")[0][:-2])
            good = [s for s in every if (_result(s, remaining[0], number)[0] or 99) <= place]
            assert _first_in_all(good, table, chance.competitor_key), chance
            worse = [s for s in every if _result(s, remaining[0], number) == (place + 1, False)]
            assert not worse or not _first_in_all(worse, table, chance.competitor_key), chance
        if "Cannot clinch" in chance.needs:
            best = [s for s in every if _result(s, remaining[0], number) == (1, with_pole)]
            assert not _first_in_all(best, table, chance.competitor_key), chance


def tied_season(rng: random.Random) -> tuple[SeasonInput, int, list[str], bool]:
    """Cars 1 and 2 level on points and on every countback place (they swap 1st and 2nd),
    car 3 entered but retiring every time (a line with no points), car 4 not raced yet;
    0, 1 or 2 races left: exact ties, entries without results, and the end of a season."""
    scale = rng.choice(SCALES)
    with_pole = rng.random() < 0.5
    rules = ScoringRules(scale=scale, pole=D(1) if with_pole else D(0))
    scored = rng.choice([2, 4])
    races = []
    for rnd in range(1, scored + 1):
        first, second = ("1", "2") if rnd % 2 else ("2", "1")
        rows = (car_row(first, 1), car_row(second, 2), car_row("3", None))
        races.append(RaceInput(rnd, rnd, f"R{rnd}", rows, poles=(Pole("P", first),) if with_pole else ()))
    remaining = rng.choice([0, 1, 1, 2])
    calendar = tuple(CalendarRace(rnd, D(1)) for rnd in range(1, scored + remaining + 1))
    numbers = ["1", "2", "3", "4"] if remaining < 2 else ["1", "2", "3"]
    return SeasonInput(rules=rules, races=tuple(races), calendar=calendar), scored, numbers, with_pole


@pytest.mark.parametrize("seed", range(12))
def test_it_agrees_with_the_brute_force_on_exact_ties_and_entries_without_results(seed: int) -> None:
    claimed, brute = claimed_and_brute(*tied_season(random.Random(seed)))

    assert claimed == brute
    # Level on everything: neither leader is ever "champion", whatever is left to race.
    assert "champion" not in {status for (_, key), status in claimed.items() if key.id.lstrip("dt") in ("1", "2")}
