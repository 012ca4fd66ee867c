"""Pure standings engine (no Django): ``compute_standings(SeasonInput)``.

See ``compute`` for the conventions and DESIGN.md section 3 for the rules of the sport.
"""

from __future__ import annotations

from championships.numbers import format_points

from .breakdown import AppliedAdjustment, Breakdown, CompetitorSeason, RaceBreakdown, RaceScore
from .compute import SeasonStandings, compute_season, compute_standings, cyclic_gc_paused
from .keys import CompetitorKey
from .title import TITLE_STATUSES, TitleChance, compute_titles, table_chances
from .types import (
    Adjustment,
    CalendarRace,
    DriverRef,
    ExtraChampionship,
    Pole,
    RaceInput,
    RaceResult,
    ScoringRules,
    SeasonInput,
    TableLine,
)

__all__ = [
    "Adjustment",
    "AppliedAdjustment",
    "Breakdown",
    "CalendarRace",
    "CompetitorKey",
    "CompetitorSeason",
    "DriverRef",
    "ExtraChampionship",
    "Pole",
    "RaceBreakdown",
    "RaceInput",
    "RaceResult",
    "RaceScore",
    "ScoringRules",
    "SeasonInput",
    "SeasonStandings",
    "TITLE_STATUSES",
    "TableLine",
    "TitleChance",
    "compute_season",
    "compute_standings",
    "compute_titles",
    "cyclic_gc_paused",
    "format_points",
    "table_chances",
]
