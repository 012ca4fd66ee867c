"""The pure standings engine: whole season in, every table after every round out.

No Django, no I/O. Standings are recomputed from scratch each time (DESIGN.md 4), so
the same input always gives the same rows in the same order, and an adjustment can
never be applied twice.

Each race is scored once (``scoring``); each competitor's totals are then carried from
one round to the next (``tally``), and its per-race explanation is built once for the
season (``CompetitorSeason``): the work grows with races + cars, not races squared.

Conventions (documented choices where the rules leave room):
- A championship is a class, or a (class, cup) pair for every cup seen; a car's rank
  in a race is its place among the cars taking part in that championship (``scoring``).
- Ineligible cars (guests) are left out of the championship entirely when guests do
  not score: no points, no points position, no pole point, not in the table.
- A race's ``rules`` override scale/beyond_scale/pole/guests_score; drops, tie-break and
  team scoring come from the season rules.
- Extra championships (``SeasonInput.championships``: Japan Cup, Sprint Cup, an overall
  table over several classes) are tables of their own, named by the championship with no
  class or cup, scored by the same rules over their rounds and cars.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from . import countback
from .breakdown import CompetitorSeason
from .keys import CompetitorKey
from .scoring import ChampionshipKey, Part, participations
from .tally import Tally
from .types import Adjustment, ScoringRules, SeasonInput, TableLine

_AdjustmentIndex = dict[tuple[str, str, str, CompetitorKey], list[Adjustment]]


@dataclass(frozen=True)
class SeasonStandings:
    """The engine's output: table lines (what changes per round) and, once per competitor
    and championship, its season (what does not)."""

    lines: tuple[TableLine, ...]
    competitors: tuple[CompetitorSeason, ...]


def compute_standings(season: SeasonInput) -> list[TableLine]:
    """Every championship table after every round, ordered by round, championship
    ("drivers" before "teams"), class, cup, position, competitor key."""
    return list(compute_season(season).lines)


def compute_season(season: SeasonInput) -> SeasonStandings:
    """``compute_standings`` with the competitors' seasons the lines refer to."""
    with cyclic_gc_paused():
        return _compute_season(season)


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Why: a recalculation allocates tens of thousands of small objects and none of them
    forms a reference cycle; left on, the cyclic collector re-scans the whole (growing) heap
    many times during one season, which made the cost grow faster than the season's size.
    Reference counting still frees everything; the collector's state is restored after
    (nested uses are fine: only the outermost one re-enables it)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _compute_season(season: SeasonInput) -> SeasonStandings:
    season.validate()
    races = sorted(season.races, key=lambda race: (race.round, race.race_id))
    # Several races may share a round (two races per event): a table includes them all.
    race_counts: dict[int, int] = {}
    for count, race in enumerate(races, start=1):
        race_counts[race.round] = count
    adjustments = _index_adjustments(season.adjustments)
    tables: list[list[list[TableLine]]] = []  # [championship][round] -> lines
    competitors: list[CompetitorSeason] = []
    extras = {extra.name: extra for extra in season.championships}
    for championship_key, parts in sorted(participations(races, season.rules, season.championships).items()):
        extra = extras.get(championship_key[0])
        # An extra championship's results list only the races of its rounds.
        included = [extra.counts(race.round) for race in races] if extra else None
        kind = extra.competitors if extra else championship_key[0]
        tallies = _tallies(championship_key, parts, len(races), adjustments, season.rules, kind, included)
        competitors.extend(tally.season for tally in tallies)  # before the tables reorder them
        tables.append([_table(after_round, count, tallies) for after_round, count in race_counts.items()])
    # Round by round, and in each round championship by championship.
    lines = tuple(line for index in range(len(race_counts)) for by_round in tables for line in by_round[index])
    return SeasonStandings(lines, tuple(competitors))


def _index_adjustments(adjustments: Iterable[Adjustment]) -> _AdjustmentIndex:
    index: _AdjustmentIndex = defaultdict(list)
    for adj in adjustments:
        index[(adj.championship, adj.class_code, adj.cup_code, adj.competitor_key)].append(adj)
    return dict(index)


def _tallies(
    championship_key: ChampionshipKey,
    parts: Sequence[Part],
    race_count: int,
    adjustments: _AdjustmentIndex,
    rules: ScoringRules,
    kind: str,
    included: Sequence[bool] | None,
) -> list[Tally]:
    """One tally per competitor of the championship, its parts in race order; ``kind`` is
    "drivers" or "teams" (an extra championship's competitors)."""
    championship, scope = championship_key
    by_key: dict[CompetitorKey, list[Part]] = defaultdict(list)
    for part in parts:
        by_key[part.key].append(part)
    numbers_joined = kind == "teams" and rules.team_scoring == "best_n_cars"
    return [
        Tally(
            championship_key,
            own_parts,
            race_count,
            adjustments.get((championship, scope.class_code, scope.cup_code, key), []),
            rules.best_results,
            numbers_joined,
            included,
        )
        for key, own_parts in by_key.items()
    ]


def _table(after_round: int, race_count: int, tallies: list[Tally]) -> list[TableLine]:
    """One table: the competitors that have raced by then, ranked; in (position, key) order,
    which is the ranking's own order (a shared position lists its competitors by key).

    ``tallies`` is left in this round's ranking order: the next round's ranking then sorts
    an almost sorted list, which costs little more than reading it (the result does not
    depend on the input order: the ranking breaks every tie by key)."""
    present = [tally for tally in tallies if tally.first_race < race_count]
    for tally in present:
        tally.advance(after_round, race_count)
    placings = countback.rank(present)
    tallies[:] = [placing.contender for placing in placings] + [t for t in tallies if t.first_race >= race_count]
    return [
        TableLine(
            after_round=after_round,
            season=tally.season,
            competitor_name=tally.name,
            number=tally.number,
            position=placing.position,
            points=tally.points,
            results=tally.results,
            wins=tally.wins,
            tied=placing.tied,
            status=tally.status,
            tie_break=placing.tie_break,
            dropped=tally.dropped,
            held=tally.held,
        )
        for placing in placings
        for tally in (placing.contender,)
    ]
