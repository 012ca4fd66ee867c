"""Pure check of parsed rows against a race's accepted entry list (no ORM).

Cars are identified by number + class, never by name (team names change spelling from
event to event); driver names are matched to the drivers nominated for that car at the
event, ignoring case, accents, spacing, hyphens, apostrophes and dots (entries.names), in
"First LAST" or "LAST First" order; a shortened spelling ("Ferdinand HABSBURG" for Ferdinand
HABSBURG-LOTHRINGEN) matches when exactly one driver of the car's crew fits it, with a warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from entries.names import loosely_same, name_key, name_keys
from results.classifications.parsing import FileProblem, ParsedClassification, ParsedRow


@dataclass(frozen=True)
class NominatedDriver:
    driver_id: int
    first_name: str
    last_name: str


@dataclass(frozen=True)
class ListedEntry:
    """An accepted entry of the race, with the drivers nominated for the event."""

    entry_id: int
    number: str
    class_code: str
    cup_code: str
    drivers: tuple[NominatedDriver, ...] = ()


@dataclass(frozen=True)
class RowMatch:
    row: ParsedRow
    entry_id: int
    driver_ids: tuple[int, ...]


@dataclass
class MatchResult:
    matches: list[RowMatch] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _name_keys(driver: NominatedDriver) -> frozenset[str]:
    return name_keys(driver.first_name, driver.last_name)


def columns_of(parsed: ParsedClassification) -> dict[str, str]:
    if parsed.format == "sro":
        return {"number": "CAR #", "class": "CLASS", "cup": "CLASS", "drivers": "DRIVERS"}
    if parsed.format == "alkamel":
        return {"number": "NUMBER", "class": "CLASS", "cup": "CUP", "drivers": "DRIVER_1"}
    return {"number": "number", "class": "class", "cup": "cup", "drivers": "drivers"}


def _driver_column(row: ParsedRow, name: str, default: str) -> str:
    # Why: the parser drops empty driver cells, so find the cell the name came from.
    for member in row.crew:
        if member.name == name:
            return member.column
    for column, value in row.raw.items():
        if column.upper().startswith("DRIVER_") and value.strip() == name:
            return column
    return default


def match_entries(parsed: ParsedClassification, entries: Sequence[ListedEntry]) -> MatchResult:
    """Every row matched to an entry and nominated drivers, or a problem naming row and column."""
    columns = columns_of(parsed)
    by_number = {entry.number: entry for entry in entries}
    result = MatchResult()
    for row in parsed.rows:
        entry = by_number.get(row.number)
        if entry is None:
            result.problems.append(
                FileProblem(
                    row.row_number,
                    columns["number"],
                    f"car {row.number} is not on the accepted entry list of this race",
                )
            )
            continue
        problems_before = len(result.problems)
        if row.class_code.casefold() != entry.class_code.casefold():
            result.problems.append(
                FileProblem(
                    row.row_number,
                    columns["class"],
                    f"car {row.number} is entered in {entry.class_code}, not {row.class_code}",
                )
            )
        if row.cup_code and row.cup_code.casefold() != entry.cup_code.casefold():
            entered = f"the {entry.cup_code} cup" if entry.cup_code else "no cup"
            if parsed.format == "sro":
                # SRO's classification is the official word on the cup a car raced in at the event
                # (2021: #99 and #114 moved from the Pro Cup to the Silver Cup mid-season).
                result.warnings.append(
                    f"row {row.row_number}: car {row.number} is entered in {entry.cup_code or 'no cup'}; "
                    f"it raced in the {row.cup_code} here, as the file says, and scores in that cup at this race"
                )
            else:
                result.problems.append(
                    FileProblem(
                        row.row_number,
                        columns["cup"],
                        f"car {row.number} is entered in {entered}, not {row.cup_code}",
                    )
                )
        driver_ids = _match_drivers(row, entry, columns["drivers"], result)
        if len(result.problems) == problems_before:
            result.matches.append(RowMatch(row=row, entry_id=entry.entry_id, driver_ids=driver_ids))
    uploaded = {row.number for row in parsed.rows}
    missing = sorted((e.number for e in entries if e.number not in uploaded), key=lambda n: (len(n), n))
    if missing:
        result.warnings.append(f"cars on the entry list but not in the file: {', '.join(missing)}")
    return result


def nominee(name: str, entry: ListedEntry) -> tuple[NominatedDriver | None, bool]:
    """The driver of the car's crew a printed name is (race and qualifying files alike), and
    whether only as a shortened spelling (loose: exactly one nominee fits, worth a warning)."""
    key = name_key(name)
    exact = next((driver for driver in entry.drivers if key in _name_keys(driver)), None)
    if exact is not None:
        return exact, False
    fits = [d for d in entry.drivers if loosely_same(name, d.first_name, d.last_name)]
    return (fits[0], True) if len(fits) == 1 else (None, False)


def _match_drivers(row: ParsedRow, entry: ListedEntry, column: str, result: MatchResult) -> tuple[int, ...]:
    ids: list[int] = []
    for name in row.drivers:
        driver = find_nominee(name, entry.drivers)
        if driver is None:
            result.problems.append(
                FileProblem(
                    row.row_number,
                    _driver_column(row, name, column),
                    f"{name.strip()} is not nominated for car {row.number} at this event",
                )
            )
            continue
        if name_key(name) not in _name_keys(driver):
            result.warnings.append(loose_warning(row, name, driver))
        if driver.driver_id not in ids:
            ids.append(driver.driver_id)
    return tuple(ids)


def find_nominee(name: str, crew: Sequence[NominatedDriver]) -> NominatedDriver | None:
    """The nominee the name is: the same name (accents, case, order aside), else the one loose fit.

    A shortened spelling matches only when exactly one driver of the crew fits it (never a guess among two).
    """
    key = name_key(name)
    exact = next((driver for driver in crew if key in _name_keys(driver)), None)
    if exact is not None:
        return exact
    fits = [d for d in crew if loosely_same(name, d.first_name, d.last_name)]
    return fits[0] if len(fits) == 1 else None


def loose_warning(row: ParsedRow, name: str, driver: NominatedDriver) -> str:
    return (
        f"row {row.row_number}: {name.strip()} taken as {driver.first_name} {driver.last_name}, "
        f"nominated for car {row.number}"
    )
