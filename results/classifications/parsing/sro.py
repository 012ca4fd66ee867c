"""SRO results CSV (formats/README.md §1b): what SRO's results site publishes per session.

`Pos,Car #,Class,Drivers,Team,Car,Time,Laps,Gap`, `,`-separated. `Pos` is the finishing order or
`NC` (no status column: a car not classified is only that); `Class` is the cup inside the
season's one class (GT3), spelled differently from event to event; `Drivers` is the crew,
comma-separated in one cell; `Time` is the car's best lap, not its race time; `Gap` is not
computed with. Qualifying sessions have the same columns with `Laps` blank (their reader is
`sro_qualifying`).

The reader knows nothing of the season: each row's `class_code` is the `Class` cell as
written. `resolve_cups` then maps it to the season's class and cup (pure, given the season's
cups), saying how each spelling was read; `Invitational` cars are guests.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from results.classifications.parsing.errors import ClassificationFileError, FileProblem
from results.classifications.parsing.model import EncodingName, FieldLimits, ParsedClassification, ParsedRow
from results.classifications.parsing.table import ColumnSpec, Record, csv_records, parse_records

DELIMITER = ","
# What tells an SRO file from the others: Al Kamel says POSITION/NUMBER, the template position/number.
MARKERS: tuple[str, ...] = ("POS", "CAR #", "CLASS", "DRIVERS")
RACE_COLUMNS: tuple[str, ...] = (*MARKERS, "TEAM", "LAPS")
COMBINED_QUALIFYING_MARKER = "AVG TIME"
STATUS_COLUMN = "STATUS"  # appended by the reader: the file has none

# `Pos` values that are not a place. Only NC is seen on SRO's site; the others are the usual
# timing abbreviations, read rather than refused when another SRO series prints them.
POS_STATUSES: dict[str, str] = {
    "NC": "nc",
    "DNF": "dnf",
    "RET": "dnf",
    "DNS": "dns",
    "DQ": "dsq",
    "DSQ": "dsq",
    "EX": "ex",
    "EXC": "ex",
}
_STATUS_LABELS: dict[str, str] = {"Classified": "classified", **POS_STATUSES}

SPEC = ColumnSpec(
    name_case="upper",
    position="POS",
    number="CAR #",
    class_code="CLASS",
    team="TEAM",
    status=STATUS_COLUMN,
    laps="LAPS",
    total_time="",  # SRO prints no race time: `Time` is the best lap
    drivers=("DRIVERS",),
    driver_separator=",",
    statuses=_STATUS_LABELS,
    required=(*RACE_COLUMNS, "TIME"),
    vehicle="CAR",
    best_lap="TIME",
    gap_first=None,  # the site's gap (to the car ahead, odd values for lapped cars) is not used
    delimiter_label=DELIMITER,
    appended_columns=1,
)

# The class of the cars SRO invites to an event: classified, never scoring.
GUEST_CLASS_KEY = "invitational"


def header_upper(cells: Sequence[str]) -> set[str]:
    return {cell.strip().lstrip("\ufeff").upper() for cell in cells}


def looks_like_sro(header_line: str) -> bool:
    """A header line of an SRO results table (race or qualifying)."""
    records = csv_records(header_line, DELIMITER)
    return bool(records) and all(marker in header_upper(records[0][1]) for marker in MARKERS)


def read_sro(text: str, encoding: EncodingName = "utf-8", limits: FieldLimits | None = None) -> ParsedClassification:
    """Parse an SRO race classification; raise ClassificationFileError listing every problem."""
    records = [(number, cells) for number, cells in csv_records(text, DELIMITER) if any(c.strip() for c in cells)]
    if not records:
        raise ClassificationFileError.file_level("file is empty")
    header = header_upper(records[0][1])
    if COMBINED_QUALIFYING_MARKER in header:
        raise ClassificationFileError.file_level(
            "this file looks like an SRO combined qualifying (columns Avg Time, Time 1...), not a race "
            "classification; upload it on the qualifying page of the event"
        )
    if "LAPS" in header and len(records) > 1 and not _any_laps(records):
        raise ClassificationFileError.file_level(
            "column Laps is blank on every row: this looks like an SRO qualifying session, not a race; "
            "upload it on the qualifying page of the event"
        )
    return parse_records(_with_status(records), SPEC, "sro", encoding, limits=limits)


def _any_laps(records: list[Record]) -> bool:
    header = [cell.strip().upper() for cell in records[0][1]]
    column = header.index("LAPS")
    return any(len(cells) > column and cells[column].strip() for _, cells in records[1:])


def _with_status(records: list[Record]) -> list[Record]:
    """Records with a STATUS cell read from `Pos`, and a place for every car not classified.

    Why places for them: the rows keep the file's order; cars not classified come after the
    classified ones (SRO lists them last), numbered on from the last place.
    """
    header_number, header = records[0]
    names = [cell.strip().lstrip("\ufeff").upper() for cell in header]
    if "POS" not in names:
        return records  # parse_records names the missing columns
    column = names.index("POS")
    rows = records[1:]
    placed = sum(1 for _, cells in rows if len(cells) > column and cells[column].strip().isdecimal())
    out: list[Record] = [(header_number, [*header, STATUS_COLUMN])]
    next_place = placed
    for row_number, cells in rows:
        pos = cells[column].strip() if len(cells) > column else ""
        status = POS_STATUSES.get(pos.upper())
        if status is None:
            # A place (or a wrong value, which the position check reports with its cell).
            out.append((row_number, [*cells, "Classified"]))
            continue
        next_place += 1
        edited = list(cells)
        edited[column] = str(next_place)
        out.append((row_number, [*edited, pos.upper()]))
    return out


# --- cups ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeasonCup:
    code: str
    name: str


def cup_key(text: str) -> str:
    """`Pro-AM Cup`, `pro am`, `ProAm` → `proam`; `Bronze` and `Bronze Cup` → `bronze`."""
    key = re.sub(r"[^0-9a-z]", "", text.casefold())
    return key.removesuffix("cup") or key


def is_guest_row(row: ParsedRow) -> bool:
    """An `Invitational` car of an SRO file (after resolve_cups too: the cell is kept in `raw`)."""
    return cup_key(row.raw.get("CLASS", "")) == GUEST_CLASS_KEY


def resolve_cups(parsed: ParsedClassification, class_code: str, cups: Sequence[SeasonCup]) -> ParsedClassification:
    """Each row put in the season's one class and the cup its `Class` cell names.

    Spellings are matched on letters and digits only, case and a trailing "Cup" ignored, to the
    code or the name of a season's cup. One warning per spelling says how it was read; a cell
    naming no cup of the season is a problem of its row (nothing is guessed).
    """
    by_key: dict[str, SeasonCup] = {}
    for cup in cups:
        by_key.setdefault(cup_key(cup.code), cup)
        if cup.name:
            by_key.setdefault(cup_key(cup.name), cup)
    problems: list[FileProblem] = []
    read_as: dict[str, list[str]] = {}
    rows: list[ParsedRow] = []
    for row in parsed.rows:
        written = row.class_code
        key = cup_key(written)
        cup_code = ""
        if key == GUEST_CLASS_KEY:
            read_as.setdefault(f"{written!r} read as a guest, classified but not scoring:", []).append(f"#{row.number}")
        elif key in by_key:
            cup = by_key[key]
            cup_code = cup.code
            read_as.setdefault(f"{written!r} read as the {cup.name or cup.code}", []).append(f"#{row.number}")
        elif cups:
            known = ", ".join(cup.name or cup.code for cup in cups)
            problems.append(FileProblem(row.row_number, "CLASS", f"{written!r} is not a cup of this season ({known})"))
        else:
            read_as.setdefault(f"{written!r} not used (the season has no cups)", []).append(f"#{row.number}")
        rows.append(dataclasses.replace(row, class_code=class_code, cup_code=cup_code))
    warnings = [f"column Class: {how} {_cars(how, cars)}" for how, cars in read_as.items()]
    resolved = dataclasses.replace(parsed, rows=tuple(rows), warnings=(*parsed.warnings, *warnings))
    if problems:
        # The rows go along (a cup not found left blank): the entry list is still checked on them.
        raise ClassificationFileError(problems, partial=resolved)
    return resolved


def _cars(how: str, cars: list[str]) -> str:
    # Guests are few and each one matters (it scores nothing): named; cups are counted.
    if how.endswith(":"):
        return ", ".join(cars)
    return f"({len(cars)} car{'s' if len(cars) > 1 else ''})"
