"""Upload of an event's qualifying classification: dry run, then an atomic confirm that sets the poles.

The poles of each class go to the races the season's rule names (PointsRules.qualifying_sets),
and the file's FIA categories and nationalities fill in the drivers that have none for the
season; a value already recorded is never overwritten, a different one is shown to the steward.
Same pattern as the race upload (results.classifications.services.uploads): the preview stores
the file as an unconfirmed QualifyingUpload, the confirm re-checks it and writes everything.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from championships.audit import audit_record
from championships.models import Event, PointsRules, QualifyingSets, Race
from championships.scoping import can_steward
from entries.models import Driver, DriverCategory, FiaCategory
from entries.names import loosely_same, name_key, name_keys
from results.classifications.matching import ListedEntry
from results.classifications.parsing import ClassificationFileError, FileProblem, format_duration_ms
from results.classifications.parsing.qualifying import ParsedQualifying, QualifyingRow, parse_qualifying
from results.classifications.services import derivation
from results.classifications.services.sro import sro_qualifying_in_season
from results.classifications.services.uploads import PENDING_TTL, storage_limits
from results.standings.models import PoleSource, QualifyingUpload, RacePole
from results.standings.poles import pole_set

LICENCE_CATEGORIES: dict[str, str] = {
    "P": FiaCategory.PLATINUM,
    "G": FiaCategory.GOLD,
    "S": FiaCategory.SILVER,
    "B": FiaCategory.BRONZE,
}
_CATEGORY_LETTERS = {category: letter for letter, category in LICENCE_CATEGORIES.items()}


@dataclass(frozen=True)
class PoleLine:
    class_code: str  # the season's spelling of the class
    number: str
    row_number: int
    best_lap_ms: int | None

    @property
    def best_lap(self) -> str:
        return format_duration_ms(self.best_lap_ms) if self.best_lap_ms is not None else ""


@dataclass(frozen=True)
class DriverFill:
    """A value the file gives a driver who has none: written at the confirm."""

    driver_id: int
    label: str  # "#4 George Kurtz"
    category: str | None = None  # FiaCategory value
    nationality: str | None = None

    def __str__(self) -> str:
        parts = []
        if self.category:
            parts.append(f"FIA category {FiaCategory(self.category).label}")
        if self.nationality:
            parts.append(f"nationality {self.nationality}")
        return f"{self.label}: {' and '.join(parts)} from the file"


@dataclass
class QualifyingPlan:
    """What a confirm would write: poles for races, and the drivers' missing values."""

    races: list[Race]
    poles: list[PoleLine]
    fills: list[DriverFill] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Cars of the file that are not entered (also in warnings): callers without a reader refuse them.
    not_entered: list[FileProblem] = field(default_factory=list)


@dataclass
class QualifyingPreview:
    upload: QualifyingUpload
    encoding: str
    cars: int
    plan: QualifyingPlan


def qualifying_races(event: Event) -> list[Race]:
    """The races of the event whose poles its qualifying sets, by the season's rule."""
    races = list(event.races.order_by("round"))
    rule = (
        PointsRules.objects.filter(season_id=event.season_id, race__isnull=True)
        .values_list("qualifying_sets", flat=True)
        .first()
    )
    if rule in (QualifyingSets.FIRST_RACE_ONLY, QualifyingSets.OWN_RACE):
        # OWN_RACE on this page (one file per event): the first race only; a bundle's
        # qualifying/R<round>.csv sets its own race (results.season_import_sro).
        return races[:1]
    return races


def _check_file(event: Event, data: bytes, filename: str) -> tuple[ParsedQualifying, QualifyingPlan]:
    """Parse and check against the entries; ClassificationFileError lists every problem."""
    parsed = sro_qualifying_in_season(parse_qualifying(data, filename, storage_limits()), event.season_id)
    races = qualifying_races(event)
    if not races:
        raise ClassificationFileError.file_level(f"{event} has no race: add its races before its qualifying")
    entries = {entry.number: entry for entry in derivation.entry_list(races[0])}
    problems: list[FileProblem] = []
    poles = _pole_lines(parsed, entries, races[0], problems)
    if problems:
        raise ClassificationFileError(problems)
    plan = QualifyingPlan(races=races, poles=poles, warnings=list(parsed.warnings))
    _plan_drivers(parsed, entries, event, plan)
    plan.warnings.extend(_staff_overrides(plan))
    return parsed, plan


