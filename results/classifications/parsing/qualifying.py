"""Al Kamel qualifying classification CSV: best lap per car, and the crews with their FIA category.

`POS,NUMBER,LAP,TIME,...,KPH, LAPS,TEAM,CLASS,...,DRIVER1_FIRSTNAME,DRIVER1_SECONDNAME,
DRIVER1_LICENSE,DRIVER1_HOMETOWN,DRIVER1_COUNTRY,...` for up to six drivers, `;` or `,`
separated like the race files. Rows are in order of best lap over all classes (`POS` is
overall); a row may be shorter than the header (blank drivers at the end are left out), and
the header cell `" LAPS"` has a leading space. `DRIVERn_LICENSE` is the driver's FIA
categorisation (P/G/S/B) and `DRIVERn_COUNTRY` the nationality (IOC-style three letters).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from results.classifications.parsing import alkamel
from results.classifications.parsing.detect import (
    check_size,
    decode,
    first_line,
    header_names,
    looks_like_qualifying,
)
from results.classifications.parsing.errors import ClassificationFileError, FileProblem
from results.classifications.parsing.model import MAX_NUMBER_DIGITS, EncodingName, FieldLimits
from results.classifications.parsing.sro import looks_like_sro
from results.classifications.parsing.table import csv_records
from results.classifications.parsing.times import TimeFormatError, parse_duration_ms

MAX_DRIVERS = 6
REQUIRED_COLUMNS: tuple[str, ...] = ("POS", "NUMBER", "TIME", "CLASS", "DRIVER1_FIRSTNAME", "DRIVER1_SECONDNAME")
LICENCES: tuple[str, ...] = ("P", "G", "S", "B")
_COUNTRY = re.compile(r"^[A-Z]{3}$")
_WHOLE_NUMBER = re.compile(r"^\d+$")


@dataclass(frozen=True)
class QualifyingDriver:
    first_name: str
    last_name: str
    licence: str | None  # FIA category letter P/G/S/B, None when blank or unknown
    country: str | None  # three letters, None when blank or a placeholder such as "_"
    column: str  # DRIVERn_FIRSTNAME, to point a message at the cell
    # The driver's own minimum driving time, `DRIVERn_*Extra 4` (`01:00:00`, `Min 01:00:00`); None when not given.
    min_drive_time_ms: int | None = None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def slot(self) -> int:
        """The driver's place in the crew (DRIVERn), as the lap file's DRIVER_NUMBER counts it."""
        return int(self.column.removeprefix("DRIVER").split("_", 1)[0])


@dataclass(frozen=True)
class QualifyingRow:
    row_number: int  # line in the file, header = 1
    position: int  # overall, as printed
    number: str
    class_code: str  # as written in the file
    best_lap_ms: int | None  # None: no time set
    drivers: tuple[QualifyingDriver, ...] = ()
    team: str = ""
    vehicle: str = ""  # the car model, as printed ("Oreca 07 - Gibson")
    laps: int | None = None  # laps driven in the session (" LAPS")


@dataclass(frozen=True)
class ParsedQualifying:
    encoding: EncodingName
    rows: tuple[QualifyingRow, ...]
    warnings: tuple[str, ...] = field(default=())

    def poles(self) -> dict[str, str]:
        """Class (upper-cased) → number of the car with the best lap in it.

        A tie on the lap goes to the car printed first (timing ranks who set it first).
        """
        best: dict[str, QualifyingRow] = {}
        for row in sorted(self.rows, key=lambda r: r.position):
            if row.best_lap_ms is None:
                continue
            key = row.class_code.upper()
            held = best.get(key)
            if held is None or (held.best_lap_ms is not None and row.best_lap_ms < held.best_lap_ms):
                best[key] = row
        return {class_code: row.number for class_code, row in best.items()}

    def pole_rows(self) -> dict[str, QualifyingRow]:
        by_number = {row.number: row for row in self.rows}
        return {class_code: by_number[number] for class_code, number in self.poles().items()}


class QualifyingFileError(ClassificationFileError):
    """Row problems of a qualifying file, with the rows that could be read despite them, so the
    caller's checks against the entry list run too and one upload shows every problem."""

    def __init__(self, errors: list[FileProblem], readable: ParsedQualifying) -> None:
        super().__init__(errors)
        self.readable = readable


