"""Reading and checking a season bundle folder (formats/README.md §3), before anything is written.

`read_bundle` reads every file of the bundle and lists every problem it finds (file, row, column)
in one BundleError; what needs the database (entries, the entry list of a qualifying) is checked
by the services `results.season_import` writes through.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from championships.extra_championships import STANDARD_TABLES, Competitors
from championships.models import QualifyingSets
from results.classifications.parsing import (
    ClassificationFileError,
    ParsedClassification,
    parse_classification,
)
from results.classifications.parsing.qualifying import parse_qualifying
from results.season_bundle_cups import declared_cups, invited_cars, sro_in_bundle
from results.season_bundle_lines import (
    ClassChangeLine,
    DecisionLine,
    check_classes,
    csv_rows,
    read_class_changes,
    read_decisions,
)
from results.season_bundle_rules import check_points
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
class ChampionshipLine:
    """One `[[championships]]` table of season.toml: an extra championship (§3)."""

    name: str
    competitors: str
    classes: tuple[str, ...]
    cups: tuple[str, ...]
    rounds: tuple[int, ...]  # empty: every round
    numbers: tuple[str, ...]  # empty: every car


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
    poles: list[tuple[int, str, str, int]]  # round, class, car, row of poles.csv
    eligibility: dict[tuple[str, str], bool]
    results: dict[int, tuple[str, bytes, ParsedClassification]] = field(default_factory=dict)
    # One per session: qualifying/R<round>.csv or R<round>-<label>.csv, in file-name order.
    qualifying: list[QualifyingFile] = field(default_factory=list)
    championships: list[ChampionshipLine] = field(default_factory=list)
    # [cups] of season.toml: class code -> its cups' names (also their codes), in order.
    cups: dict[str, list[str]] = field(default_factory=dict)
    # Car numbers Invitational in every SRO file of the bundle: guest entries.
    invited: set[str] = field(default_factory=set)
    # Round -> the [points.rounds.N] keys that override [points] for that race.
    round_rules: dict[int, dict[str, Any]] = field(default_factory=dict)
    class_changes: list[ClassChangeLine] = field(default_factory=list)  # class_changes.csv
    decisions: list[DecisionLine] = field(default_factory=list)  # decisions.csv
    # laps/R<round>.csv and qualifying/R<round>[-<label>]-laps.csv (results.season_laps).
    lap_files: list[LapFile] = field(default_factory=list)


REQUIRED_META = ("series", "series_code", "season", "governing_bodies", "classes")
REQUIRED_POINTS = ("scale",)


def _meta(path: Path, problems: list[str]) -> dict[str, Any]:
    try:
        meta = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        problems.append(f"season.toml: {exc}")
        return {}
    for key in REQUIRED_META:
        if key not in meta:
            problems.append(f"season.toml, key {key}: missing")
    points = meta.get("points", {})
    for key in REQUIRED_POINTS:
        if key not in points:
            problems.append(f"season.toml, [points] key {key}: missing")
    return meta


def _races(path: Path, problems: list[str]) -> list[RaceLine]:
    lines = []
    first_row: dict[int, int] = {}
    for n, row in csv_rows(path, ("round", "event", "circuit", "date", "scheduled_duration_min"), problems):
        where = f"races.csv row {n}, column"
        before = len(problems)
        round_text, minutes, factor = row["round"], row["scheduled_duration_min"], row.get("points_factor", "")
        if not round_text.isdecimal() or int(round_text) < 1:
            problems.append(f"{where} round: '{round_text}' is not a round number (1, 2, ...)")
        elif int(round_text) in first_row:
            problems.append(f"{where} round: round {round_text} is also on row {first_row[int(round_text)]}")
        else:
            first_row[int(round_text)] = n
        for column in ("event", "circuit"):
            if not row[column]:
                problems.append(f"{where} {column}: must not be empty")
        try:
            day = date.fromisoformat(row["date"])
        except ValueError as exc:
            problems.append(f"{where} date: '{row['date']}' is not a date (YYYY-MM-DD): {exc}")
        if not minutes.isdecimal():
            problems.append(f"{where} scheduled_duration_min: '{minutes}' is not a number of minutes")
        try:
            points_factor = Decimal(factor) if factor else None
        except InvalidOperation:
            points_factor = None
            problems.append(f"{where} points_factor: '{factor}' is not a number (e.g. 0.5, 1.5)")
        if len(problems) == before:
            lines.append(RaceLine(int(round_text), row["event"], row["circuit"], day, int(minutes), points_factor))
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
    round_rules = check_points(
        (directory / "season.toml").read_text(encoding="utf-8", errors="replace"),
        meta,
        {line.round for line in races},
        problems,
    )
    # Casefolded → as configured: files write classes in any case ('LMP2 PRO/AM' for 'LMP2 Pro/Am').
    classes = {str(code).casefold(): str(code) for code in meta.get("classes", [])}
    poles: list[tuple[int, str, str, int]] = []
    if (directory / "poles.csv").is_file():
        for n, row in csv_rows(directory / "poles.csv", ("round", "class", "number"), problems):
            if not row["round"].isdecimal():
                problems.append(f"poles.csv row {n}, column round: '{row['round']}' is not a round number")
                continue
            if row["class"].casefold() not in classes:
                problems.append(f"poles.csv row {n}, column class: unknown class '{row['class']}'")
            poles.append((int(row["round"]), classes.get(row["class"].casefold(), row["class"]), row["number"], n))
    eligibility: dict[tuple[str, str], bool] = {}
    if (directory / "eligibility.csv").is_file():
        for n, row in csv_rows(directory / "eligibility.csv", ("number", "class", "eligible"), problems):
            value = row["eligible"].lower()
            if value not in ("true", "false", "yes", "no", "1", "0"):
                problems.append(f"eligibility.csv row {n}, column eligible: '{row['eligible']}' is not true/false")
            eligibility[(row["number"], row["class"].casefold())] = value in ("true", "yes", "1")
    bundle = Bundle(meta=meta, races=races, poles=poles, eligibility=eligibility, round_rules=round_rules)
    bundle.championships = _championships(meta, classes, races, problems)
    bundle.cups = declared_cups(meta, problems)
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
        parsed = sro_in_bundle(parsed, meta, bundle.cups, f"results/{path.name}", problems)
        for parsed_row in parsed.rows:
            if parsed_row.class_code.casefold() not in classes:
                problems.append(
                    f"results/{path.name} row {parsed_row.row_number}, column class: unknown class "
                    f"'{parsed_row.class_code}' (season.toml classes: {', '.join(sorted(classes.values()))})"
                )
        bundle.results[line.round] = (path.name, data, parsed)
    bundle.invited = invited_cars(bundle.results, eligibility, problems)
    known_rounds = {line.round for line in races}
    for stray in sorted((directory / "results").glob("R*.csv")) if (directory / "results").is_dir() else []:
        if not stray.stem[1:].isdecimal() or int(stray.stem[1:]) not in known_rounds:
            problems.append(f"results/{stray.name}: no such round in races.csv")
    own_race = meta.get("points", {}).get("qualifying_sets") == QualifyingSets.OWN_RACE
    bundle.qualifying = _qualifying_files(directory / "qualifying", races, problems, own_race=own_race)
    rounds = {line.round for line in races}
    if (directory / "class_changes.csv").is_file():
        bundle.class_changes = read_class_changes(directory / "class_changes.csv", rounds, classes, {}, problems)
    check_classes(bundle.results, bundle.class_changes, problems)
    if (directory / "decisions.csv").is_file():
        cars = {
            round_number: {row.number for row in parsed.rows} for round_number, (_, _, parsed) in bundle.results.items()
        }
        bundle.decisions = read_decisions(directory / "decisions.csv", rounds, cars, problems)
    bundle.lap_files = read_lap_files(directory, {line.round: line.event for line in races}, problems)
    if problems:
        raise BundleError(problems)
    return bundle


def _qualifying_name(stem: str) -> tuple[int, str] | None:
    """'R1' → (1, ''), 'R1-gt' → (1, 'gt'); None for any other name."""
    match = QUALIFYING_NAME.fullmatch(stem)
    return (int(match["round"]), (match["label"] or "").lower()) if match else None


def _qualifying_files(
    folder: Path, races: list[RaceLine], problems: list[str], *, own_race: bool = False
) -> list[QualifyingFile]:
    """qualifying/R<round>.csv or R<round>-<label>.csv (one file per session), named after the first
    race of its event (with `qualifying_sets = "own_race"`, after the one race it sets, whichever of
    the event).

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
        if first != round_no and not own_race:
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


