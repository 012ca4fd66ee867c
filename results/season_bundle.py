"""Reading and checking a season bundle folder (formats/README.md §3), before anything is written.

`read_bundle` reads every file of the bundle and lists every problem it finds (file, row, column)
in one BundleError; what needs the database (entries, the entry list of a qualifying) is checked
by the services `results.season_import` writes through.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from championships.models import QualifyingSets
from results.classifications.parsing import (
    ClassificationFileError,
    ParsedClassification,
    parse_classification,
)
from results.classifications.parsing.qualifying import parse_qualifying
from results.season_laps import LapFile, read_lap_files


class BundleError(Exception):
    """Every problem found in a bundle, each naming its file, row and column."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class RaceLine:
    round: int
    event: str
    circuit: str
    day: date
    duration_min: int
    points_factor: Decimal | None


@dataclass(frozen=True)
class QualifyingFile:
    """A qualifying session of an event, named after the first race it sets (R<round>[-<label>].csv)."""

    round: int
    label: str  # "" for R<round>.csv
    filename: str
    data: bytes


QUALIFYING_NAME = re.compile(r"[Rr](?P<round>\d{1,4})(?:-(?P<label>[A-Za-z0-9][A-Za-z0-9_-]{0,40}))?")


@dataclass
class Bundle:
    meta: dict[str, Any]
    races: list[RaceLine]
    poles: list[tuple[int, str, str]]
    eligibility: dict[tuple[str, str], bool]
    results: dict[int, tuple[str, bytes, ParsedClassification]] = field(default_factory=dict)
    # One per session: qualifying/R<round>.csv or R<round>-<label>.csv, in file-name order.
    qualifying: list[QualifyingFile] = field(default_factory=list)
    # laps/R<round>.csv and qualifying/R<round>[-<label>]-laps.csv (results.season_laps).
    lap_files: list[LapFile] = field(default_factory=list)


REQUIRED_META = ("series", "series_code", "season", "governing_bodies", "classes")
REQUIRED_POINTS = ("scale",)


def _csv_rows(path: Path, required: tuple[str, ...], problems: list[str]) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in required if c not in header]
    if missing:
        problems.append(f"{path.name}: missing column(s) {', '.join(missing)} (header: {','.join(header)})")
        return []
    return [{k.strip(): (v or "").strip() for k, v in row.items() if k} for row in reader]


def _meta(path: Path, problems: list[str]) -> dict[str, Any]:
    try:
        meta = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        problems.append(f"season.toml: {exc}")
        return {}
    for key in REQUIRED_META:
        if key not in meta:
            problems.append(f"season.toml: missing key '{key}'")
    points = meta.get("points", {})
    for key in REQUIRED_POINTS:
        if key not in points:
            problems.append(f"season.toml: missing key 'points.{key}'")
    rule = points.get("qualifying_sets", QualifyingSets.ALL_RACES_OF_EVENT)
    if rule not in QualifyingSets.values:
        problems.append(
            f"season.toml: points.qualifying_sets '{rule}' is not one of {', '.join(QualifyingSets.values)}"
        )
    return meta


def _races(path: Path, problems: list[str]) -> list[RaceLine]:
    lines = []
    for n, row in enumerate(
        _csv_rows(path, ("round", "event", "circuit", "date", "scheduled_duration_min"), problems), start=2
    ):
        where = f"races.csv row {n}"
        try:
            lines.append(
                RaceLine(
                    round=int(row["round"]),
                    event=row["event"],
                    circuit=row["circuit"],
                    day=date.fromisoformat(row["date"]),
                    duration_min=int(row["scheduled_duration_min"]),
                    points_factor=Decimal(row["points_factor"]) if row.get("points_factor") else None,
                )
            )
        except (ValueError, InvalidOperation) as exc:
            problems.append(f"{where}: {exc}")
        if not row.get("event") or not row.get("circuit"):
            problems.append(f"{where}: event and circuit must not be empty")
    rounds = [line.round for line in lines]
    for duplicate in sorted({r for r in rounds if rounds.count(r) > 1}):
        problems.append(f"races.csv: round {duplicate} appears more than once")
    return lines


