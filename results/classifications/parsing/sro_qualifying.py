"""SRO qualifying classification (formats/README.md §1b): a session's table, or an endurance combined qualifying.

A session has the race columns (`Pos,Car #,Class,Drivers,Team,Car,Time,Laps,Gap`) with `Time` the
car's best lap and `Laps` blank; the combined qualifying of an endurance event, which sets its grid,
has `Avg Time,Time 1..4` (the average of the drivers' best laps) and ranks by `Avg Time`. `Pos` is
a place, or `NC` / `DNS` for a car without a time. `Class` is the cup as written, like the race
reader's; the caller puts the cars in the season's class.

Produces the same ParsedQualifying as the Al Kamel reader, so the poles are read the same way.
"""

from __future__ import annotations

import re

from results.classifications.parsing.errors import ClassificationFileError, FileProblem
from results.classifications.parsing.model import MAX_NUMBER_DIGITS, EncodingName, FieldLimits
from results.classifications.parsing.qualifying import ParsedQualifying, QualifyingDriver, QualifyingRow
from results.classifications.parsing.sro import (
    COMBINED_QUALIFYING_MARKER,
    DELIMITER,
    MARKERS,
    POS_STATUSES,
    header_upper,
)
from results.classifications.parsing.table import Record, csv_records
from results.classifications.parsing.times import TimeFormatError, parse_duration_ms

_WHOLE_NUMBER = re.compile(r"^\d+$")


def read_sro_qualifying(text: str, encoding: EncodingName, limits: FieldLimits | None = None) -> SroParsedQualifying:
    """Parse an SRO qualifying table; raise ClassificationFileError listing every problem."""
    records = [(number, cells) for number, cells in csv_records(text, DELIMITER) if any(c.strip() for c in cells)]
    if not records:
        raise ClassificationFileError.file_level("file is empty")
    header = [cell.strip().lstrip("\ufeff") for cell in records[0][1]]
    names = header_upper(header)
    combined = COMBINED_QUALIFYING_MARKER in names
    time_column = COMBINED_QUALIFYING_MARKER if combined else "TIME"
    missing = [name for name in (*MARKERS, time_column) if name not in names]
    if missing:
        raise ClassificationFileError.file_level(
            f"header not recognised: expected an SRO qualifying table (Pos,Car #,Class,Drivers,...,Time); "
            f"missing columns: {', '.join(missing)}"
        )
    if len(records) == 1:
        raise ClassificationFileError.file_level("file has a header but no qualifying rows")
    if not combined and _has_laps(header, records):
        raise ClassificationFileError.file_level(
            "column Laps is filled in: this looks like an SRO race classification, not a qualifying "
            "session; upload it on the race's page"
        )
    return _Reader(header, time_column, limits or FieldLimits()).read(records[1:], encoding)


def _has_laps(header: list[str], records: list[Record]) -> bool:
    upper = [name.upper() for name in header]
    if "LAPS" not in upper:
        return False
    column = upper.index("LAPS")
    return any(len(cells) > column and cells[column].strip() for _, cells in records[1:])


class SroParsedQualifying(ParsedQualifying):
    """An SRO qualifying: its `class_code` is the cup as written, until put in the season's class."""


