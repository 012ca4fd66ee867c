"""Load a whole season from a bundle folder (formats/README.md §3): `manage.py import_season DIR`.

Everything is checked first (every file, every row) and written in one transaction, so a bad
bundle changes nothing. Importing the same bundle twice changes nothing either: rows are
matched on series + season + round / car number, and a classification whose file is already
stored (same SHA-256) is not uploaded again.
"""

from __future__ import annotations

import csv
import hashlib
import io
import tomllib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction

from championships.models import (
    Circuit,
    Cup,
    Event,
    Organisation,
    PointsRules,
    Race,
    RacingClass,
    Season,
    Series,
    TeamScoring,
)
from entries.models import Driver, Entry, EntryKind, EntryStatus, Nomination, Team
from results.classifications.matching import normalise_name
from results.classifications.models import ClassificationStatus, ClassificationVersion
from results.classifications.parsing import ClassificationFileError, ParsedClassification, parse_classification
from results.classifications.services import (
    classification_confirm,
    classification_publish,
    classification_upload_preview,
)
from results.standings.models import RacePole


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


@dataclass
class Bundle:
    meta: dict[str, Any]
    races: list[RaceLine]
    poles: list[tuple[int, str, str]]
    eligibility: dict[tuple[str, str], bool]
    results: dict[int, tuple[str, bytes, ParsedClassification]] = field(default_factory=dict)


@dataclass
class ImportReport:
    season: Season
    created: dict[str, int] = field(default_factory=dict)
    uploaded_rounds: list[int] = field(default_factory=list)

    def count(self, what: str, created: bool) -> None:
        if created:
            self.created[what] = self.created.get(what, 0) + 1


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
    classes = set(meta.get("classes", []))
    poles: list[tuple[int, str, str]] = []
    if (directory / "poles.csv").is_file():
        for n, row in enumerate(_csv_rows(directory / "poles.csv", ("round", "class", "number"), problems), start=2):
            if not row["round"].isdecimal():
                problems.append(f"poles.csv row {n}, column round: '{row['round']}' is not a round number")
                continue
            if row["class"] not in classes:
                problems.append(f"poles.csv row {n}, column class: unknown class '{row['class']}'")
            poles.append((int(row["round"]), row["class"], row["number"]))
    eligibility: dict[tuple[str, str], bool] = {}
    if (directory / "eligibility.csv").is_file():
        for n, row in enumerate(
            _csv_rows(directory / "eligibility.csv", ("number", "class", "eligible"), problems), start=2
        ):
            value = row["eligible"].lower()
            if value not in ("true", "false", "yes", "no", "1", "0"):
                problems.append(f"eligibility.csv row {n}, column eligible: '{row['eligible']}' is not true/false")
            eligibility[(row["number"], row["class"])] = value in ("true", "yes", "1")
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
            if parsed_row.class_code not in classes:
                problems.append(
                    f"results/{path.name} row {parsed_row.row_number}, column class: unknown class "
                    f"'{parsed_row.class_code}' (season.toml classes: {', '.join(sorted(classes))})"
                )
        bundle.results[line.round] = (path.name, data, parsed)
    known_rounds = {line.round for line in races}
    for stray in sorted((directory / "results").glob("R*.csv")) if (directory / "results").is_dir() else []:
        if not stray.stem[1:].isdecimal() or int(stray.stem[1:]) not in known_rounds:
            problems.append(f"results/{stray.name}: no such round in races.csv")
    if problems:
        raise BundleError(problems)
    return bundle


def split_name(name: str) -> tuple[str, str]:
    """'Pierre THIRIET' → ('Pierre', 'THIRIET'); 'Paul VAN SPLUNTEREN' → ('Paul', 'VAN SPLUNTEREN')."""
    words = name.split()
    upper = [w for w in words if w.isupper() and len(w) > 1]
    if upper and len(upper) < len(words):
        first = " ".join(w for w in words if w not in upper)
        return first, " ".join(upper)
    return " ".join(words[:-1]), words[-1] if words else ""


