"""The points rules of a season bundle (`season.toml`): `[points]` and the per-race `[points.rounds.N]` tables.

A `[points.rounds.N]` table overrides any race key of `[points]` for race N (formats/README.md §3):
a scale of its own, beyond-scale points, pole points, a points factor, the distance share, whether
guests score or a disqualified car keeps its pole, plus `non_scoring_classes` (classes that race
there but score nothing). Drops, tie-break, team scoring and the qualifying rule describe the
championship, not a race: they are refused in a round's table, with the key named.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from championships.models import QualifyingSets
from championships.points_check import points_rules_problems

# Keys of a race's rules, as `[points]` spells them; all may be overridden for one race.
RACE_KEYS: tuple[str, ...] = (
    "scale",
    "beyond_scale",
    "pole",
    "points_factor",
    "classification_min_share",
    "guests_score",
    "disqualified_keeps_pole",
    "pole_to_best_eligible",
    "non_scoring_classes",
)
SEASON_ONLY_KEYS: tuple[str, ...] = ("best_results", "tie_break", "team_scoring", "team_best_n", "qualifying_sets")
BOOLEAN_KEYS: tuple[str, ...] = ("guests_score", "disqualified_keeps_pole", "pole_to_best_eligible")


def toml_line(text: str, table: str) -> int | None:
    """The line of `[table]` in the file (1-based), to point a message at it; None if not written as a header."""
    pattern = re.compile(r"^\s*\[\s*" + r"\s*\.\s*".join(re.escape(part) for part in table.split(".")) + r"\s*\]")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return None


def _where(text: str, table: str, key: str) -> str:
    line = toml_line(text, table)
    return f"season.toml{f' line {line}' if line else ''}, [{table}] key {key}"


def check_points(text: str, meta: dict[str, Any], rounds: set[int], problems: list[str]) -> dict[int, dict[str, Any]]:
    """Check `[points]` and each `[points.rounds.N]`; return round → its overriding keys."""
    points = meta.get("points", {})
    if not isinstance(points, dict):
        problems.append("season.toml: [points] must be a table")
        return {}
    classes = {str(code).casefold(): str(code) for code in meta.get("classes", [])}
    _check_values(text, "points", points, classes, problems)
    rule = points.get("qualifying_sets", QualifyingSets.ALL_RACES_OF_EVENT)
    if rule not in QualifyingSets.values:
        problems.append(
            f"{_where(text, 'points', 'qualifying_sets')}: '{rule}' is not one of {', '.join(QualifyingSets.values)}"
        )
    tables = points.get("rounds", {})
    if not isinstance(tables, dict):
        problems.append(f"{_where(text, 'points', 'rounds')}: write one table per race, e.g. [points.rounds.4]")
        return {}
    overrides: dict[int, dict[str, Any]] = {}
    for key, table in tables.items():
        name = f"points.rounds.{key}"
        if not str(key).isdecimal() or int(key) not in rounds:
            problems.append(f"{_where(text, name, 'rounds')}: no race {key} in races.csv")
            continue
        if not isinstance(table, dict):
            problems.append(f"{_where(text, 'points', 'rounds')}: {name} must be a table")
            continue
        for unknown in sorted(set(table) - set(RACE_KEYS)):
            why = "a rule of the whole season" if unknown in SEASON_ONLY_KEYS else "not a rule of a race"
            problems.append(f"{_where(text, name, unknown)}: {why} (a race may override {', '.join(RACE_KEYS)})")
        race_rules = {k: v for k, v in table.items() if k in RACE_KEYS}
        _check_values(text, name, {**_race_keys(points), **race_rules}, classes, problems, only=set(race_rules))
        overrides[int(key)] = race_rules
    return overrides


def _race_keys(points: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in points.items() if key in RACE_KEYS and key != "non_scoring_classes"}


def _decimal(value: object) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _check_values(
    text: str,
    table: str,
    values: dict[str, Any],
    classes: dict[str, str],
    problems: list[str],
    only: set[str] | None = None,
) -> None:
    """Each value of a rules table, with the engine's own check (championships.points_check)."""
    found: list[tuple[str, str]] = []
    scale = values.get("scale")
    if scale is None:
        scale_values = None  # missing from [points]: read_bundle says so
    elif not isinstance(scale, list) or any(_decimal(v) is None for v in scale):
        found.append(("scale", f"{scale!r} is not a list of numbers, e.g. [25, 18, 15]"))
        scale_values = None
    else:
        scale_values = [_decimal(v) for v in scale]
    numbers: dict[str, Decimal | None] = {}
    for key in ("beyond_scale", "pole", "points_factor", "classification_min_share"):
        if key in values:
            numbers[key] = _decimal(values[key])
            if numbers[key] is None:
                found.append((key, f"{values[key]!r} is not a number"))
    for key in BOOLEAN_KEYS:
        if key in values and not isinstance(values[key], bool):
            found.append((key, f"{values[key]!r} is not true or false"))
    codes = values.get("non_scoring_classes", [])
    if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
        found.append(("non_scoring_classes", f'{codes!r} is not a list of classes, e.g. ["LMP2"]'))
    else:
        unknown = [code for code in codes if code.casefold() not in classes]
        if unknown:
            found.append(
                ("non_scoring_classes", f"unknown class {', '.join(unknown)} (classes: {', '.join(classes.values())})")
            )
    engine = points_rules_problems(
        scale=scale_values,
        beyond_scale=numbers.get("beyond_scale") or Decimal(0),
        pole=numbers.get("pole") or Decimal(0),
        best_results=0,
        tie_break="countback",
        team_scoring="per_car",
        team_best_n=1,
        guests_score=False,
    )
    if scale_values is not None:
        found.extend(engine.items())
    factor, share = numbers.get("points_factor"), numbers.get("classification_min_share")
    if factor is not None and factor < 0:
        found.append(("points_factor", f"{factor} must not be negative"))
    if share is not None and not 0 <= share <= 1:
        found.append(("classification_min_share", f"{share} must be between 0 and 1"))
    for key, message in found:
        if only is None or key in only:
            problems.append(f"{_where(text, table, key)}: {message}")