CHAMPIONSHIP_KEYS = ("name", "classes", "cups", "rounds", "competitors", "numbers")


def _string_list(value: object, where: str, problems: list[str]) -> list[str]:
    # Why not bool: TOML's true is an int to isinstance, and never a class, round or number.
    if not isinstance(value, list) or not all(
        isinstance(item, str | int) and not isinstance(item, bool) for item in value
    ):
        problems.append(f'{where}: give a list, e.g. ["LMP2", "LMP3"]')
        return []
    return [str(item).strip() for item in value]


def _championships(
    meta: dict[str, Any], classes: dict[str, str], races: list[RaceLine], problems: list[str]
) -> list[ChampionshipLine]:
    """`[[championships]]` of season.toml: name, classes and/or cups, rounds (default every round),
    competitors ("drivers" or "teams"), optionally the car numbers that score. Cups are checked
    against the season's cups when imported (cups are created from the results)."""
    tables = meta.get("championships", [])
    if not isinstance(tables, list) or not all(isinstance(table, dict) for table in tables):
        problems.append("season.toml: championships must be [[championships]] tables")
        return []
    known_rounds = {line.round for line in races}
    lines: list[ChampionshipLine] = []
    names: set[str] = set()
    for index, table in enumerate(tables, start=1):
        name = str(table.get("name", "")).strip()
        where = f"season.toml: championships #{index}" + (f" ({name})" if name else "")
        for key in sorted(set(table) - set(CHAMPIONSHIP_KEYS)):
            problems.append(f"{where}, key {key}: unknown key (known: {', '.join(CHAMPIONSHIP_KEYS)})")
        if not name:
            problems.append(f"{where}, key name: give the championship's name")
        elif name.casefold() in STANDARD_TABLES:
            problems.append(f"{where}, key name: '{name}' is the name of a standard table of every class")
        elif name.casefold() in names:
            problems.append(f"{where}, key name: a championship of that name is already listed")
        names.add(name.casefold())
        competitors = table.get("competitors", Competitors.DRIVERS)
        if competitors not in Competitors.values:
            problems.append(f"{where}, key competitors: '{competitors}' is not drivers or teams")
        class_codes = _string_list(table.get("classes", []), f"{where}, key classes", problems)
        for code in class_codes:
            if code.casefold() not in classes:
                problems.append(
                    f"{where}, key classes: unknown class '{code}' (classes: {', '.join(sorted(classes.values()))})"
                )
        rounds: list[int] = []
        for value in _string_list(table.get("rounds", []), f"{where}, key rounds", problems):
            if not value.isdecimal() or int(value) not in known_rounds:
                problems.append(f"{where}, key rounds: round {value} is not in races.csv")
            else:
                rounds.append(int(value))
        lines.append(
            ChampionshipLine(
                name=name,
                competitors=str(competitors),
                classes=tuple(classes.get(code.casefold(), code) for code in class_codes),
                cups=tuple(_string_list(table.get("cups", []), f"{where}, key cups", problems)),
                rounds=tuple(sorted(set(rounds))),
                numbers=tuple(_string_list(table.get("numbers", []), f"{where}, key numbers", problems)),
            )
        )
    return lines
