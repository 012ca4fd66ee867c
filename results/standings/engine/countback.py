"""Ranking of one championship table: points, then countback, then a shared position.

Countback (DESIGN.md 3, AsLMS 2023 LMP3: Graff and MV2S level on 73 points, Graff
champion on more 2nd places): most wins, then most 2nd places, and so on. When every
count is equal the competitors share the position and the next one is skipped
(1, 1, 3), which is how series publish an unbroken tie.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

# Disqualified competitors keep their points but rank after everybody else;
# excluded ones lose their points and rank last.
GROUP_ORDER = {"": 0, "disqualified": 1, "excluded": 2}


@dataclass(frozen=True)
class Contender:
    """What the ranking needs to know about a competitor."""

    key: str
    name: str
    points: Decimal
    status: str
    places: tuple[int, ...]  # places[i] = number of (i + 1)-th places


@dataclass(frozen=True)
class Placing:
    contender: Contender
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
    """Countback vector: (number of 1st places, of 2nd places, ...)."""
    ranks = list(ranks)
    counts = [0] * max(ranks, default=0)
    for place in ranks:
        counts[place - 1] += 1
    return tuple(counts)


def rank(contenders: Iterable[Contender]) -> list[Placing]:
    """Order contenders and give each a position (ties share it)."""
    pool = list(contenders)
    width = max((len(c.places) for c in pool), default=0)
    ordered = sorted(pool, key=lambda c: _sort_key(c, width))
    signatures = [_signature(c, width) for c in ordered]
    placings: list[Placing] = []
    for index, contender in enumerate(ordered):
        same_as_previous = index > 0 and signatures[index] == signatures[index - 1]
        same_as_next = index + 1 < len(ordered) and signatures[index] == signatures[index + 1]
        position = placings[-1].position if same_as_previous else index + 1
        placings.append(
            Placing(
                contender=contender,
                position=position,
                tied=same_as_previous or same_as_next,
                tie_break=_tie_break_text(ordered, index, width),
            )
        )
    return placings


def _padded(places: tuple[int, ...], width: int) -> tuple[int, ...]:
    # Without padding (1, 2) would sort before (1, 2, 1) although the latter has an
    # extra 3rd place: tuples of different lengths compare by length last.
    return places + (0,) * (width - len(places))


def _sort_key(contender: Contender, width: int) -> tuple[object, ...]:
    group = GROUP_ORDER[contender.status]
    if contender.status == "excluded":
        # Excluded competitors have no points to compare: alphabetical, stable order.
        return (group, Decimal(0), (), contender.key)
    countback = tuple(-count for count in _padded(contender.places, width))
    return (group, -contender.points, countback, contender.key)


def _signature(contender: Contender, width: int) -> tuple[object, ...]:
    """Equal signatures share a position; the key keeps excluded rows apart."""
    if contender.status == "excluded":
        return (contender.status, contender.key)
    return (contender.status, contender.points, _padded(contender.places, width))


def _level_on_points(a: Contender, b: Contender) -> bool:
    return a.status == b.status and a.status != "excluded" and a.points == b.points


def _tie_break_text(ordered: Sequence[Contender], index: int, width: int) -> str:
    """Explain the decision against each neighbour level on points ("" if none)."""
    me = ordered[index]
    parts: list[str] = []
    if index > 0 and _level_on_points(me, ordered[index - 1]):
        parts.append(_describe(me, ordered[index - 1], width, ahead=False))
    if index + 1 < len(ordered) and _level_on_points(me, ordered[index + 1]):
        parts.append(_describe(me, ordered[index + 1], width, ahead=True))
    return "; ".join(parts)


def _describe(me: Contender, other: Contender, width: int, ahead: bool) -> str:
    mine, theirs = _padded(me.places, width), _padded(other.places, width)
    for place, (a, b) in enumerate(zip(mine, theirs, strict=True), start=1):
        if a != b:
            side = "ahead of" if ahead else "behind"
            return f"countback: {place_label(place)} {a} vs {b} ({side} {other.name})"
    return f"countback: level with {other.name} on every place, position shared"
