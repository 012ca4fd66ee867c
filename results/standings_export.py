"""Standings CSV (formats/README.md §4): championship,class,position,competitor,number,points,results."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from results.models import StandingRow
from results.parsing import escape_cell
from results.standings import format_points

HEADER = ["championship", "class", "position", "competitor", "number", "points", "results"]


def table_label(row: StandingRow) -> str:
    """The class, or 'CLASS/CUP' for a cup table (e.g. GT3/PRO-AM)."""
    return f"{row.class_code}/{row.cup_code}" if row.cup_code else row.class_code


def standings_csv(rows: Iterable[StandingRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow(
            [
                row.championship,
                table_label(row),
                row.position,
                escape_cell(row.competitor_name),
                row.number,
                format_points(row.points),
                escape_cell(row.results),
            ]
        )
    return out.getvalue()
