"""Whether a set of points rules can be applied: the one check, in pure Python (no Django).

Two callers hold the same rules: the PointsRules model (admin form and every save, via clean())
maps the problems to its fields, and the standings engine's rules dataclass raises the first one
as ValueError. Both therefore refuse the same rule set with the same words.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

# The values the engine knows; the model's TieBreak and TeamScoring choices offer exactly these.
TIE_BREAKS: tuple[str, ...] = ("countback",)
TEAM_SCORING: tuple[str, ...] = ("per_car", "best_n_cars")


def parse_scale(text: str) -> tuple[Decimal, ...]:
    """'25 18 15' or '25,18,15' → (25, 18, 15); ValueError naming the bad item."""
    items = [item for item in text.replace(",", " ").split() if item]
    values = []
    for item in items:
        try:
            values.append(Decimal(item))
        except InvalidOperation as exc:
            raise ValueError(f"'{item}' is not a number") from exc
    return tuple(values)


def _points_problem(value: object, what: str) -> str | None:
    """A points value must be a finite, non-negative Decimal (never a float)."""
    if not isinstance(value, Decimal):
        return f"{what} must be a Decimal, got {type(value).__name__} {value!r}"
    if not value.is_finite():
        return f"{what} must be a finite number, got {value}"
    if value < 0:
        return f"{what} must not be negative, got {value}"
    return None


def _int_problem(value: object, what: str, minimum: int) -> str | None:
    # bool is an int subclass; True as a count of results is a bug, not a value.
    if not isinstance(value, int) or isinstance(value, bool):
        return f"{what} must be an integer, got {value!r}"
    if value < minimum:
        return f"{what} must be >= {minimum}, got {value}"
    return None


def _scale_problem(scale: Sequence[object]) -> str | None:
    if not scale:
        return "The points scale is empty: give at least one value, e.g. 25, 18, 15"
    values: list[Decimal] = []
    for place, value in enumerate(scale, start=1):
        if problem := _points_problem(value, f"The points scale value for place {place}"):
            return problem
        values.append(value)  # type: ignore[arg-type]  # a Decimal: _points_problem checked it
    for place in range(1, len(values)):
        if values[place] > values[place - 1]:
            return (
                f"The points scale must not increase: place {place + 1} ({values[place]}) "
                f"> place {place} ({values[place - 1]})"
            )
    return None


def points_rules_problems(
    *,
    scale: Sequence[object] | None,
    beyond_scale: object,
    pole: object,
    best_results: object,
    tie_break: object,
    team_scoring: object,
    team_best_n: object,
    guests_score: object,
) -> dict[str, str]:
    """Field name → what is wrong with it, in the order checked; empty when the rules can be applied.

    ``scale=None`` means the scale could not be read at all (the caller reports that itself);
    the other fields are still checked.
    """
    problems: dict[str, str] = {}
    scale_problem = _scale_problem(scale) if scale is not None else None
    if scale_problem:
        problems["scale"] = scale_problem
    if beyond_problem := _points_problem(beyond_scale, "The beyond_scale points"):
        problems["beyond_scale"] = beyond_problem
    elif scale and not scale_problem and beyond_scale > scale[-1]:  # type: ignore[operator]  # Decimals here
        # Why: a car beyond the scale would outscore the last place in it.
        problems["beyond_scale"] = (
            f"The beyond_scale points ({beyond_scale}) must not exceed the last scale value ({scale[-1]})"
        )
    if pole_problem := _points_problem(pole, "The pole points"):
        problems["pole"] = pole_problem
    if best_problem := _int_problem(best_results, "The best_results (0 = all results count)", 0):
        problems["best_results"] = best_problem
    if tie_break not in TIE_BREAKS:
        problems["tie_break"] = f"The rules give an unknown tie_break {tie_break!r} (known: {', '.join(TIE_BREAKS)})"
    if team_scoring not in TEAM_SCORING:
        problems["team_scoring"] = (
            f"The rules give an unknown team_scoring {team_scoring!r} (known: {', '.join(TEAM_SCORING)})"
        )
    elif team_scoring == "best_n_cars" and (
        n_problem := _int_problem(team_best_n, "The team_best_n (with team_scoring best_n_cars)", 1)
    ):
        problems["team_best_n"] = n_problem
    if not isinstance(guests_score, bool):
        problems["guests_score"] = f"The guests_score must be True or False, got {guests_score!r}"
    return problems
