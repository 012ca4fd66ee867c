"""Ranking of one championship table: points, then countback, then a shared position.

Countback (DESIGN.md 3, AsLMS 2023 LMP3: Graff and MV2S level on 73 points, Graff
champion on more 2nd places): most wins, then most 2nd places, and so on. When every
count is equal the competitors share the position and the next one is skipped
(1, 1, 3), which is how series publish an unbroken tie.

Countback compares the places each competitor actually held, as (place, -count) pairs in
place order: its cost follows the results, never the widest vector of the table (a 150th
place elsewhere in the field does not make every comparison 150 long).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

# Disqualified competitors keep their points but rank after everybody else;
# excluded ones lose their points and rank last.
GROUP_ORDER = {"": 0, "disqualified": 1, "excluded": 2}

# The places a competitor held, ((place, -how many times), ...) in ascending place order.
# The count is negated so that these tuples compare like countback: at the first
# difference, a place the other did not hold (smaller place number) or held fewer times
# (smaller -count) puts a competitor ahead.
Held = tuple[tuple[int, int], ...]


class Ranked(Protocol):
    """What the ranking needs to know about a competitor."""

    @property
    def key(self) -> str: ...  # unique in the table; orders competitors nothing else separates
    @property
    def name(self) -> str: ...
    @property
    def points(self) -> Decimal: ...
    @property
    def status(self) -> str: ...
    @property
    def held(self) -> Held: ...


@dataclass(frozen=True)
class Contender:
    """A competitor to rank (the engine's own running totals are ranked as they are)."""

    key: str
    name: str
    points: Decimal
    status: str
    held: Held


@dataclass(frozen=True)
class Placing[C: Ranked]:
    contender: C
    position: int
    tied: bool
    tie_break: str


def place_label(place: int) -> str:
    """'wins', '2nd places', '11th places', '21st places'."""
    if place == 1:
        return "wins"
    teens = 10 <= place % 100 <= 20  # 11th, 12th, 13th, not 11st
    suffix = "th" if teens else {1: "st", 2: "nd", 3: "rd"}.get(place % 10, "th")
    return f"{place}{suffix} places"


def place_counts(ranks: Iterable[int]) -> tuple[int, ...]:
    """Countback vector as published: (number of 1st places, of 2nd places, ...)."""
    ranks = list(ranks)
    counts = [0] * max(ranks, default=0)
    for place in ranks:
        counts[place - 1] += 1
    return tuple(counts)


def held_places(ranks: Iterable[int]) -> Held:
    """The places held, for ranking: [2, 1, 2, 5] → ((1, -1), (2, -2), (5, -1))."""
    return tuple((place, -count) for place, count in sorted(Counter(ranks).items()))


def rank[C: Ranked](contenders: Iterable[C]) -> list[Placing[C]]:
    """Order contenders and give each a position (ties share it).

    Countback only decides between competitors level on points, so only they pay for it:
    everybody is first ordered by points, then each run level on points by countback.
    """
    pool = sorted(contenders, key=_points_key)
    placings: list[Placing[C]] = []
    start = 0
    while start < len(pool):
        end = start + 1
        while end < len(pool) and _level_on_points(pool[start], pool[end]):
            end += 1
        if end - start == 1:
            placings.append(Placing(pool[start], start + 1, tied=False, tie_break=""))
        else:
            placings.extend(_rank_level(pool[start:end], first_position=start + 1))
        start = end
    return placings


def _points_key(contender: Ranked) -> tuple[int, Decimal, str]:
    if contender.status == "excluded":
        # Excluded competitors have no points to compare: alphabetical, stable order.
        return (GROUP_ORDER["excluded"], Decimal(0), contender.key)
    return (GROUP_ORDER[contender.status], -contender.points, contender.key)


def _level_on_points(a: Ranked, b: Ranked) -> bool:
    return a.status == b.status and a.status != "excluded" and a.points == b.points


# Sorts after any (place, -count) pair: where one competitor's places end and the other's
# go on, the other holds a further place and ranks ahead, as if the first were padded.
_END: tuple[tuple[float, int]] = ((float("inf"), 0),)


def _countback_key(held: Held) -> tuple[tuple[float, int], ...]:
    """Ascending order = better first (most wins, then most 2nd places, ...)."""
    return held + _END


def _rank_level[C: Ranked](run: Sequence[C], first_position: int) -> list[Placing[C]]:
    """Competitors level on points (same status): countback, then a shared position.

    Competitors with the same places (a crew sharing its car, typically) share a position
    and are never compared with each other; only the distinct records of places are.
    """
    groups: dict[Held, list[C]] = {}
    for contender in run:
        groups.setdefault(contender.held, []).append(contender)
    ordered = sorted(groups.values(), key=lambda members: _countback_key(members[0].held))
    placings: list[Placing[C]] = []
    position = first_position
    for index, members in enumerate(ordered):
        members.sort(key=lambda c: c.key)
        before = ordered[index - 1][-1] if index > 0 else None
        after = ordered[index + 1][0] if index + 1 < len(ordered) else None
        for at, contender in enumerate(members):
            previous = members[at - 1] if at > 0 else before
            following = members[at + 1] if at + 1 < len(members) else after
            texts = []
            if previous is not None:
                texts.append(_describe(contender, previous, ahead=False))
            if following is not None:
                texts.append(_describe(contender, following, ahead=True))
            placings.append(Placing(contender, position, tied=len(members) > 1, tie_break="; ".join(texts)))
        position += len(members)
    return placings


def _first_difference(mine: Held, theirs: Held) -> tuple[int, int, int] | None:
    """(place, my count, their count) at the first place whose counts differ, if any."""
    for (my_place, my_minus), (their_place, their_minus) in zip(mine, theirs, strict=False):
        if my_place != their_place:  # the smaller place is held by one of the two only
            return (my_place, -my_minus, 0) if my_place < their_place else (their_place, 0, -their_minus)
        if my_minus != their_minus:
            return (my_place, -my_minus, -their_minus)
    if len(mine) > len(theirs):
        return (mine[len(theirs)][0], -mine[len(theirs)][1], 0)
    if len(theirs) > len(mine):
        return (theirs[len(mine)][0], 0, -theirs[len(mine)][1])
    return None


def _describe(me: Ranked, other: Ranked, ahead: bool) -> str:
    difference = None if me.held == other.held else _first_difference(me.held, other.held)
    if difference is None:
        return f"countback: level with {other.name} on every place, position shared"
    place, a, b = difference
    side = "ahead of" if ahead else "behind"
    return f"countback: {place_label(place)} {a} vs {b} ({side} {other.name})"
