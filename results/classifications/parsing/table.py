"""Turn a table of text cells into validated rows; shared by every format.

Each format only describes its columns (ColumnSpec) and how to get text cells
out of its container (CSV or XLSX); all rules about what a sensible
classification looks like live here, so the formats cannot drift apart.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from results.classifications.parsing.checks import RowKey, check_order
from results.classifications.parsing.crew import read_country, read_licence
from results.classifications.parsing.errors import ClassificationFileError, FileProblem, header_not_recognised
from results.classifications.parsing.model import (
    MAX_NUMBER_DIGITS,
    CrewMember,
    EncodingName,
    FieldLimits,
    FormatName,
    ParsedClassification,
    ParsedRow,
)
from results.classifications.parsing.times import TimeFormatError, parse_duration_ms, parse_gap

# (row number as a spreadsheet shows it, cells as text)
Record = tuple[int, list[str]]

_WHOLE_NUMBER = re.compile(r"^[+-]?\d+$")


@dataclass(frozen=True)
class ColumnSpec:
    """Column names (already normalised to `name_case`) and status spellings of a format."""

    name_case: Literal["upper", "lower"]
    position: str
    number: str
    class_code: str
    team: str
    status: str
    laps: str
    total_time: str
    drivers: tuple[str, ...]
    statuses: Mapping[str, str]  # spelling as documented -> portal code
    required: tuple[str, ...]
    driver_separator: str | None = None
    cup: str | None = None
    vehicle: str | None = None
    best_lap: str | None = None
    gap_first: str | None = None
    laps_required: bool = False
    total_time_required_if_classified: bool = False
    # XLSX rows: short rows are padded with blanks, blank cells beyond the header dropped.
    grid_rows: bool = False
    delimiter_label: str = ","
    # Columns the format's reader appends to every record itself (SRO: STATUS, read from Pos):
    # not in the file, so not counted when a row's width is reported.
    appended_columns: int = 0
    # Newer Al Kamel layout: each driver in columns <prefix>FIRSTNAME, SECONDNAME, LICENSE, COUNTRY
    # (read instead of `drivers`), e.g. ("DRIVER1_", "DRIVER2_", ...).
    crew_prefixes: tuple[str, ...] = ()
    _lookup: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        lookup = {spelling.casefold(): code for spelling, code in self.statuses.items()}
        object.__setattr__(self, "_lookup", lookup)

    def normalise(self, name: str) -> str:
        name = name.strip().lstrip("\ufeff")
        return name.upper() if self.name_case == "upper" else name.lower()

    def status_code(self, text: str) -> str | None:
        return self._lookup.get(text.strip().casefold())


def parse_records(
    records: Iterable[Record],
    spec: ColumnSpec,
    format_name: FormatName,
    encoding: EncodingName,
    problems: list[FileProblem] | None = None,
    limits: FieldLimits | None = None,
) -> ParsedClassification:
    """Validate a whole table; raise ClassificationFileError listing every problem."""
    problems = [] if problems is None else problems
    limits = limits or FieldLimits()
    warnings: list[str] = []
    non_blank = [(number, cells) for number, cells in records if not _is_blank(cells)]
    if not non_blank:
        raise ClassificationFileError.file_level("file is empty")
    header = read_header(non_blank[0][1], spec)
    if len(non_blank) == 1:
        raise ClassificationFileError.file_level("file has a header but no result rows")
    # Cells already reported by the container (e.g. an XLSX formula) are not
    # reported a second time as "missing value".
    flagged = {(problem.row, problem.column) for problem in problems}
    rows: list[ParsedRow] = []
    readable: list[ParsedRow] = []
    keys: list[RowKey] = []
    for row_number, cells in non_blank[1:]:
        named = _name_cells(row_number, cells, header, spec, problems)
        if named is None:
            keys.append(RowKey(row_number, None, ""))
            continue
        reader = _RowReader(row_number, named, spec, problems, warnings, flagged, limits)
        row = reader.read()
        keys.append(RowKey(row_number, reader.position, reader.number))
        if row is not None:
            rows.append(row)
        if reader.best_effort is not None:
            readable.append(reader.best_effort)
    problems.extend(check_order(rows, keys, spec.position, spec.number))
    if problems:
        partial = ParsedClassification(format_name, encoding, tuple(readable), tuple(warnings))
        raise ClassificationFileError(sorted(problems, key=_problem_order), partial=partial)
    ordered = tuple(sorted(rows, key=lambda row: row.position))
    return ParsedClassification(format_name, encoding, ordered, tuple(warnings))


def csv_records(text: str, delimiter: str) -> list[Record]:
    """Split CSV text; the csv module's own errors become a file problem, not a crash."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[Record] = []
    # Why the line where the record starts: an unclosed quote runs over many lines, and the
    # organiser must look where the quote is, not where the csv module gave up.
    starts_on = 1
    try:
        for row_number, cells in enumerate(reader, start=1):
            records.append((row_number, cells))
            starts_on = reader.line_num + 1
    except csv.Error as error:
        # e.g. a 5 MB "field" from an unclosed quote: nothing after it can be trusted.
        raise ClassificationFileError.file_level(f"row {starts_on}: not readable as CSV ({error})") from error
    return records


