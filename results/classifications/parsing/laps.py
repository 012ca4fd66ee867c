"""Al Kamel lap-by-lap CSV (formats/README.md §5): one row per lap per car, with the lap's driver.

`NUMBER, DRIVER_NUMBER, LAP_NUMBER, LAP_TIME, ..., ELAPSED, HOUR,...,DRIVER_NAME,PIT_TIME,CLASS,...`
as published: `,` separated (the timing's own files use `;`), header cells from DRIVER_NUMBER to
HOUR with a leading space, and a trailing separator on every line. `DRIVER_NUMBER` is the
driver's slot in the car's crew (1-based); `PIT_TIME` stands on the lap that leaves the pit lane;
`CROSSING_FINISH_LINE_IN_PIT` is `B` on a lap that ends in the pit lane. Unknown columns are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from results.classifications.parsing import alkamel
from results.classifications.parsing.detect import check_size, decode, first_line, header_names
from results.classifications.parsing.errors import ClassificationFileError, FileProblem
from results.classifications.parsing.model import MAX_NUMBER_DIGITS, EncodingName, FieldLimits
from results.classifications.parsing.table import csv_records
from results.classifications.parsing.times import TimeFormatError, parse_duration_ms

REQUIRED_COLUMNS: tuple[str, ...] = ("NUMBER", "DRIVER_NUMBER", "LAP_NUMBER", "LAP_TIME", "DRIVER_NAME", "CLASS")
# A crew has at most six drivers in any series the portal runs (the qualifying file's DRIVER1..6).
MAX_DRIVER_NUMBER = 6
_WHOLE_NUMBER = re.compile(r"^\d+$")
_SHOWN = 40


@dataclass(frozen=True)
class Lap:
    row_number: int  # line in the file, header = 1
    number: str  # car number as printed
    driver_number: int  # slot in the car's crew, 1-based
    driver_name: str  # as the timing writes it, often fuller than the classification ("Samuel de Haan")
    lap_number: int
    lap_time_ms: int
    in_pit: bool  # the lap ended in the pit lane (an in-lap)
    pit_time_ms: int | None  # time in the pit lane, on the lap that leaves it
    elapsed_ms: int | None  # session time at the line
    flag: str  # GF, FCY, SC, SF, FF, RF...
    class_code: str  # as written
    team: str = ""


@dataclass(frozen=True)
class ParsedLaps:
    encoding: EncodingName
    laps: tuple[Lap, ...]
    warnings: tuple[str, ...] = field(default=())

    def numbers(self) -> tuple[str, ...]:
        """The cars of the file, in file order."""
        return tuple(dict.fromkeys(lap.number for lap in self.laps))


class LapFileError(ClassificationFileError):
    """Row problems of a lap file, with the laps that could be read despite them."""

    def __init__(self, errors: list[FileProblem], readable: ParsedLaps) -> None:
        super().__init__(errors)
        self.readable = readable


def parse_laps(data: bytes, filename: str, limits: FieldLimits | None = None) -> ParsedLaps:
    """Parse an Al Kamel lap-by-lap CSV; raise ClassificationFileError listing every problem."""
    del filename  # the content decides, as for the other files
    check_size(len(data))
    if not data.strip():
        raise ClassificationFileError.file_level("file is empty")
    if data.startswith(b"PK\x03\x04"):
        raise ClassificationFileError.file_level(
            "file is an Excel workbook; upload the lap-by-lap file as the CSV the timing publishes"
        )
    text, encoding = decode(data)
    header_line = first_line(text)
    if header_line is None:
        raise ClassificationFileError.file_level("file is empty")
    delimiter = _delimiter(header_line)
    return _Reader(limits or FieldLimits()).read(csv_records(text, delimiter), encoding)


def _delimiter(line: str) -> str:
    for delimiter in alkamel.DELIMITERS:
        names = header_names(line, delimiter)
        if all(name in names for name in REQUIRED_COLUMNS):
            return delimiter
        if all(name in names for name in alkamel.REQUIRED_COLUMNS):
            raise ClassificationFileError.file_level(
                "this file looks like an Al Kamel race classification (columns POSITION, STATUS, TOTAL_TIME...), "
                "not a lap-by-lap file; upload it as the race's classification"
            )
        if "POS" in names and "DRIVER1_FIRSTNAME" in names:
            raise ClassificationFileError.file_level(
                "this file looks like an Al Kamel qualifying classification (columns POS, TIME, DRIVER1_FIRSTNAME...), "
                "not a lap-by-lap file; upload it as the qualifying classification"
            )
    if all(name in header_names(line, "\t") for name in REQUIRED_COLUMNS):
        raise ClassificationFileError.file_level("wrong delimiter: expected ';' or ',' for Al Kamel files, found a tab")
    names = header_names(line, ";") | header_names(line, ",")
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    raise ClassificationFileError.file_level(
        "header not recognised: expected an Al Kamel lap-by-lap file (NUMBER, DRIVER_NUMBER, LAP_NUMBER, "
        f"LAP_TIME, ...); missing columns: {', '.join(missing)}"
    )


class _Reader:
    def __init__(self, limits: FieldLimits) -> None:
        self.limits = limits
        self.problems: list[FileProblem] = []
        self.warnings: list[str] = []

    def read(self, records: list[tuple[int, list[str]]], encoding: EncodingName) -> ParsedLaps:
        non_blank = [(number, cells) for number, cells in records if any(cell.strip() for cell in cells)]
        if not non_blank:
            raise ClassificationFileError.file_level("file is empty")
        header = [cell.strip().lstrip("\ufeff").upper() for cell in non_blank[0][1]]
        duplicated = sorted({name for name in header if name and header.count(name) > 1})
        if duplicated:
            raise ClassificationFileError.file_level(f"column {duplicated[0]} appears twice in the header")
        if len(non_blank) == 1:
            raise ClassificationFileError.file_level("file has a header but no laps")
        laps: list[Lap] = []
        seen: dict[tuple[str, int], int] = {}
        for row_number, cells in non_blank[1:]:
            # Why strict: a missing or extra separator shifts every later cell into the wrong column.
            if len(cells) != len(header):
                self._problem(
                    row_number,
                    None,
                    f"has {len(cells)} fields but the header has {len(header)} "
                    "(check for a missing or extra separator)",
                )
                continue
            named = {name: cell.strip() for name, cell in zip(header, cells, strict=True) if name}
            lap = self._lap(row_number, named)
            if lap is None:
                continue
            key = (lap.number, lap.lap_number)
            if key in seen:
                self._problem(
                    row_number,
                    "LAP_NUMBER",
                    f"lap {lap.lap_number} of car {lap.number} appears on rows {seen[key]} and {row_number}",
                )
                continue
            seen[key] = row_number
            laps.append(lap)
        parsed = ParsedLaps(encoding, tuple(laps), tuple(self.warnings))
        if self.problems:
            raise LapFileError(self.problems, parsed)
        return parsed

    def _problem(self, row: int, column: str | None, message: str) -> None:
        self.problems.append(FileProblem(row, column, message))

    def _lap(self, row_number: int, cells: dict[str, str]) -> Lap | None:
        before = len(self.problems)
        number = cells.get("NUMBER", "")
        if not number:
            self._problem(row_number, "NUMBER", "missing value (every lap needs its car number)")
        elif not (number.isascii() and number.isdecimal()):
            self._problem(row_number, "NUMBER", f"{number[:_SHOWN]!r} is not a whole number")
        elif self.limits.number is not None and len(number) > self.limits.number:
            self._problem(
                row_number, "NUMBER", f"car number {number[:_SHOWN]!r} is too long (at most {self.limits.number})"
            )
        driver_number = self._whole_number(row_number, cells, "DRIVER_NUMBER", MAX_DRIVER_NUMBER)
        lap_number = self._whole_number(row_number, cells, "LAP_NUMBER", self.limits.max_int)
        lap_time_ms = self._time(row_number, cells, "LAP_TIME", required=True)
        pit_time_ms = self._time(row_number, cells, "PIT_TIME", required=False)
        elapsed_ms = self._time(row_number, cells, "ELAPSED", required=False)
        driver_name = cells.get("DRIVER_NAME", "")
        if self.limits.driver is not None and len(driver_name) > self.limits.driver:
            self._problem(row_number, "DRIVER_NAME", f"driver name too long (at most {self.limits.driver} characters)")
        class_code = cells.get("CLASS", "")
        if not class_code:
            self._problem(row_number, "CLASS", "missing value (every car needs a class)")
        elif self.limits.class_code is not None and len(class_code) > self.limits.class_code:
            self._problem(row_number, "CLASS", f"class of {len(class_code)} characters is too long")
        team = cells.get("TEAM", "")
        if self.limits.team is not None and len(team) > self.limits.team:
            self._problem(row_number, "TEAM", f"{len(team)} characters is too long (at most {self.limits.team})")
        flag = cells.get("FLAG_AT_FL", "").upper()[:8]
        if len(self.problems) > before or driver_number is None or lap_number is None or lap_time_ms is None:
            return None
        return Lap(
            row_number=row_number,
            number=number,
            driver_number=driver_number,
            driver_name=driver_name,
            lap_number=lap_number,
            lap_time_ms=lap_time_ms,
            in_pit=cells.get("CROSSING_FINISH_LINE_IN_PIT", "").upper() == "B",
            pit_time_ms=pit_time_ms,
            elapsed_ms=elapsed_ms,
            flag=flag,
            class_code=class_code,
            team=team,
        )

    def _whole_number(self, row_number: int, cells: dict[str, str], column: str, maximum: int) -> int | None:
        text = cells.get(column, "")
        if not text:
            self._problem(row_number, column, "missing value (a whole number is required)")
            return None
        if not _WHOLE_NUMBER.match(text):
            self._problem(row_number, column, f"{text[:_SHOWN]!r} is not a whole number")
            return None
        # Why before int(): a cell of thousands of digits must not cost (or crash) a conversion.
        if len(text) > MAX_NUMBER_DIGITS or int(text) > maximum:
            self._problem(row_number, column, f"{text[:_SHOWN]!r} is too large (at most {maximum})")
            return None
        if int(text) < 1:
            self._problem(row_number, column, f"{text!r} is too small (the lowest allowed is 1)")
            return None
        return int(text)

    def _time(self, row_number: int, cells: dict[str, str], column: str, *, required: bool) -> int | None:
        text = cells.get(column, "")
        if not text:
            if required:
                self._problem(row_number, column, "missing value (every lap needs its time)")
            return None
        try:
            value = parse_duration_ms(text)
        except TimeFormatError as error:
            self._problem(row_number, column, str(error))
            return None
        if value > self.limits.max_ms:
            self._problem(row_number, column, f"{text[:_SHOWN]!r} is too long a time to store")
            return None
        return value
