"""The portal's own results template, read and written as CSV or XLSX.

`position,number,class,cup,team,drivers,status,laps,total_time,best_lap`, one
row per car, drivers separated by `|`. Column names are case-insensitive and
may come in any order; unknown columns are ignored, and `vehicle` is read when
present (the writer adds it so an Al Kamel upload can be corrected and
re-uploaded without losing it).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from results.classifications.parsing.errors import ClassificationFileError, FileProblem
from results.classifications.parsing.model import EncodingName, FieldLimits, ParsedClassification, ParsedRow
from results.classifications.parsing.table import ColumnSpec, Record, csv_records, parse_records
from results.classifications.parsing.times import format_duration_ms
from results.classifications.parsing.xlsx_safety import check_xlsx, guarded_rows

TEMPLATE_COLUMNS: tuple[str, ...] = (
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
)
WRITTEN_COLUMNS: tuple[str, ...] = (*TEMPLATE_COLUMNS, "vehicle")
# cup/laps/times are often unknown for history imports; the columns may be left out.
REQUIRED_COLUMNS: tuple[str, ...] = ("position", "number", "class", "team", "drivers", "status")
DRIVER_SEPARATOR = "|"
DELIMITER = ","

# A classification has one row per car; the cap stops a crafted workbook
# (small when zipped, huge when expanded) from tying up a worker.
MAX_XLSX_ROWS = 5000
MAX_XLSX_COLUMNS = 100
MAX_XLSX_CELLS = 100_000

# Characters that make Excel/LibreOffice treat a cell as a formula (CSV injection).
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PURE_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
_EXCEL_EPOCH = datetime(1899, 12, 30)

CSV_SPEC = ColumnSpec(
    name_case="lower",
    position="position",
    number="number",
    class_code="class",
    team="team",
    status="status",
    laps="laps",
    total_time="total_time",
    drivers=("drivers",),
    statuses={code: code for code in ("classified", "nc", "dnf", "dns", "dsq", "ex")},
    required=REQUIRED_COLUMNS,
    driver_separator=DRIVER_SEPARATOR,
    cup="cup",
    vehicle="vehicle",
    best_lap="best_lap",
    delimiter_label=DELIMITER,
)
XLSX_SPEC = dataclasses.replace(CSV_SPEC, grid_rows=True)


# --- reading -----------------------------------------------------------------


def read_template_csv(
    text: str, encoding: EncodingName = "utf-8", limits: FieldLimits | None = None
) -> ParsedClassification:
    records = [(number, [unescape_cell(cell) for cell in cells]) for number, cells in csv_records(text, DELIMITER)]
    return parse_records(records, CSV_SPEC, "template-csv", encoding, limits=limits)


def read_template_xlsx(data: bytes, limits: FieldLimits | None = None) -> ParsedClassification:
    # Why first: openpyxl would expand a decompression bomb or an entity declaration itself.
    check_xlsx(data)
    workbook = _open_workbook(data)
    try:
        sheet = _only_sheet(workbook)
        problems: list[FileProblem] = []
        records = _xlsx_records(guarded_rows(sheet.iter_rows(max_col=MAX_XLSX_COLUMNS)), problems)
    finally:
        workbook.close()
    # XLSX is zipped XML, always UTF-8 inside.
    return parse_records(records, XLSX_SPEC, "template-xlsx", "utf-8", problems, limits)


def _open_workbook(data: bytes) -> Any:
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # noqa: BLE001 - zip, XML and openpyxl errors all mean "unreadable"
        raise ClassificationFileError.file_level(
            "file is not a valid Excel workbook (.xlsx); save it again from Excel as .xlsx or export it as CSV"
        ) from error


def _only_sheet(workbook: Any) -> Any:
    names: list[str] = list(workbook.sheetnames)
    if len(names) != 1:
        raise ClassificationFileError.file_level(
            f"workbook has {len(names)} sheets ({', '.join(names)}); upload a workbook with one sheet"
        )
    return workbook[names[0]]


def _xlsx_records(rows: Iterable[tuple[Any, ...]], problems: list[FileProblem]) -> list[Record]:
    records: list[Record] = []
    header: list[str] | None = None
    cell_count = 0
    for row_number, cells in enumerate(rows, start=1):
        if row_number > MAX_XLSX_ROWS:
            raise ClassificationFileError.file_level(
                f"sheet has more than {MAX_XLSX_ROWS} rows; a classification has one row per car"
            )
        cell_count += len(cells)
        if cell_count > MAX_XLSX_CELLS:
            raise ClassificationFileError.file_level(
                f"sheet has more than {MAX_XLSX_CELLS} cells; a classification has one row per car"
            )
        texts = [_checked_cell_text(row_number, index, cell, header, problems) for index, cell in enumerate(cells)]
        if header is None and any(text.strip() for text in texts):
            header = [text.strip().lower() for text in texts]
        records.append((row_number, texts))
    return records


def _checked_cell_text(
    row_number: int,
    index: int,
    cell: Any,
    header: list[str] | None,
    problems: list[FileProblem],
) -> str:
    value = cell.value
    if cell.data_type == "f" or (isinstance(value, str) and value.startswith("=")):
        # A formula's cached result may be stale or absent (data_only=False
        # shows the formula), and a result must not depend on other cells.
        problems.append(
            FileProblem(
                row_number,
                _column_name(index, header),
                f"formulas are not accepted ({value}); paste values only",
            )
        )
        return ""
    return unescape_cell(cell_text(value))


def _column_name(index: int, header: list[str] | None) -> str:
    if header is not None and index < len(header) and header[index]:
        return header[index]
    return openpyxl.utils.get_column_letter(index + 1)


def cell_text(value: object) -> str:
    """A spreadsheet value as the text a CSV would have held (7.0 -> "7")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, timedelta):
        return format_duration_ms(round(value.total_seconds() * 1000))
    if isinstance(value, datetime):
        # Durations over 24 h typed as times come back as dates near Excel's epoch.
        if value.year < 1900:
            return cell_text(value - _EXCEL_EPOCH)
        return value.isoformat(sep=" ")
    if isinstance(value, time):
        return cell_text(
            timedelta(
                hours=value.hour,
                minutes=value.minute,
                seconds=value.second,
                microseconds=value.microsecond,
            )
        )
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def unescape_cell(text: str) -> str:
    """Undo escape_cell, so what the portal wrote reads back unchanged."""
    if len(text) > 1 and text[0] == "'" and text[1] in _FORMULA_TRIGGERS:
        return text[1:]
    return text