def read_header(cells: list[str], spec: ColumnSpec) -> list[str]:
    """Normalised column names; blank names (a trailing ';') are kept as ''."""
    header = [spec.normalise(cell) for cell in cells]
    seen: set[str] = set()
    for name in header:
        if name and name in seen:
            raise ClassificationFileError.file_level(f"column {name} appears twice in the header")
        seen.add(name)
    missing = [name for name in spec.required if name not in seen]
    if missing:
        raise header_not_recognised(f"missing columns: {', '.join(missing)}")
    return header


def _shown(text: str) -> str:
    """A cell quoted in a message, cut short: a 5 MB cell must not become a 5 MB error page."""
    return repr(text) if len(text) <= 40 else f"{text[:40]!r}... ({len(text)} characters)"


def _is_blank(cells: list[str]) -> bool:
    return all(not cell.strip() for cell in cells)


def _problem_order(problem: FileProblem) -> tuple[int, str]:
    return (problem.row if problem.row is not None else 0, problem.column or "")


def _name_cells(
    row_number: int,
    cells: list[str],
    header: list[str],
    spec: ColumnSpec,
    problems: list[FileProblem],
) -> dict[str, str] | None:
    """Cells keyed by column name, or None (with a problem) if the row does not fit."""
    width = len(header)
    # In a spreadsheet grid a missing cell is just blank. In CSV a missing or
    # extra separator shifts every later value into the wrong column, even if
    # the count is made right by trailing empties, so CSV widths must match.
    if spec.grid_rows:
        cells = cells[:width] if _is_blank(cells[width:]) else cells
        cells = cells + [""] * (width - len(cells))
    if len(cells) != width:
        appended = spec.appended_columns
        problems.append(
            FileProblem(
                row_number,
                None,
                f"has {len(cells) - appended} fields but the header has {width - appended} "
                f"(check for a missing or extra '{spec.delimiter_label}')",
            )
        )
        return None
    return {name: cell for name, cell in zip(header, cells, strict=True) if name}