def _staff_overrides(plan: QualifyingPlan) -> list[str]:
    """Poles staff set by hand that this qualifying will not replace (pole_set keeps them)."""
    wanted = {line.class_code: line.number for line in plan.poles}
    overrides = RacePole.objects.filter(race__in=plan.races, cup_code="", source=PoleSource.STAFF).select_related(
        "race"
    )
    return [
        f"R{pole.race.round} {pole.class_code}: the staff set the pole to #{pole.number} by hand"
        f"{f' ({pole.reason})' if pole.reason else ''}; the qualifying's #{wanted[pole.class_code]} is not applied"
        for pole in overrides
        if pole.class_code in wanted and wanted[pole.class_code] != pole.number
    ]


def _pole_lines(
    parsed: ParsedQualifying, entries: dict[str, ListedEntry], race: Race, problems: list[FileProblem]
) -> list[PoleLine]:
    lines: list[PoleLine] = []
    for class_key, row in sorted(parsed.pole_rows().items()):
        entry = entries.get(row.number)
        if entry is None:
            problems.append(
                FileProblem(
                    row.row_number,
                    "NUMBER",
                    f"car {row.number} (best {class_key} lap) is not on the accepted entry list of {race}",
                )
            )
        elif entry.class_code.casefold() != class_key.casefold():
            problems.append(
                FileProblem(
                    row.row_number, "CLASS", f"car {row.number} is entered in {entry.class_code}, not {row.class_code}"
                )
            )
        else:
            lines.append(PoleLine(entry.class_code, row.number, row.row_number, row.best_lap_ms))
    return lines


def _loose_driver(written: str, entry: ListedEntry) -> int | None:
    """A shortened spelling ('Chris MCMURRY') of exactly one driver of the car's crew, as race uploads match."""
    fits = [d.driver_id for d in entry.drivers if loosely_same(written, d.first_name, d.last_name)]
    return fits[0] if len(fits) == 1 else None


def _plan_drivers(
    parsed: ParsedQualifying, entries: dict[str, ListedEntry], event: Event, plan: QualifyingPlan
) -> None:
    """Fill-ins and differences for every driver of the file nominated for the car at the event."""
    found: list[tuple[QualifyingRow, str, str | None, str | None, int]] = []
    for row in parsed.rows:
        entry = entries.get(row.number)
        if entry is None:
            plan.warnings.append(f"row {row.row_number}: car {row.number} is not entered; its drivers are not read")
            plan.not_entered.append(
                FileProblem(row.row_number, "NUMBER", f"car {row.number} is not on the accepted entry list of {event}")
            )
            continue
        keys = {
            key: nominee.driver_id
            for nominee in entry.drivers
            for key in name_keys(nominee.first_name, nominee.last_name)
        }
        for driver in row.drivers:
            driver_id = keys.get(name_key(driver.full_name)) or _loose_driver(driver.full_name, entry)
            if driver_id is None:
                plan.warnings.append(
                    f"row {row.row_number}, column {driver.column}: {driver.full_name} is not nominated for car "
                    f"{row.number} at this event; their category and nationality are not read"
                )
                continue
            found.append((row, driver.full_name, driver.licence, driver.country, driver_id))
    ids = {driver_id for *_, driver_id in found}
    categories = dict(
        DriverCategory.objects.filter(season_id=event.season_id, driver_id__in=ids).values_list("driver_id", "category")
    )
    nationalities = dict(Driver.objects.filter(pk__in=ids).values_list("pk", "nationality"))
    planned: set[int] = set()
    for row, name, licence, country, driver_id in found:
        label = f"#{row.number} {name}"
        category = LICENCE_CATEGORIES.get(licence) if licence else None
        held_category, held_nationality = categories.get(driver_id), (nationalities.get(driver_id) or "").strip()
        if category and held_category and held_category != category:
            plan.differences.append(
                f"{label}: file says {licence}, season has {_CATEGORY_LETTERS.get(held_category, held_category)}"
            )
        if country and held_nationality and held_nationality.upper() != country:
            plan.differences.append(f"{label}: file says nationality {country}, driver has {held_nationality}")
        fill = DriverFill(
            driver_id=driver_id,
            label=label,
            category=category if category and not held_category else None,
            nationality=country if country and not held_nationality else None,
        )
        # Why once: a driver of two cars (double duty) is filled in from the first row only.
        if (fill.category or fill.nationality) and driver_id not in planned:
            planned.add(driver_id)
            plan.fills.append(fill)


