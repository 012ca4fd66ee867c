"""Al Kamel classification CSV, as published by the timing of ACO series, in both layouts.

Classic layout: `POSITION;NUMBER;TEAM;DRIVER_1;...;CLASS;...;STATUS;LAPS;TOTAL_TIME;...`,
`;`-separated with a trailing `;` on every line (or `,`-separated when an archive or a
spreadsheet re-saved it: same columns); up to six drivers (DRIVER_5 and DRIVER_6 appear in
newer files, after the other columns).

Newer layout (some events since 2024): `POSITION;NUMBER;STATUS;LAPS;TOTAL_TIME;...;TEAM;CLASS;
...;DRIVER1_FIRSTNAME;DRIVER1_SECONDNAME;DRIVER1_LICENSE;DRIVER1_HOMETOWN;DRIVER1_COUNTRY;...`:
the crew split into name parts with each driver's FIA category and nationality, gaps `+12.363`
and `1 Lap`, and retired cars printed after the others without a POSITION.

In both, classes are interleaved in overall order and class positions are not printed (they
are derived later). The layout is told by the header, never by the file name.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection

from results.classifications.parsing.model import EncodingName, FieldLimits, ParsedClassification
from results.classifications.parsing.table import ColumnSpec, Record, csv_records, parse_records

DELIMITER = ";"
DELIMITERS: tuple[str, ...] = (";", ",")
MAX_DRIVERS = 6

# Only the columns we use are required, so newer files with extra columns still load.
REQUIRED_COLUMNS: tuple[str, ...] = (
    "POSITION",
    "NUMBER",
    "TEAM",
    "DRIVER_1",
    "CLASS",
    "STATUS",
    "LAPS",
    "TOTAL_TIME",
)
CREW_PREFIXES: tuple[str, ...] = tuple(f"DRIVER{n}_" for n in range(1, MAX_DRIVERS + 1))
# The newer layout: no DRIVER_1, the first driver's name in two columns instead.
REQUIRED_COLUMNS_NEWER: tuple[str, ...] = (
    "POSITION",
    "NUMBER",
    "STATUS",
    "LAPS",
    "TOTAL_TIME",
    "TEAM",
    "CLASS",
    "DRIVER1_FIRSTNAME",
    "DRIVER1_SECONDNAME",
)

STATUSES: dict[str, str] = {
    "Classified": "classified",
    "Not classified": "nc",
    "Not started": "dns",
    "Retired": "dnf",
    "Disqualified": "dsq",
    "Excluded": "ex",
}

SPEC = ColumnSpec(
    name_case="upper",
    position="POSITION",
    number="NUMBER",
    class_code="CLASS",
    team="TEAM",
    status="STATUS",
    laps="LAPS",
    total_time="TOTAL_TIME",
    drivers=tuple(f"DRIVER_{n}" for n in range(1, MAX_DRIVERS + 1)),
    statuses=STATUSES,
    required=REQUIRED_COLUMNS,
    # Al Kamel's CLASS is the class; GROUP/DIVISION are not the portal's cups.
    cup=None,
    vehicle="VEHICLE",
    best_lap="FL_TIME",
    gap_first="GAP_FIRST",
    laps_required=True,
    total_time_required_if_classified=True,
    delimiter_label=DELIMITER,
)
SPEC_NEWER = dataclasses.replace(
    SPEC,
    drivers=tuple(prefix + "FIRSTNAME" for prefix in CREW_PREFIXES),
    required=REQUIRED_COLUMNS_NEWER,
    crew_prefixes=CREW_PREFIXES,
)


def is_newer_layout(names: Collection[str]) -> bool:
    """The header (upper-cased names) is the newer layout's: crew in name parts, no DRIVER_1."""
    return all(name in names for name in REQUIRED_COLUMNS_NEWER) and "DRIVER_1" not in names


def is_alkamel(names: Collection[str]) -> bool:
    """The header is an Al Kamel race classification of either layout."""
    return is_newer_layout(names) or all(name in names for name in REQUIRED_COLUMNS)


def read_alkamel(
    text: str,
    encoding: EncodingName = "utf-8",
    delimiter: str = DELIMITER,
    limits: FieldLimits | None = None,
) -> ParsedClassification:
    """Parse decoded text of either layout; `encoding` is only reported back, decoding is the caller's job."""
    if delimiter not in DELIMITERS:
        raise ValueError(f"Al Kamel files are separated by ';' or ',', not {delimiter!r}")
    records = csv_records(text, delimiter)
    first = next((cells for _, cells in records if any(cell.strip() for cell in cells)), [])
    header = {cell.strip().lstrip("\ufeff").upper() for cell in first}
    spec = SPEC_NEWER if is_newer_layout(header) else SPEC
    if spec is SPEC_NEWER:
        records = _newer_rows(records)
    if delimiter != DELIMITER:
        spec = dataclasses.replace(spec, delimiter_label=delimiter)
    return parse_records(records, spec, "alkamel", encoding, limits=limits)


def _newer_rows(records: list[Record]) -> list[Record]:
    """The newer layout's rows made whole: trailing blank crew cells put back, places given.

    Why padded: the timing leaves out the trailing blank cells of a car with fewer drivers (as
    in qualifying files). Only a row that reaches the crew columns is padded: a row cut
    shorter lost a separator among the result's cells and is refused as it is.

    Why places: POSITION is blank for retired (and other unclassified) cars, still printed in
    the timing's order after the classified ones; they get the places after the others, in
    file order. A *Classified* car without a position keeps its blank and is refused.
    """
    header_index = next((i for i, (_, cells) in enumerate(records) if any(c.strip() for c in cells)), None)
    if header_index is None:
        return records
    header = [cell.strip().lstrip("\ufeff").upper() for cell in records[header_index][1]]
    if len(set(header)) != len(header) or not is_newer_layout(header):
        return records  # the table reader refuses the header with its own words
    position, status = header.index("POSITION"), header.index("STATUS")
    crew_start = header.index("DRIVER1_FIRSTNAME")
    width = len(header)
    rows = [
        (number, cells + [""] * (width - len(cells)) if crew_start < len(cells) < width else cells)
        for number, cells in records[header_index + 1 :]
    ]
    printed = [_whole(cells[position]) for _, cells in rows if len(cells) == len(header)]
    next_place = max((p for p in printed if p is not None), default=0)
    placed: list[Record] = list(records[: header_index + 1])
    for row_number, cells in rows:
        if (
            len(cells) == len(header)
            and not cells[position].strip()
            and cells[status].strip()
            and STATUSES.get(cells[status].strip().capitalize()) not in (None, "classified")
        ):
            next_place += 1
            cells = [*cells[:position], str(next_place), *cells[position + 1 :]]
        placed.append((row_number, cells))
    return placed


def _whole(text: str) -> int | None:
    text = text.strip()
    # Bounded like the table reader: a cell of thousands of digits is not a place.
    return int(text) if text.isascii() and text.isdecimal() and len(text) <= 9 else None