def read_bundle(directory: Path) -> Bundle:
    """Read and check every file of the bundle; BundleError lists all problems."""
    problems: list[str] = []
    if not (directory / "season.toml").is_file():
        raise BundleError([f"{directory}: no season.toml (is this a season bundle?)"])
    if not (directory / "races.csv").is_file():
        raise BundleError([f"{directory}: no races.csv"])
    meta = _meta(directory / "season.toml", problems)
    races = _races(directory / "races.csv", problems)
    # Casefolded → as configured: files write classes in any case ('LMP2 PRO/AM' for 'LMP2 Pro/Am').
    classes = {str(code).casefold(): str(code) for code in meta.get("classes", [])}
    poles: list[tuple[int, str, str]] = []
    if (directory / "poles.csv").is_file():
        for n, row in enumerate(_csv_rows(directory / "poles.csv", ("round", "class", "number"), problems), start=2):
            if not row["round"].isdecimal():
                problems.append(f"poles.csv row {n}, column round: '{row['round']}' is not a round number")
                continue
            if row["class"].casefold() not in classes:
                problems.append(f"poles.csv row {n}, column class: unknown class '{row['class']}'")
            poles.append((int(row["round"]), classes.get(row["class"].casefold(), row["class"]), row["number"]))
    eligibility: dict[tuple[str, str], bool] = {}
    if (directory / "eligibility.csv").is_file():
        for n, row in enumerate(
            _csv_rows(directory / "eligibility.csv", ("number", "class", "eligible"), problems), start=2
        ):
            value = row["eligible"].lower()
            if value not in ("true", "false", "yes", "no", "1", "0"):
                problems.append(f"eligibility.csv row {n}, column eligible: '{row['eligible']}' is not true/false")
            eligibility[(row["number"], row["class"].casefold())] = value in ("true", "yes", "1")
    bundle = Bundle(meta=meta, races=races, poles=poles, eligibility=eligibility)
    for line in races:
        path = directory / "results" / f"R{line.round}.csv"
        if not path.is_file():
            continue  # a round without results yet (calendar only)
        data = path.read_bytes()
        try:
            parsed = parse_classification(data, path.name)
        except ClassificationFileError as exc:
            problems.extend(f"results/{path.name}: {problem}" for problem in exc.errors)
            continue
        for parsed_row in parsed.rows:
            if parsed_row.class_code.casefold() not in classes:
                problems.append(
                    f"results/{path.name} row {parsed_row.row_number}, column class: unknown class "
                    f"'{parsed_row.class_code}' (season.toml classes: {', '.join(sorted(classes.values()))})"
                )
        bundle.results[line.round] = (path.name, data, parsed)
    known_rounds = {line.round for line in races}
    for stray in sorted((directory / "results").glob("R*.csv")) if (directory / "results").is_dir() else []:
        if not stray.stem[1:].isdecimal() or int(stray.stem[1:]) not in known_rounds:
            problems.append(f"results/{stray.name}: no such round in races.csv")
    bundle.qualifying = _qualifying_files(directory / "qualifying", races, problems)
    bundle.lap_files = read_lap_files(directory, {line.round: line.event for line in races}, problems)
    if problems:
        raise BundleError(problems)
    return bundle


def _qualifying_name(stem: str) -> tuple[int, str] | None:
    """'R1' → (1, ''), 'R1-gt' → (1, 'gt'); None for any other name."""
    match = QUALIFYING_NAME.fullmatch(stem)
    return (int(match["round"]), (match["label"] or "").lower()) if match else None


def _qualifying_files(folder: Path, races: list[RaceLine], problems: list[str]) -> list[QualifyingFile]:
    """qualifying/R<round>.csv or R<round>-<label>.csv (one file per session), named after the first
    race of its event.

    Which races of the event a session sets the poles of is the season's rule (points.qualifying_sets);
    the file is checked here as a file, and against the entries when it is uploaded. Lap files
    (`…-laps.csv`, §5) are read by the lap-data import, not here.
    """
    if not folder.is_dir():
        return []
    first_rounds: dict[str, int] = {}
    for line in sorted(races, key=lambda line: line.round):
        first_rounds.setdefault(line.event, line.round)
    events = {line.round: line.event for line in races}
    files: list[QualifyingFile] = []
    for path in sorted(folder.iterdir()):
        where = f"qualifying/{path.name}"
        named = _qualifying_name(path.stem) if path.suffix.lower() == ".csv" else None
        if named is not None and named[1].endswith("laps"):
            continue
        if named is None:
            problems.append(
                f"{where}: name a qualifying file R<round>.csv or R<round>-<session>.csv after the first race it "
                "sets, e.g. R1.csv or R1-gt.csv"
            )
            continue
        round_no, label = named
        if round_no not in events:
            problems.append(f"{where}: no such round in races.csv")
            continue
        first = first_rounds[events[round_no]]
        if first != round_no:
            problems.append(
                f"{where}: R{round_no} is not the first race of {events[round_no]}; "
                f"name its qualifying after R{first}, the first race it sets"
            )
            continue
        data = path.read_bytes()
        try:
            parse_qualifying(data, path.name)
        except ClassificationFileError as exc:
            problems.extend(f"{where}: {problem}" for problem in exc.errors)
            continue
        files.append(QualifyingFile(round_no, label, path.name, data))
    return files