def qualifying_upload_preview(*, event: Event, user: Any, filename: str, data: bytes) -> QualifyingPreview:
    """Dry run: nothing but the unconfirmed upload is written; raises ClassificationFileError."""
    if not can_steward(user, event.season.series_id):
        raise PermissionDenied
    parsed, plan = _check_file(event, data, filename)
    discard_stale_qualifying(event=event, user=user)
    upload = QualifyingUpload.objects.create(
        event=event,
        filename=filename[:255],
        source=data,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=parsed.encoding,
        uploaded_by=user,
        poles={line.class_code: line.number for line in plan.poles},
        rounds=[race.round for race in plan.races],
    )
    return QualifyingPreview(upload=upload, encoding=parsed.encoding, cars=len(parsed.rows), plan=plan)


def discard_stale_qualifying(*, event: Event, user: Any) -> int:
    """Delete the user's unconfirmed files for this event and anyone's unconfirmed files older than a day."""
    stale = Q(event=event, uploaded_by=user) | Q(uploaded_at__lt=timezone.now() - PENDING_TTL)
    deleted, _ = QualifyingUpload.objects.filter(stale, confirmed_at__isnull=True).delete()
    return deleted


@transaction.atomic
def qualifying_upload_confirm(*, upload_id: int, sha256: str, user: Any) -> QualifyingPlan:
    """Set the poles and fill in the drivers as previewed, atomically; returns what was written."""
    upload = QualifyingUpload.objects.select_for_update().select_related("event__season").filter(pk=upload_id).first()
    if upload is None:
        raise ValidationError(
            "This preview is no longer available (a newer file was previewed, or it waited over a day); "
            "upload the file again."
        )
    event = upload.event
    if not can_steward(user, event.season.series_id) or upload.uploaded_by_id != user.pk:
        raise PermissionDenied
    if upload.confirmed_at is not None:
        raise ValidationError("This qualifying upload has already been confirmed.")
    data = bytes(upload.source)
    if sha256 != upload.sha256 or hashlib.sha256(data).hexdigest() != upload.sha256:
        raise ValidationError("The file confirmed is not the file previewed; upload it again.")
    # Why again: entries, nominations or the season's rule may have changed since the preview.
    _, plan = _check_file(event, data, upload.filename)
    before = {
        f"R{pole.race.round} {pole.class_code}": pole.number
        for pole in RacePole.objects.filter(race__in=plan.races, cup_code="").select_related("race")
    }
    for race in plan.races:
        for line in plan.poles:
            # A staff override stays: pole_set returns it unchanged (the preview listed it).
            pole_set(
                actor=user,
                race=race,
                class_code=line.class_code,
                number=line.number,
                source=PoleSource.QUALIFYING,
                reason="From the qualifying classification",
            )
    _write_fills(plan.fills, event)
    upload.confirmed_at = timezone.now()
    upload.poles = {line.class_code: line.number for line in plan.poles}
    upload.rounds = [race.round for race in plan.races]
    upload.save(update_fields=["confirmed_at", "poles", "rounds"])
    audit_record(
        action="results.qualifying.confirm",
        actor=user,
        obj=upload,
        series=event.season.series_id,
        before={"poles": before},
        after={
            "filename": upload.filename,
            "sha256": upload.sha256,
            "rounds": upload.rounds,
            "poles": upload.poles,
            "filled": [str(fill) for fill in plan.fills],
            "differences": plan.differences,
        },
        reason=f"Qualifying of {event} uploaded",
    )
    return plan


def _write_fills(fills: list[DriverFill], event: Event) -> None:
    for fill in fills:
        if fill.category:
            # Why get_or_create: never overwrite, even one recorded since the plan was made.
            DriverCategory.objects.get_or_create(
                driver_id=fill.driver_id, season_id=event.season_id, defaults={"category": fill.category}
            )
        if fill.nationality:
            driver = Driver.objects.select_for_update().get(pk=fill.driver_id)
            twin = Driver.objects.filter(
                first_name=driver.first_name, last_name=driver.last_name, nationality=fill.nationality
            ).exclude(pk=driver.pk)
            # Why: (name, nationality) identifies a driver; a twin means two records of one
            # person, which staff must merge; the nationality is not guessed onto this one.
            if not driver.nationality and not twin.exists():
                driver.nationality = fill.nationality
                driver.save(update_fields=["nationality"])
