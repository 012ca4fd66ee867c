"""One competitor's running totals in one championship, carried from round to round.

Each race's result is added once, when its round is reached: the cost of a season grows
with the number of results, not with results × rounds (tables after every round are
built from the running totals, never recomputed from the first race).
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, insort
from collections.abc import Sequence
from decimal import Decimal

from .breakdown import AppliedAdjustment, CompetitorSeason
from .countback import Held
from .scoring import ChampionshipKey, Part, number_key
from .types import Adjustment

ZERO = Decimal(0)
NOT_IN_RACE = "-"


class Tally:
    """Running totals of one competitor; ``advance`` brings them to the next round.

    Between two ``advance`` calls its attributes are the competitor's line after that round
    (before the ranking gives it a position); the ranking reads them as they are.
    """

    def __init__(
        self,
        championship_key: ChampionshipKey,
        parts: Sequence[Part],
        race_count: int,
        adjustments: Sequence[Adjustment],
        best_results: int,
        numbers_joined: bool,
        included: Sequence[bool] | None = None,
    ) -> None:
        championship, scope = championship_key
        self.competitor_key = parts[0].key
        self.key = str(self.competitor_key)  # the ranking orders ties like the stored text
        self.first_race = parts[0].race_index
        self.season = CompetitorSeason(
            championship,
            scope.class_code,
            scope.cup_code,
            self.competitor_key,
            tuple(part.score for part in parts),
            tuple(AppliedAdjustment(a.kind, a.points, a.after_round, a.reason) for a in adjustments),
        )
        # The line after the last ``advance``:
        self.name = ""
        self.number = ""
        self.points = ZERO
        self.results = ""
        self.wins = 0
        self.status = ""
        self.dropped: tuple[int, ...] = ()  # race ids of the results that do not count
        self.held: Held = ()  # countback: (place, -count) of each place held
        # Running state:
        self._parts = parts
        self._next = 0
        self._season_results, self._results_ends = _results_prefixes(parts, race_count, included)
        self._adjustments = sorted(adjustments, key=lambda a: a.after_round)
        self._next_adjustment = 0
        self._deductions = ZERO
        self._kinds: set[str] = set()
        self._best_results = best_results
        self._counted = ZERO
        self._kept: list[tuple[Decimal, int, int]] = []  # heap of counted results: (points, -index, race id)
        self._dropped: list[tuple[int, int]] = []  # (race index, race id), in race order
        self._places: list[int] = []  # places held, ascending, with their -counts alongside
        self._minus_counts: list[int] = []
        self._numbers_joined = numbers_joined  # best-N-cars teams show every car number they raced
        self._numbers: set[str] = set()

    def advance(self, after_round: int, race_count: int) -> None:
        """Add the races up to the first ``race_count`` of the season and the adjustments in
        force after ``after_round``."""
        parts = self._parts
        while self._next < len(parts) and parts[self._next].race_index < race_count:
            self._add(parts[self._next])
            self._next += 1
        adjustments = self._adjustments
        while self._next_adjustment < len(adjustments):
            adjustment = adjustments[self._next_adjustment]
            if adjustment.after_round > after_round:
                break
            self._kinds.add(adjustment.kind)
            if adjustment.kind == "deduction":
                self._deductions += adjustment.points
            self._next_adjustment += 1
        kinds = self._kinds
        self.status = "excluded" if "excluded" in kinds else "disqualified" if "disqualified" in kinds else ""
        # Excluded: loses every point. Disqualified: keeps them (ranked after the others).
        self.points = ZERO if self.status == "excluded" else self._counted - self._deductions
        self.results = self._season_results[: self._results_ends[race_count - 1]]

    def _add(self, part: Part) -> None:
        score = part.score
        self.name = part.name  # names vary between events: the latest wins
        if self._numbers_joined:
            self._numbers.update(score.number.split("/"))
            self.number = "/".join(sorted(self._numbers, key=number_key))
        else:
            self.number = score.number  # drivers: the car last driven; per-car teams: the car
        self._count(part.race_index, score.race_id, score.points)
        if score.places:
            # Dropped results still count in countback: they were still finishes.
            for place in score.places:
                self._hold(place)
            self.held = tuple(zip(self._places, self._minus_counts, strict=True))
            self.wins = -self._minus_counts[0] if self._places[0] == 1 else 0

    def _hold(self, place: int) -> None:
        at = bisect_left(self._places, place)
        if at < len(self._places) and self._places[at] == place:
            self._minus_counts[at] -= 1
        else:
            self._places.insert(at, place)
            self._minus_counts.insert(at, -1)

    def _count(self, index: int, race_id: int, points: Decimal) -> None:
        """Best-N rules: keep the best ``best_results`` so far; among equal scores the earlier
        race is kept, so the dropped rounds stay the same from one recomputation to the next."""
        if self._best_results == 0:
            self._counted += points
            return
        if len(self._kept) < self._best_results:
            heapq.heappush(self._kept, (points, -index, race_id))
            self._counted += points
            return
        # The weakest counted result: fewest points, and of those the latest race.
        weakest_points, minus_index, weakest_id = self._kept[0]
        if points > weakest_points:
            heapq.heapreplace(self._kept, (points, -index, race_id))
            self._counted += points - weakest_points
            insort(self._dropped, (-minus_index, weakest_id))
        else:
            insort(self._dropped, (index, race_id))
        self.dropped = tuple(race_id for _, race_id in self._dropped)


def _results_prefixes(
    parts: Sequence[Part], race_count: int, included: Sequence[bool] | None = None
) -> tuple[str, list[int]]:
    """The whole season's results text ("1 Ret - 2"), and where it ends after each race:
    the text after N races is a prefix of it, built once rather than once per round.

    ``included`` (an extra championship over some rounds) leaves out the races that do not count
    for it: the Japan Cup's results list the Japanese races only."""
    tokens = [NOT_IN_RACE] * race_count
    for part in parts:
        tokens[part.race_index] = part.score.result
    kept: list[str] = []
    ends, end = [], -1
    for index, token in enumerate(tokens):
        if included is None or included[index]:
            kept.append(token)
            end += len(token) + 1
        ends.append(max(end, 0))
    return " ".join(kept), ends
