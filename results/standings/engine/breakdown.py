"""Explanation of a standings total ("every total can be explained", DESIGN.md 4).

A competitor's races are scored once for the whole season (``CompetitorSeason``, stored
once per competitor); what changes from one round to the next (total, status, dropped
results, tie-break) is on its table lines. ``CompetitorSeason.breakdown`` puts the two
together for "after round N", for the engine and for readers of the stored rows alike.

``as_dict`` turns every Decimal into a string: JSON has no exact decimal type and a float
would lose 0.25-point precision; ``from_dict`` reads them back exactly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from championships.numbers import format_points

from .countback import place_counts
from .keys import CompetitorKey


@dataclass(frozen=True)
class RaceScore:
    """One race of one competitor in one championship, as scored: the same in every table
    after that race. ``places`` are the places that feed countback (several for a
    best-N-cars team, none for a retirement or a driver who may not score)."""

    round: int
    race_id: int
    label: str
    number: str
    result: str
    race_points: Decimal
    pole_points: Decimal
    places: tuple[int, ...]
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
            "places": list(self.places),
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RaceScore:
        return cls(
            round=data["round"],
            race_id=data["race_id"],
            label=data["label"],
            number=data["number"],
            result=data["result"],
            race_points=Decimal(data["race_points"]),
            pole_points=Decimal(data["pole_points"]),
            places=tuple(data["places"]),
            note=data["note"],
        )


@dataclass(frozen=True)
class RaceBreakdown:
    """One race of one competitor in one table: its score (the same in every table after
    that race) and whether it counted in this one (drops depend on the round)."""

    score: RaceScore
    counted: bool

    @property
    def points(self) -> Decimal:
        return self.score.points

    def as_dict(self) -> dict[str, Any]:
        described = self.score.as_dict()
        del described["places"]  # countback is explained once, on the breakdown
        return {**described, "points": format_points(self.points), "counted": self.counted}


@dataclass(frozen=True)
class AppliedAdjustment:
    """A championship adjustment of a competitor; in force in tables after ``after_round`` on."""

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

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AppliedAdjustment:
        return cls(data["kind"], Decimal(data["points"]), data["after_round"], data["reason"])


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
        return tuple(race.score.round for race in self.races if not race.counted)

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


@dataclass(frozen=True)
class CompetitorSeason:
    """Everything about a competitor in one championship (a class, or a cup of it) that
    does not change from one round to the next: its races of the whole season (in race
    order) and its adjustments (each in force from its own round on)."""

    championship: str
    class_code: str
    cup_code: str
    competitor_key: CompetitorKey
    races: tuple[RaceScore, ...]
    adjustments: tuple[AppliedAdjustment, ...] = ()

    def breakdown(
        self, after_round: int, total: Decimal, status: str, dropped: Iterable[int], tie_break: str
    ) -> Breakdown:
        """The explanation of ``total`` in the table after ``after_round``; ``dropped`` are
        the race ids whose results do not count there."""
        not_counted = set(dropped)
        races = tuple(
            RaceBreakdown(race, race.race_id not in not_counted) for race in self.races if race.round <= after_round
        )
        counted = sum((race.points for race in races if race.counted), Decimal(0))
        return Breakdown(
            races=races,
            counted_points=counted,
            dropped_points=sum((race.points for race in races), Decimal(0)) - counted,
            adjustments=tuple(a for a in self.adjustments if a.after_round <= after_round),
            total=total,
            status=status,
            countback=place_counts(self.places(after_round)),
            tie_break=tie_break,
        )

    def places(self, after_round: int) -> tuple[int, ...]:
        """Every place that feeds countback after ``after_round``, in race order. Dropped
        results still count in countback: they were still finishes."""
        return tuple(place for race in self.races if race.round <= after_round for place in race.places)

    def races_as_json(self) -> list[dict[str, Any]]:
        return [race.as_dict() for race in self.races]

    def adjustments_as_json(self) -> list[dict[str, Any]]:
        return [adjustment.as_dict() for adjustment in self.adjustments]

    @classmethod
    def from_json(
        cls,
        championship: str,
        class_code: str,
        cup_code: str,
        competitor_key: CompetitorKey,
        races: Iterable[Mapping[str, Any]],
        adjustments: Iterable[Mapping[str, Any]],
    ) -> CompetitorSeason:
        """The inverse of ``races_as_json`` / ``adjustments_as_json``."""
        return cls(
            championship,
            class_code,
            cup_code,
            competitor_key,
            tuple(RaceScore.from_dict(race) for race in races),
            tuple(AppliedAdjustment.from_dict(adjustment) for adjustment in adjustments),
        )