def parse_qualifying(data: bytes, filename: str, limits: FieldLimits | None = None) -> ParsedQualifying:
    """Parse an Al Kamel (or SRO, §1b) qualifying CSV; raise ClassificationFileError listing every problem."""
    del filename  # the content decides, as for race files; kept for the callers' symmetry
    check_size(len(data))
    if not data.strip():
        raise ClassificationFileError.file_level("file is empty")
    if data.startswith(b"PK\x03\x04"):
        raise ClassificationFileError.file_level(
            "file is an Excel workbook; upload the qualifying classification as the CSV the timing publishes"
        )
    text, encoding = decode(data)
    header_line = first_line(text)
    if header_line is None:
        raise ClassificationFileError.file_level("file is empty")
    if looks_like_sro(header_line):
        # Imported here: the SRO reader builds on this module's rows (a cycle at import time).
        from results.classifications.parsing.sro_qualifying import read_sro_qualifying

        return read_sro_qualifying(text, encoding, limits)
    delimiter = _delimiter(header_line)
    return _Reader(limits or FieldLimits()).read(csv_records(text, delimiter), encoding)


def _delimiter(line: str) -> str:
    for delimiter in alkamel.DELIMITERS:
        names = header_names(line, delimiter)
        if looks_like_qualifying(names):
            return delimiter
        if all(name in names for name in alkamel.REQUIRED_COLUMNS):
            raise ClassificationFileError.file_level(
                "this file looks like an Al Kamel race classification (columns POSITION, STATUS, TOTAL_TIME...), "
                "not a qualifying classification; upload it on the race's page"
            )
    if looks_like_qualifying(header_names(line, "\t")):
        raise ClassificationFileError.file_level("wrong delimiter: expected ';' or ',' for Al Kamel files, found a tab")
    names = header_names(line, ";") | header_names(line, ",")
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    raise ClassificationFileError.file_level(
        "header not recognised: expected an Al Kamel qualifying classification (POS,NUMBER,LAP,TIME,...); "
        f"missing columns: {', '.join(missing)}"
    )


