"""Standings CSV (formats/README.md §4) and XLSX: championship,class,position,competitor,number,points,results,title.

``title`` is the row's title status after its round: champion, contender or out.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from results.classifications.exports import escape_cell
from results.standings.engine import format_points
from results.standings.models import StandingRow

HEADER = ["championship", "class", "position", "competitor", "number", "points", "results", "title"]


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
                escape_cell(row.number),
                format_points(row.points),
                escape_cell(row.results),
                row.title,
            ]
        )
    return out.getvalue()


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx_text(value: str) -> str:
    # openpyxl refuses control characters, and a leading '=' would become a formula.
    return escape_cell(ILLEGAL_CHARACTERS_RE.sub("", value))


def standings_xlsx(rows: Iterable[StandingRow]) -> bytes:
    """The same columns as the CSV; positions and points stay numbers, text is formula-escaped."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = "Standings"
    sheet.append(HEADER)
    for row in rows:
        sheet.append(
            [
                row.championship,
                _xlsx_text(table_label(row)),
                row.position,
                _xlsx_text(row.competitor_name),
                _xlsx_text(row.number),
                row.points,
                _xlsx_text(row.results),
                row.title,
            ]
        )
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
