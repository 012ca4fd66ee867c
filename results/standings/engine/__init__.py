"""Pure standings engine (no Django): ``compute_standings(SeasonInput)``.

See ``engine`` for the conventions and DESIGN.md section 3 for the rules of the sport.
"""

from __future__ import annotations

from championships.numbers import format_points

from .breakdown import AppliedAdjustment, Breakdown, RaceBreakdown
from .compute import compute_standings
from .types import (
    Adjustment,
    DriverRef,
    PointsRules,
    Pole,
    RaceInput,
    RaceResult,
    SeasonInput,
    StandingRow,
)

__all__ = [
    "Adjustment",
    "AppliedAdjustment",
    "Breakdown",
    "DriverRef",
    "PointsRules",
    "Pole",
    "RaceBreakdown",
    "RaceInput",
    "RaceResult",
    "SeasonInput",
    "StandingRow",
    "compute_standings",
    "format_points",
]
