"""What every reader produces, whatever the uploaded format was."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

MAX_UPLOAD_BYTES = 5 * 1024 * 1024

FormatName = Literal["alkamel", "template-csv", "template-xlsx", "sro"]
EncodingName = Literal["utf-8", "utf-8-sig", "cp1252", "latin-1"]

# The largest value of a 32-bit signed integer column (PositiveIntegerField on every backend).
INT32_MAX = 2_147_483_647
# Digits read before a number is refused as too large: int() of thousands of digits is slow,
# and Python refuses past 4300 digits with an error of its own.
MAX_NUMBER_DIGITS = 18


@dataclass(frozen=True)
class FieldLimits:
    """What the storage of the caller can hold; None = no limit from storage.

    The parsers stay pure: the service layer reads these from its model fields and passes them,
    so a value the database would refuse becomes a row/column problem in the dry run.
    """

    max_int: int = INT32_MAX  # laps, positions
    max_ms: int = 9_223_372_036_854_775_807  # times in milliseconds
    number: int | None = None  # car number
    class_code: int | None = None
    cup_code: int | None = None
    team: int | None = None
    vehicle: int | None = None
    driver: int | None = None  # one driver's full name
    gap_first: int | None = None


# Portal status codes; also the spelling of the template's `status` column.
STATUSES: tuple[str, ...] = ("classified", "nc", "dnf", "dns", "dsq", "ex")


@dataclass(frozen=True)
class CrewMember:
    """A driver as the newer Al Kamel layout lists them: name parts, FIA category, nationality."""

    name: str  # "First LAST", as the row's `drivers` gives it
    licence: str | None  # FIA category letter P/G/S/B; None when blank or not a category
    country: str | None  # three letters; None when blank or a placeholder such as "_"
    column: str  # DRIVERn_FIRSTNAME, to point a message at the cell


@dataclass(frozen=True)
class ParsedRow:
    """One car's line of a classification, validated but not yet matched to entries."""

    row_number: int  # line in the file, header = 1, as a spreadsheet shows it
    position: int  # overall finishing order
    number: str
    class_code: str
    cup_code: str
    team: str
    drivers: tuple[str, ...]
    vehicle: str
    status: str  # one of STATUSES
    laps: int | None
    total_time_ms: int | None
    best_lap_ms: int | None
    gap_first: str  # as printed ("2 Laps"); derived data, so never trusted
    raw: dict[str, str] = field(default_factory=dict)
    # Newer Al Kamel layout only: each driver's category and nationality (empty otherwise).
    crew: tuple[CrewMember, ...] = ()


@dataclass(frozen=True)
class ParsedClassification:
    format: FormatName
    encoding: EncodingName
    rows: tuple[ParsedRow, ...]
    warnings: tuple[str, ...] = ()