class _Reader:
    def __init__(self, limits: FieldLimits) -> None:
        self.limits = limits
        self.problems: list[FileProblem] = []
        self.warnings: list[str] = []

    def read(self, records: list[tuple[int, list[str]]], encoding: EncodingName) -> ParsedQualifying:
        non_blank = [(number, cells) for number, cells in records if any(cell.strip() for cell in cells)]
        if not non_blank:
            raise ClassificationFileError.file_level("file is empty")
        header = [cell.strip().lstrip("\ufeff").upper() for cell in non_blank[0][1]]
        if len(non_blank) == 1:
            raise ClassificationFileError.file_level("file has a header but no qualifying rows")
        rows: list[QualifyingRow] = []
        seen: dict[str, int] = {}
        for row_number, cells in non_blank[1:]:
            if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header) :]):
                self._problem(row_number, None, f"has {len(cells)} fields but the header has {len(header)}")
                continue
            # Why pad: Al Kamel leaves out the trailing blank cells of a car with fewer drivers.
            padded = cells + [""] * (len(header) - len(cells))
            named = {name: cell.strip() for name, cell in zip(header, padded, strict=False) if name}
            row = self._row(row_number, named)
            if row is None:
                continue
            if row.number in seen:
                self._problem(
                    row_number, "NUMBER", f"car {row.number} appears on rows {seen[row.number]} and {row_number}"
                )
                continue
            seen[row.number] = row_number
            rows.append(row)
        parsed = ParsedQualifying(encoding, tuple(rows), tuple(self.warnings))
        if self.problems:
            raise QualifyingFileError(self.problems, parsed)
        return parsed

    def _problem(self, row: int, column: str | None, message: str) -> None:
        self.problems.append(FileProblem(row, column, message))

    def _row(self, row_number: int, cells: dict[str, str]) -> QualifyingRow | None:
        before = len(self.problems)
        position = self._whole_number(row_number, cells, "POS")
        number = cells.get("NUMBER", "")
        if not number:
            self._problem(row_number, "NUMBER", "missing value (every car needs its number)")
        elif not (number.isascii() and number.isdecimal()):
            self._problem(row_number, "NUMBER", f"{number[:40]!r} is not a whole number")
        elif self.limits.number is not None and len(number) > self.limits.number:
            self._problem(
                row_number, "NUMBER", f"car number {number[:40]!r} is too long (at most {self.limits.number})"
            )
        class_code = cells.get("CLASS", "")
        if not class_code:
            self._problem(row_number, "CLASS", "missing value (every car needs a class)")
        elif self.limits.class_code is not None and len(class_code) > self.limits.class_code:
            self._problem(row_number, "CLASS", f"class of {len(class_code)} characters is too long")
        best_lap_ms = self._time(row_number, cells)
        drivers = tuple(self._drivers(row_number, cells))
        laps = self._whole_number(row_number, cells, "LAPS", minimum=0) if cells.get("LAPS") else None
        team, vehicle = cells.get("TEAM", ""), cells.get("VEHICLE", "")
        for column, text, limit in (("TEAM", team, self.limits.team), ("VEHICLE", vehicle, self.limits.vehicle)):
            if limit is not None and len(text) > limit:
                self._problem(row_number, column, f"{len(text)} characters is too long (at most {limit})")
        if len(self.problems) > before or position is None:
            return None
        return QualifyingRow(row_number, position, number, class_code, best_lap_ms, drivers, team, vehicle, laps)

    def _whole_number(self, row_number: int, cells: dict[str, str], column: str, minimum: int = 1) -> int | None:
        text = cells.get(column, "")
        if not text:
            self._problem(row_number, column, "missing value (a whole number is required)")
            return None
        if not _WHOLE_NUMBER.match(text):
            self._problem(row_number, column, f"{text[:40]!r} is not a whole number")
            return None
        if len(text) > MAX_NUMBER_DIGITS or int(text) > self.limits.max_int:
            self._problem(row_number, column, f"{text[:40]!r} is too large (at most {self.limits.max_int})")
            return None
        if int(text) < minimum:
            self._problem(row_number, column, f"{text!r} is too small (the lowest allowed is {minimum})")
            return None
        return int(text)

    def _time(self, row_number: int, cells: dict[str, str]) -> int | None:
        text = cells.get("TIME", "")
        if not text or text == "-":
            return None
        try:
            value = parse_duration_ms(text)
        except TimeFormatError as error:
            self._problem(row_number, "TIME", str(error))
            return None
        if value > self.limits.max_ms:
            self._problem(row_number, "TIME", f"{text[:40]!r} is too long a time to store")
            return None
        return value

    def _drivers(self, row_number: int, cells: dict[str, str]) -> list[QualifyingDriver]:
        drivers: list[QualifyingDriver] = []
        for n in range(1, MAX_DRIVERS + 1):
            prefix = f"DRIVER{n}_"
            first, last = cells.get(prefix + "FIRSTNAME", ""), cells.get(prefix + "SECONDNAME", "")
            if not first and not last:
                continue
            limit = self.limits.driver
            if limit is not None and len(first) + 1 + len(last) > limit:
                self._problem(row_number, prefix + "FIRSTNAME", f"driver name too long (at most {limit} characters)")
                continue
            name = f"{first} {last}".strip()
            drivers.append(
                QualifyingDriver(
                    first_name=first,
                    last_name=last,
                    licence=self._licence(row_number, prefix + "LICENSE", cells.get(prefix + "LICENSE", ""), name),
                    country=self._country(row_number, prefix + "COUNTRY", cells.get(prefix + "COUNTRY", ""), name),
                    column=prefix + "FIRSTNAME",
                    min_drive_time_ms=self._min_drive_time(row_number, prefix + "*EXTRA 4", cells, name),
                )
            )
        return drivers

    def _min_drive_time(self, row_number: int, column: str, cells: dict[str, str], name: str) -> int | None:
        text = cells.get(column, "")
        value = text.removeprefix("Min").removeprefix("MIN").strip()
        if not value or value.casefold() == "none":
            return None
        try:
            return parse_duration_ms(value)
        except TimeFormatError:
            # Why a warning: only a drive-time rule reads it, and it says when a driver has none.
            self.warnings.append(
                f"row {row_number}, column {column}: {text[:20]!r} is not a driving time (hh:mm:ss); "
                f"{name} has no minimum of their own from this file"
            )
            return None

    def _licence(self, row_number: int, column: str, text: str, name: str) -> str | None:
        letter = text.upper()
        if not letter:
            return None
        if letter not in LICENCES:
            # Why a warning: the category is extra information; the poles do not depend on it.
            self.warnings.append(
                f"row {row_number}, column {column}: {text[:20]!r} is not an FIA category "
                f"({', '.join(LICENCES)}); {name}'s category is left as it is"
            )
            return None
        return letter

    def _country(self, row_number: int, column: str, text: str, name: str) -> str | None:
        code = text.upper()
        if not code:
            return None
        if not _COUNTRY.match(code):
            self.warnings.append(
                f"row {row_number}, column {column}: {text[:20]!r} is not a three-letter country; "
                f"{name}'s nationality is left as it is"
            )
            return None
        return code