def _season(bundle: Bundle, report_created: dict[str, int]) -> Season:
    meta = bundle.meta
    series, _ = Series.objects.get_or_create(code=meta["series_code"], defaults={"name": meta["series"]})
    bodies = [
        Organisation.objects.get_or_create(code=code.lower(), defaults={"name": code})[0]
        for code in meta["governing_bodies"]
    ]
    series.governing_bodies.add(*bodies)
    season, created = Season.objects.get_or_create(series=series, name=str(meta["season"]))
    if created:
        report_created["season"] = 1
    for order, code in enumerate(meta["classes"]):
        RacingClass.objects.get_or_create(season=season, code=code, defaults={"order": order})
    points = meta.get("points", {})
    rules = PointsRules.objects.filter(season=season, race=None).first() or PointsRules(season=season)
    rules.scale = " ".join(str(v) for v in points["scale"])
    rules.beyond_scale = Decimal(str(points.get("beyond_scale", 0)))
    rules.pole = Decimal(str(points.get("pole", 0)))
    rules.classification_min_share = Decimal(str(points.get("classification_min_share", "0.70")))
    rules.best_results = int(points.get("best_results", 0))
    rules.tie_break = points.get("tie_break", "countback")
    # Optional beyond formats/README.md: GTWC Asia scores teams with their best two cars.
    rules.team_scoring = points.get("team_scoring", TeamScoring.PER_CAR)
    rules.team_best_n = int(points.get("team_best_n", 2))
    rules.guests_score = points.get("guests_score", False)
    rules.save()  # full_clean: a rule set that cannot be applied is refused here
    return season


def _calendar(season: Season, bundle: Bundle) -> dict[int, Race]:
    races: dict[int, Race] = {}
    for line in bundle.races:
        circuit, _ = Circuit.objects.get_or_create(name=line.circuit, defaults={"country": ""})
        event, _ = Event.objects.get_or_create(
            season=season, name=line.event, defaults={"circuit": circuit, "start_date": line.day, "end_date": line.day}
        )
        if line.day < event.start_date or line.day > event.end_date:
            event.start_date, event.end_date = min(event.start_date, line.day), max(event.end_date, line.day)
            event.save()
        race, _ = Race.objects.update_or_create(
            season=season,
            round=line.round,
            defaults={
                "event": event,
                "name": f"Race {line.round}",
                "race_date": line.day,
                "scheduled_duration_min": line.duration_min,
            },
        )
        if line.points_factor is None or line.points_factor == 1:
            # Re-importing a bundle whose race went back to full points drops the old override.
            PointsRules.objects.filter(race=race).delete()
        else:
            override = PointsRules.objects.filter(race=race).first() or PointsRules(season=season, race=race)
            season_rules = PointsRules.objects.get(season=season, race=None)
            for name in ("scale", "beyond_scale", "pole", "classification_min_share", "best_results", "tie_break"):
                setattr(override, name, getattr(season_rules, name))
            override.points_factor = line.points_factor
            override.save()
        races[line.round] = race
    return races


def _driver(name: str, cache: dict[str, Driver]) -> Driver:
    key = normalise_name(name)
    if key not in cache:
        first, last = split_name(name.strip())
        cache[key] = Driver.objects.create(first_name=first, last_name=last, nationality="")
    return cache[key]


def _cup(season: Season, code: str, racing_class: RacingClass, cups: dict[str, Cup]) -> Cup:
    """The season's cup of that code, created (within the row's class) on first sight."""
    cup = cups.get(code)
    if cup is None:
        cup = cups[code] = Cup.objects.create(season=season, code=code, name=code, racing_class=racing_class)
    elif cup.racing_class_id not in (None, racing_class.pk):
        cup.racing_class = None  # the same cup in two classes: a cup of the whole season
        cup.save(update_fields=["racing_class"])
    return cup


