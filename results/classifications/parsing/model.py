"""What every reader produces, whatever the uploaded format was."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

MAX_UPLOAD_BYTES = 5 * 1024 * 1024

FormatName = Literal["alkamel", "template-csv", "template-xlsx"]
EncodingName = Literal["utf-8", "utf-8-sig", "latin-1"]

# Portal status codes; also the spelling of the template's `status` column.
STATUSES: tuple[str, ...] = ("classified", "nc", "dnf", "dns", "dsq", "ex")


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


@dataclass(frozen=True)
class ParsedClassification:
    format: FormatName
    encoding: EncodingName
    rows: tuple[ParsedRow, ...]
    warnings: tuple[str, ...] = ()
