"""The optional CSV files of a season bundle that change what the results files say (formats/README.md §3).

- `decisions.csv` (`round,number,penalty,value,document,reason`): stewards' decisions the results
  files predate; penalty `time` (value: seconds added to the race time), `laps` (laps deducted) or
  `dsq` (no value).
- `class_changes.csv` (`number,from_round,class[,cup]`): a car that changes class or cup from a
  round on.

Each line is checked as a line here (every problem with its file, row and column); what needs the
database (the car's entry, the decision service's own checks) is checked when it is written.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from results.classifications.parsing import ParsedClassification

PENALTIES: tuple[str, ...] = ("time", "laps", "dsq")


@dataclass(frozen=True)
class DecisionLine:
    row: int  # line in decisions.csv, header = 1
    round: int
    number: str
    penalty: str  # time | laps | dsq
    time_added_ms: int
    laps_deducted: int
    document: str
    reason: str


@dataclass(frozen=True)
class ClassChangeLine:
    row: int  # line in class_changes.csv, header = 1
    number: str
    from_round: int
    class_code: str  # as the season spells it
    cup_code: str  # "" = no cup


def csv_rows(path: Path, required: tuple[str, ...], problems: list[str]) -> list[tuple[int, dict[str, str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{path.name}: not readable as UTF-8 text ({exc})")
        return []
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in required if name not in header]
    if missing:
        problems.append(f"{path.name} row 1: missing column(s) {', '.join(missing)} (header: {','.join(header)})")
        return []
    # reader.line_num: the file's line of the row (blank lines are skipped, not counted away).
    return [
        (reader.line_num, {k.strip(): (v or "").strip() for k, v in row.items() if isinstance(k, str)})
        for row in reader
    ]


def _round(value: str, where: str, rounds: set[int], problems: list[str]) -> int | None:
    if not value.isdecimal() or int(value) not in rounds:
        problems.append(f"{where}: '{value}' is not a round of races.csv")
        return None
    return int(value)


def read_decisions(path: Path, rounds: set[int], cars: dict[int, set[str]], problems: list[str]) -> list[DecisionLine]:
    """`cars`: round → the car numbers of its results file (a decision on another car is refused)."""
    lines: list[DecisionLine] = []
    seen: dict[tuple[int, str], int] = {}
    for n, row in csv_rows(path, ("round", "number", "penalty", "value", "document", "reason"), problems):
        where = f"decisions.csv row {n}, column"
        before = len(problems)
        round_number = _round(row["round"], f"{where} round", rounds, problems)
        number = row["number"]
        if round_number is not None and number not in cars.get(round_number, set()):
            problems.append(f"{where} number: car '{number}' is not in results/R{round_number}.csv")
        penalty = row["penalty"].lower()
        time_ms, laps = 0, 0
        if penalty not in PENALTIES:
            problems.append(f"{where} penalty: '{row['penalty']}' is not one of {', '.join(PENALTIES)}")
        elif penalty == "time":
            time_ms = _seconds(row["value"], f"{where} value", problems)
        elif penalty == "laps":
            laps = _laps(row["value"], f"{where} value", problems)
        elif row["value"]:
            problems.append(f"{where} value: a disqualification takes no value (found '{row['value']}')")
        document = row["document"]
        if not document:
            problems.append(f"{where} document: give the stewards' document number of the decision")
        elif round_number is not None and (round_number, document) in seen:
            problems.append(
                f"{where} document: document {document} of R{round_number} is also on "
                f"row {seen[(round_number, document)]}"
            )
        if len(problems) == before and round_number is not None:
            seen[(round_number, document)] = n
            lines.append(DecisionLine(n, round_number, number, penalty, time_ms, laps, document, row["reason"]))
    return lines


def _seconds(value: str, where: str, problems: list[str]) -> int:
    try:
        seconds = Decimal(value)
    except InvalidOperation:
        seconds = Decimal(-1)
    if not seconds.is_finite() or seconds <= 0 or seconds > 86_400 or seconds != round(seconds, 3):
        problems.append(f"{where}: '{value}' is not a number of seconds (e.g. 10 or 2.5)")
        return 0
    return int(seconds * 1000)


def _laps(value: str, where: str, problems: list[str]) -> int:
    if not value.isdecimal() or not 0 < int(value) <= 10_000:
        problems.append(f"{where}: '{value}' is not a number of laps (e.g. 1)")
        return 0
    return int(value)


def read_class_changes(
    path: Path, rounds: set[int], classes: dict[str, str], cups: dict[str, str], problems: list[str]
) -> list[ClassChangeLine]:
    """`classes`/`cups`: casefolded → as the season spells them (cups: those of season.toml, if any)."""
    lines: list[ClassChangeLine] = []
    seen: dict[tuple[str, int], int] = {}
    for n, row in csv_rows(path, ("number", "from_round", "class"), problems):
        where = f"class_changes.csv row {n}, column"
        before = len(problems)
        number = row["number"]
        if not (number.isascii() and number.isdecimal()):
            problems.append(f"{where} number: '{number}' is not a car number")
        round_number = _round(row["from_round"], f"{where} from_round", rounds, problems)
        class_code = classes.get(row["class"].casefold())
        if class_code is None:
            problems.append(
                f"{where} class: unknown class '{row['class']}' (season.toml classes: {', '.join(classes.values())})"
            )
        cup = row.get("cup", "")
        cup_code = cups.get(cup.casefold(), cup) if cup else ""
        if round_number is not None and (number, round_number) in seen:
            problems.append(
                f"{where} from_round: car {number} already changes at R{round_number} on "
                f"row {seen[(number, round_number)]}"
            )
        if len(problems) == before and round_number is not None and class_code is not None:
            seen[(number, round_number)] = n
            lines.append(ClassChangeLine(n, number, round_number, class_code, cup_code))
    return lines


def check_classes(
    results: dict[int, tuple[str, bytes, ParsedClassification]], changes: list[ClassChangeLine], problems: list[str]
) -> None:
    """Each car in one class (and cup) in every results file, except where class_changes.csv moves it.

    Why here: without it the race upload refuses the car in the new class with a message about
    the entry list; this one names the file, row and column, and what to write in class_changes.csv.
    """
    moves: dict[str, list[ClassChangeLine]] = {}
    for line in sorted(changes, key=lambda line: line.from_round):
        moves.setdefault(line.number, []).append(line)
    first_seen: dict[str, tuple[str, str, int]] = {}  # car → (class, file, row) before any change
    for round_number, (filename, _, parsed) in sorted(results.items()):
        column = "CLASS" if parsed.format == "alkamel" else "class"
        for row in parsed.rows:
            where = f"results/{filename} row {row.row_number}, column {column}: car {row.number}"
            applying = [line for line in moves.get(row.number, []) if line.from_round <= round_number]
            if applying:
                change = applying[-1]
                if row.class_code.casefold() != change.class_code.casefold():
                    problems.append(
                        f"{where} is in {row.class_code} here, but class_changes.csv row {change.row} "
                        f"has it in {change.class_code} from R{change.from_round}"
                    )
                continue
            seen = first_seen.setdefault(row.number, (row.class_code, filename, row.row_number))
            if seen[0].casefold() != row.class_code.casefold():
                problems.append(
                    f"{where} is in {row.class_code} here but in {seen[0]} in results/{seen[1]} (row {seen[2]}); "
                    "list a car that changes class mid-season in class_changes.csv (number,from_round,class[,cup])"
                )
