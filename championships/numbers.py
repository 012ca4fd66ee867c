"""Exact decimal text for points (pure Python: the standings engine and the API both use it)."""

from __future__ import annotations

from decimal import Decimal


def format_points(value: Decimal) -> str:
    """Shortest exact decimal text, no exponent, no trailing zeros: 39, 62.5, 0.25.

    The standings CSV format asks for "at most one decimal place", but a half-points
    race turns 0.5 into 0.25: rounding would misreport a real total, so exact wins.
    """
    if value == 0:
        return "0"  # also turns Decimal("-0") and "0.00" into "0"
    return format(value.normalize(), "f")  # "f" expands 1E+1 back to "10"