# --- writing -----------------------------------------------------------------


def escape_cell(text: str) -> str:
    """Prefix `'` to text a spreadsheet would run as a formula; numbers stay numbers."""
    if text.startswith(_FORMULA_TRIGGERS) and not _PURE_NUMBER.match(text):
        return "'" + text
    return text


@dataclasses.dataclass(frozen=True)
class TemplateEntry:
    """A car of the entry list, written as a line of the template for the stewards to fill in."""

    number: str
    class_code: str
    cup_code: str
    team: str
    drivers: tuple[str, ...]


def write_template_csv(rows: Iterable[ParsedRow]) -> bytes:
    return _csv_bytes(_template_values(row) for row in rows)


def write_template_xlsx(rows: Iterable[ParsedRow]) -> bytes:
    return _xlsx_bytes(_template_values(row) for row in rows)


def write_entry_template_csv(entries: Iterable[TemplateEntry]) -> bytes:
    """The template prefilled with the entry list; position, status, laps and times left blank."""
    return _csv_bytes(_entry_values(entry) for entry in entries)


def write_entry_template_xlsx(entries: Iterable[TemplateEntry]) -> bytes:
    return _xlsx_bytes(_entry_values(entry) for entry in entries)


def _entry_values(entry: TemplateEntry) -> Iterator[int | str]:
    # Why blank position and status: an unedited template must be refused, not read as a result.
    yield from ("", entry.number, entry.class_code, entry.cup_code, entry.team)
    yield DRIVER_SEPARATOR.join(entry.drivers)
    yield from ("", "", "", "", "")


def _csv_bytes(rows: Iterable[Iterable[int | str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(WRITTEN_COLUMNS)
    for values in rows:
        writer.writerow([escape_cell(str(value)) for value in values])
    # The BOM makes Excel open the file as UTF-8 and keep accents (CRUBILÉ).
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx_bytes(rows: Iterable[Iterable[int | str]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Results"
    sheet.append(list(WRITTEN_COLUMNS))
    for values in rows:
        sheet.append([_xlsx_value(value) for value in values])
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value: int | str) -> int | str:
    if isinstance(value, int):
        return value
    # openpyxl refuses control characters, and a leading '=' would become a formula.
    return escape_cell(ILLEGAL_CHARACTERS_RE.sub("", value))


def _template_values(row: ParsedRow) -> Iterator[int | str]:
    """Values in WRITTEN_COLUMNS order; ints stay ints so XLSX cells are numbers."""
    yield row.position
    yield row.number
    yield row.class_code
    yield row.cup_code
    yield row.team
    yield DRIVER_SEPARATOR.join(row.drivers)
    yield row.status
    yield "" if row.laps is None else row.laps
    yield "" if row.total_time_ms is None else format_duration_ms(row.total_time_ms)
    yield "" if row.best_lap_ms is None else format_duration_ms(row.best_lap_ms)
    yield row.vehicle
