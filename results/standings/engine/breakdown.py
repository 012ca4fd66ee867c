"""Explanation of a standings total ("every total can be explained", DESIGN.md 4).

Stored next to each standing row as JSON, so ``as_dict`` turns every Decimal into a
string: JSON has no exact decimal type and a float would lose 0.25-point precision.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from championships.numbers import format_points


def counted_flags(scores: Sequence[Decimal], best_results: int) -> list[bool]:
    """Which race scores count when only the best ``best_results`` do (0 = all).

    Among equal scores the earlier race is kept, so the dropped rounds stay the same
    from one recomputation to the next (``scores`` are in race order).
    """
    if best_results == 0 or len(scores) <= best_results:
        return [True] * len(scores)
    order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
    keep = set(order[:best_results])
    return [i in keep for i in range(len(scores))]


@dataclass(frozen=True)
class RaceBreakdown:
    """One race of one competitor in one championship."""

    round: int
    race_id: int
    label: str
    number: str
    result: str
    race_points: Decimal
    pole_points: Decimal
    counted: bool
    note: str = ""

    @property
    def points(self) -> Decimal:
        return self.race_points + self.pole_points

    def as_dict(self) -> dict[str, Any]:
        return {
            "round": self.round,
            "race_id": self.race_id,
            "label": self.label,
            "number": self.number,
            "result": self.result,
            "race_points": format_points(self.race_points),
            "pole_points": format_points(self.pole_points),
            "points": format_points(self.points),
            "counted": self.counted,
            "note": self.note,
        }


@dataclass(frozen=True)
class AppliedAdjustment:
    """An adjustment in force for the table it belongs to."""

    kind: str
    points: Decimal
    after_round: int
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "points": format_points(self.points),
            "after_round": self.after_round,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Breakdown:
    """How ``total`` was reached: race points (counted or dropped), adjustments,
    status and the tie-break path."""

    races: tuple[RaceBreakdown, ...]
    counted_points: Decimal
    dropped_points: Decimal
    adjustments: tuple[AppliedAdjustment, ...]
    total: Decimal
    status: str
    countback: tuple[int, ...]
    tie_break: str

    @property
    def dropped_rounds(self) -> tuple[int, ...]:
        return tuple(race.round for race in self.races if not race.counted)

    def as_dict(self) -> dict[str, Any]:
        return {
            "races": [race.as_dict() for race in self.races],
            "counted_points": format_points(self.counted_points),
            "dropped_points": format_points(self.dropped_points),
            "dropped_rounds": list(self.dropped_rounds),
            "adjustments": [adjustment.as_dict() for adjustment in self.adjustments],
            "total": format_points(self.total),
            "status": self.status,
            "countback": list(self.countback),
            "tie_break": self.tie_break,
        }
