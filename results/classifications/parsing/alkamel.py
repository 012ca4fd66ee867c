"""Al Kamel classification CSV, as published by the timing of ACO series.

`;`-separated with a trailing `;` on every line (or `,`-separated when an archive or a
spreadsheet re-saved it: same columns); classes are interleaved in overall order and
class positions are not printed (they are derived later). Up to six drivers per car
(DRIVER_5 and DRIVER_6 appear in newer files, after the other columns).
"""

from __future__ import annotations

import dataclasses

from results.classifications.parsing.model import EncodingName, FieldLimits, ParsedClassification
from results.classifications.parsing.table import ColumnSpec, csv_records, parse_records

DELIMITER = ";"
DELIMITERS: tuple[str, ...] = (";", ",")

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
    drivers=tuple(f"DRIVER_{n}" for n in range(1, 7)),
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


def read_alkamel(
    text: str,
    encoding: EncodingName = "utf-8",
    delimiter: str = DELIMITER,
    limits: FieldLimits | None = None,
) -> ParsedClassification:
    """Parse decoded text; `encoding` is only reported back, decoding is the caller's job."""
    if delimiter not in DELIMITERS:
        raise ValueError(f"Al Kamel files are separated by ';' or ',', not {delimiter!r}")
    spec = SPEC if delimiter == DELIMITER else dataclasses.replace(SPEC, delimiter_label=delimiter)
    return parse_records(csv_records(text, delimiter), spec, "alkamel", encoding, limits=limits)