class _Reader:
    def __init__(self, header: list[str], time_column: str, limits: FieldLimits) -> None:
        self.header = header
        self.index = {name.upper(): i for i, name in enumerate(header)}
        # Column names as the file writes them, for messages ("Car #", "Avg Time").
        self.label = {name.upper(): name for name in header}
        self.time_column = time_column
        self.limits = limits
        self.problems: list[FileProblem] = []

    def read(self, records: list[Record], encoding: EncodingName) -> SroParsedQualifying:
        width = len(self.header)
        placed = sum(1 for _, cells in records if self._cell(cells, "POS").isdecimal())
        next_place = placed
        rows: list[QualifyingRow] = []
        seen: dict[str, int] = {}
        for row_number, cells in records:
            if len(cells) != width:
                self._problem(row_number, None, f"has {len(cells)} fields but the header has {width}")
                continue
            pos = self._cell(cells, "POS")
            position: int | None
            if pos.upper() in POS_STATUSES:
                # Why a place: cars without a time come last, in the file's order.
                next_place += 1
                position = next_place
            else:
                position = self._position(row_number, pos)
            row = self._row(row_number, cells, position)
            if row is None:
                continue
            if row.number in seen:
                self._problem(
                    row_number, "CAR #", f"car {row.number} appears on rows {seen[row.number]} and {row_number}"
                )
                continue
            seen[row.number] = row_number
            rows.append(row)
        if self.problems:
            raise ClassificationFileError(self.problems)
        return SroParsedQualifying(encoding, tuple(rows))

    def _cell(self, cells: list[str], name: str) -> str:
        index = self.index.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    def _problem(self, row: int, column: str | None, message: str) -> None:
        self.problems.append(FileProblem(row, self.label.get(column, column) if column else None, message))

    def _position(self, row_number: int, text: str) -> int | None:
        if not _WHOLE_NUMBER.match(text):
            shown = f"{text[:40]!r}" if text else "missing value"
            self._problem(row_number, "POS", f"{shown} is not a place (a whole number, NC or DNS)")
            return None
        if len(text) > MAX_NUMBER_DIGITS or int(text) > self.limits.max_int or int(text) < 1:
            self._problem(row_number, "POS", f"{text[:40]!r} is not a place (1 to {self.limits.max_int})")
            return None
        return int(text)

    def _row(self, row_number: int, cells: list[str], position: int | None) -> QualifyingRow | None:
        before = len(self.problems)
        number = self._cell(cells, "CAR #")
        if not number:
            self._problem(row_number, "CAR #", "missing value (every car needs its number)")
        elif not (number.isascii() and number.isdecimal()):
            self._problem(row_number, "CAR #", f"{number[:40]!r} is not a whole number")
        elif self.limits.number is not None and len(number) > self.limits.number:
            self._problem(row_number, "CAR #", f"car number {number[:40]!r} is too long (at most {self.limits.number})")
        written_class = self._cell(cells, "CLASS")
        if not written_class:
            self._problem(row_number, "CLASS", "missing value (every car needs its cup)")
        elif self.limits.class_code is not None and len(written_class) > self.limits.class_code:
            self._problem(row_number, "CLASS", f"cup of {len(written_class)} characters is too long")
        best_ms = self._time(row_number, self._cell(cells, self.time_column))
        drivers = self._drivers(row_number, self._cell(cells, "DRIVERS"))
        if len(self.problems) > before or position is None:
            return None
        return QualifyingRow(row_number, position, number, written_class, best_ms, drivers)

    def _time(self, row_number: int, text: str) -> int | None:
        if not text or text == "-":
            return None  # no time set (NC, DNS)
        try:
            value = parse_duration_ms(text)
        except TimeFormatError as error:
            self._problem(row_number, self.time_column, str(error))
            return None
        if value > self.limits.max_ms:
            self._problem(row_number, self.time_column, f"{text[:40]!r} is too long a time to store")
            return None
        return value

    def _drivers(self, row_number: int, text: str) -> tuple[QualifyingDriver, ...]:
        drivers: list[QualifyingDriver] = []
        limit = self.limits.driver
        for name in (part.strip() for part in text.split(",")):
            if not name:
                continue
            if limit is not None and len(name) > limit:
                self._problem(row_number, "DRIVERS", f"driver name too long (at most {limit} characters)")
                continue
            # SRO writes "First Last" with no category or nationality: the first word is the
            # first name, as the race import splits it.
            first, _, last = name.partition(" ")
            drivers.append(QualifyingDriver(first, last.strip(), None, None, self.label.get("DRIVERS", "Drivers")))
        return tuple(drivers)