def _entries(season: Season, bundle: Bundle, races: dict[int, Race], report: ImportReport) -> None:
    """Teams, entries, drivers and nominations from the result rows (matched on car number)."""
    classes = {c.code: c for c in season.classes.all()}
    cups = {c.code: c for c in season.cups.all()}
    drivers = {normalise_name(f"{d.first_name} {d.last_name}"): d for d in Driver.objects.all()}
    for round_no, (_, _, parsed) in sorted(bundle.results.items()):
        event = races[round_no].event
        for row in parsed.rows:
            eligible = bundle.eligibility.get((row.number, row.class_code), True)
            entry = (
                Entry.objects.filter(season=season, number=row.number)
                .exclude(status__in=[EntryStatus.REJECTED, EntryStatus.WITHDRAWN])
                .first()
            )
            if entry is None:
                team = Team.objects.filter(name__iexact=row.team).first()
                if team is None:
                    team = Team.objects.create(name=row.team)
                    report.count("teams", True)
                entry = Entry.objects.create(
                    season=season,
                    team=team,
                    number=row.number,
                    racing_class=classes[row.class_code],
                    # Why: the upload checks each row's cup against the entry's, and cup
                    # championships are scored from the entry's cup.
                    cup=_cup(season, row.cup_code, classes[row.class_code], cups) if row.cup_code else None,
                    kind=EntryKind.FULL_SEASON if eligible else EntryKind.GUEST,
                    status=EntryStatus.ACCEPTED,
                )
                report.count("entries", True)
            elif (entry.kind == EntryKind.FULL_SEASON) != eligible:
                # The bundle is the source of truth for who scores: a corrected eligibility.csv
                # re-imported must change the existing entry (the signal marks standings dirty).
                entry.kind = EntryKind.FULL_SEASON if eligible else EntryKind.GUEST
                entry.save(update_fields=["kind", "updated_at"])
            if entry.kind == EntryKind.GUEST:
                entry.events.add(event)
            for name in row.drivers:
                driver = _driver(name, drivers)
                _, created = Nomination.objects.get_or_create(entry=entry, event=event, driver=driver, removed_at=None)
                report.count("nominations", created)


def _classifications(bundle: Bundle, races: dict[int, Race], user: Any, report: ImportReport) -> None:
    for round_no, (filename, data, _) in sorted(bundle.results.items()):
        race = races[round_no]
        sha = hashlib.sha256(data).hexdigest()
        if ClassificationVersion.objects.filter(race=race, sha256=sha).exists():
            continue  # already imported: importing twice changes nothing
        preview = classification_upload_preview(race=race, user=user, filename=filename, data=data)
        version = classification_confirm(pending_id=preview.pending.pk, sha256=sha, user=user)
        classification_publish(
            version=version, user=user, status=ClassificationStatus.OFFICIAL, reason="Imported from a season bundle"
        )
        report.uploaded_rounds.append(round_no)


def _poles(bundle: Bundle, races: dict[int, Race]) -> None:
    for round_no, class_code, number in bundle.poles:
        RacePole.objects.update_or_create(
            race=races[round_no], class_code=class_code, cup_code="", defaults={"number": number}
        )


def import_season(directory: Path, user: Any) -> ImportReport:
    """Check the whole bundle, then write it in one transaction (as `user`, a superuser or staff)."""
    bundle = read_bundle(directory)
    try:
        with transaction.atomic():
            created: dict[str, int] = {}
            season = _season(bundle, created)
            report = ImportReport(season=season, created=created)
            races = _calendar(season, bundle)
            _entries(season, bundle, races, report)
            _classifications(bundle, races, user, report)
            _poles(bundle, races)
    except ClassificationFileError as exc:
        raise BundleError([str(problem) for problem in exc.errors]) from exc
    return report
