"""Builders for parsing tests: edited copies of the real Al Kamel file, small workbooks."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import openpyxl

SILVERSTONE = (
    Path(__file__).resolve().parent.parent / "fixtures" / "alkamel" / "elms-2014-r1-silverstone-classification.csv"
)


def silverstone_bytes() -> bytes:
    return SILVERSTONE.read_bytes()


def silverstone_text() -> str:
    return SILVERSTONE.read_text(encoding="utf-8")


def edited_silverstone(changes: dict[tuple[int, str], str]) -> bytes:
    """The real file with cells replaced, addressed as (spreadsheet row, column name)."""
    lines = silverstone_text().split("\n")
    header = lines[0].split(";")
    for (row, column), value in changes.items():
        cells = lines[row - 1].split(";")
        cells[header.index(column)] = value
        lines[row - 1] = ";".join(cells)
    return "\n".join(lines).encode("utf-8")


def silverstone_lines(count: int) -> bytes:
    """Header plus the first `count` data lines of the real file."""
    lines = silverstone_text().split("\n")
    return ("\n".join(lines[: count + 1]) + "\n").encode("utf-8")


def xlsx_bytes(*sheets: tuple[str, Sequence[Sequence[object]]]) -> bytes:
    """A workbook with the given (title, rows) sheets; a cell value starting '=' is a formula."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


TEMPLATE_HEADER = [
    "position",
    "number",
    "class",
    "cup",
    "team",
    "drivers",
    "status",
    "laps",
    "total_time",
    "best_lap",
]


def template_csv(*lines: str, header: str = ",".join(TEMPLATE_HEADER)) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode("utf-8")