class _RowReader:
    """Reads one row's fields, recording every problem instead of stopping at the first."""

    def __init__(
        self,
        row_number: int,
        cells: dict[str, str],
        spec: ColumnSpec,
        problems: list[FileProblem],
        warnings: list[str],
        flagged: set[tuple[int | None, str | None]],
        limits: FieldLimits,
    ) -> None:
        self.limits = limits
        self.row_number = row_number
        self.flagged = flagged
        self.cells = cells
        self.spec = spec
        self.problems = problems
        self.warnings = warnings
        self.failed = False
        self.position: int | None = None
        self.number = ""
        self.best_effort: ParsedRow | None = None
        self.crew: tuple[CrewMember, ...] = ()

    def read(self) -> ParsedRow | None:
        spec = self.spec
        position = self.position = self._whole_number(spec.position, required=True, minimum=1)
        number = self.number = self._car_number()
        # As written: matching compares it casefolded and stores the class code as configured.
        class_code = self._required_text(spec.class_code, "every car needs a class")
        self._check_length(spec.class_code, class_code, self.limits.class_code)
        status = self._status()
        laps = self._whole_number(spec.laps, required=spec.laps_required, minimum=0)
        team = self._limited_text(spec.team, self.limits.team)
        vehicle = self._limited_text(spec.vehicle, self.limits.vehicle)
        cup_code = self._limited_text(spec.cup, self.limits.cup_code).upper()
        total_time_ms = self._time(spec.total_time)
        best_lap_ms = self._time(spec.best_lap)
        self._require_total_time(status, total_time_ms)
        drivers = self._drivers()
        gap_first = self._gap()
        row = ParsedRow(
            row_number=self.row_number,
            position=position or 0,
            number=number,
            class_code=class_code,
            cup_code=cup_code,
            team=team,
            drivers=drivers,
            vehicle=vehicle,
            status=status or "",
            laps=laps,
            total_time_ms=total_time_ms,
            best_lap_ms=best_lap_ms,
            gap_first=gap_first,
            raw=dict(self.cells),
            crew=self.crew,
        )
        # Why kept even when wrong: the service still checks what could be read (car number,
        # drivers) against the entry list, so every problem of the file shows in one pass.
        self.best_effort = row if number else None
        if self.failed or position is None:
            return None
        return row

    def _problem(self, column: str | None, message: str) -> None:
        self.failed = True
        if (self.row_number, column) not in self.flagged:
            self.problems.append(FileProblem(self.row_number, column, message))

    def _text(self, column: str | None) -> str:
        return self.cells.get(column, "").strip() if column else ""

    def _limited_text(self, column: str | None, limit: int | None) -> str:
        text = self._text(column)
        self._check_length(column, text, limit)
        return text

    def _check_length(self, column: str | None, text: str, limit: int | None) -> None:
        if limit is not None and len(text) > limit:
            self._problem(column, f"{len(text)} characters is too long (at most {limit}): {text[:40]!r}...")

    def _required_text(self, column: str, why: str) -> str:
        text = self._text(column)
        if not text:
            self._problem(column, f"missing value ({why})")
        return text

    def _whole_number(self, column: str, *, required: bool, minimum: int) -> int | None:
        text = self._text(column)
        if not text:
            if required:
                self._problem(column, "missing value (a whole number is required)")
            return None
        if not _WHOLE_NUMBER.match(text):
            self._problem(column, f"{_shown(text)} is not a whole number")
            return None
        # Why before int(): a cell of thousands of digits must not cost (or crash) a conversion.
        if len(text.lstrip("+-")) > MAX_NUMBER_DIGITS:
            self._problem(column, f"a number of {len(text)} digits is too large (at most {self.limits.max_int})")
            return None
        value = int(text)
        if value < minimum:
            self._problem(column, f"{text!r} is too small (the lowest allowed is {minimum})")
            return None
        if value > self.limits.max_int:
            self._problem(column, f"{text!r} is too large (at most {self.limits.max_int})")
            return None
        return value

    def _car_number(self) -> str:
        # Kept as text ("007" and "7" are different plates) but must be digits.
        text = self._required_text(self.spec.number, "every car needs its number")
        if text and not (text.isascii() and text.isdecimal()):
            self._problem(self.spec.number, f"{_shown(text)} is not a whole number")
        elif self.limits.number is not None and len(text) > self.limits.number:
            self._problem(
                self.spec.number, f"car number {_shown(text)} is too long (at most {self.limits.number} digits)"
            )
        return text

    def _status(self) -> str | None:
        text = self._text(self.spec.status)
        code = self.spec.status_code(text)
        if code is None:
            expected = ", ".join(self.spec.statuses)
            found = f"{text!r} is not a known status" if text else "missing value"
            self._problem(self.spec.status, f"{found} (expected {expected})")
        return code

    def _time(self, column: str | None) -> int | None:
        text = self._text(column)
        if not text:
            return None
        try:
            value = parse_duration_ms(text)
        except TimeFormatError as error:
            self._problem(column, str(error))
            return None
        if value > self.limits.max_ms:
            self._problem(column, f"{_shown(text)} is too long a time to store")
            return None
        return value

    def _require_total_time(self, status: str | None, total_time_ms: int | None) -> None:
        column = self.spec.total_time
        if (
            self.spec.total_time_required_if_classified
            and status == "classified"
            and total_time_ms is None
            and not self._text(column)
        ):
            self._problem(column, "missing value (a classified car needs its total time)")

    def _drivers(self) -> tuple[str, ...]:
        if self.spec.crew_prefixes:
            return self._crew()
        separator = self.spec.driver_separator
        names: list[str] = []
        for column in self.spec.drivers:
            text = self._text(column)
            names.extend(text.split(separator) if separator else [text])
        drivers = tuple(name.strip() for name in names if name.strip())
        for name in drivers:
            column = next((c for c in self.spec.drivers if name in self._text(c)), self.spec.drivers[0])
            self._check_driver_length(name, column)
        if not drivers:
            self.warnings.append(f"row {self.row_number}: no driver names")
        return drivers

    def _check_driver_length(self, name: str, column: str) -> None:
        limit = self.limits.driver
        if limit is not None and len(name) > limit:
            self._problem(column, f"driver name of {len(name)} characters is too long (at most {limit})")

    def _crew(self) -> tuple[str, ...]:
        """Drivers of the newer layout: first and second name, FIA category and nationality."""
        crew: list[CrewMember] = []
        for prefix in self.spec.crew_prefixes:
            column = prefix + "FIRSTNAME"
            name = f"{self._text(column)} {self._text(prefix + 'SECONDNAME')}".strip()
            if not name:
                continue
            self._check_driver_length(name, column)
            where = f"row {self.row_number}, column "
            licence = read_licence(self._text(prefix + "LICENSE"), where + prefix + "LICENSE", name, self.warnings)
            country = read_country(self._text(prefix + "COUNTRY"), where + prefix + "COUNTRY", name, self.warnings)
            crew.append(CrewMember(name, licence, country, column))
        self.crew = tuple(crew)
        if not crew:
            self.warnings.append(f"row {self.row_number}: no driver names")
        return tuple(member.name for member in crew)

    def _gap(self) -> str:
        # The gap is recomputed from laps and times downstream, so a gap we
        # cannot read is worth telling but not worth refusing the file for.
        text = self._text(self.spec.gap_first)
        limit = self.limits.gap_first
        if limit is not None and len(text) > limit:
            self.warnings.append(f"row {self.row_number}, column {self.spec.gap_first}: gap too long; not kept")
            return ""
        try:
            parse_gap(text)
        except TimeFormatError as error:
            column = self.spec.gap_first
            self.warnings.append(f"{FileProblem(self.row_number, column, str(error))}; kept as is")
        return text
