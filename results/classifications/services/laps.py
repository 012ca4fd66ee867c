"""Upload of lap-by-lap files: preview, then an atomic confirm (services.protocol).

A race's lap file gives the drive times checked against the season's rules; a qualifying
session's lap file gives each car's laps of the session (the second-best lap sets Race 2's
pole where the season's rule says so). Every car of the file must be on the entry list; the
newest confirmed file of a race (or of a qualifying session) is the one that counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from championships.audit import audit_record
from championships.models import Event, PointsRules, QualifyingSets, Race
from results.classifications.drive_times import DriverTime, drive_times
from results.classifications.lap_analysis import SecondBestPole, second_best_poles
from results.classifications.lap_models import LapFileKind, LapRecord, LapUpload
from results.classifications.matching import ListedEntry, nominee
from results.classifications.models import ResultRowDriver
from results.classifications.parsing import ClassificationFileError, FileProblem
from results.classifications.parsing.laps import LapFileError, ParsedLaps, parse_laps
from results.classifications.parsing.times import format_duration_ms
from results.classifications.qualifying_models import PoleSource
from results.classifications.services import derivation, protocol
from results.classifications.services.poles import pole_set
from results.classifications.services.uploads import storage_limits

__all__ = [
    "LapPreview",
    "missing_second_best_poles",
    "second_best_lap_race",
    "lap_upload_confirm",
    "qualifying_laps_preview",
    "race_laps_preview",
]


@dataclass
class LapPreview:
    upload: LapUpload
    laps: int
    cars: int
    drivers: list[DriverTime]
    warnings: list[str] = field(default_factory=list)
    # A qualifying lap file under the second-best-lap rule: the race it sets and its poles.
    pole_race: Race | None = None
    poles: list[SecondBestPole] = field(default_factory=list)


@dataclass(frozen=True)
class _Checked:
    parsed: ParsedLaps
    entries: dict[str, ListedEntry]  # car number -> its entry
    warnings: list[str]


def _entry_race(event: Event, race: Race | None) -> Race:
    if race is not None:
        return race
    first = event.races.order_by("round").first()
    if first is None:
        raise ClassificationFileError.file_level(f"{event} has no race: add its races before its lap files")
    return first


def _check_file(event: Event, race: Race | None, data: bytes, filename: str) -> _Checked:
    """Parse and check every car against the entry list; ClassificationFileError lists every problem."""
    listed = {entry.number: entry for entry in derivation.entry_list(_entry_race(event, race))}
    classes = derivation.season_classes(event.season_id)
    try:
        parsed = parse_laps(data, filename, storage_limits())
    except LapFileError as error:
        # Why: the entry-list checks run on the laps that could be read, so one upload shows everything.
        problems, _ = _entry_problems(error.readable, listed, classes)
        raise ClassificationFileError(_in_order([*error.errors, *problems])) from error
    problems, warnings = _entry_problems(parsed, listed, classes)
    if problems:
        raise ClassificationFileError(_in_order(problems))
    return _Checked(
        parsed=parsed,
        entries={number: listed[number] for number in parsed.numbers()},
        warnings=[*parsed.warnings, *warnings],
    )


def _entry_problems(
    parsed: ParsedLaps, listed: dict[str, Any], classes: dict[str, str]
) -> tuple[list[FileProblem], list[str]]:
    """One problem per car not entered (at its first lap); a class that differs is only told."""
    problems: list[FileProblem] = []
    warnings: list[str] = []
    told: set[str] = set()
    for lap in parsed.laps:
        if lap.number in told:
            continue
        told.add(lap.number)
        entry = listed.get(lap.number)
        if entry is None:
            problems.append(FileProblem(lap.row_number, "NUMBER", f"car {lap.number} is not on the entry list"))
            continue
        written = classes.get(lap.class_code.casefold(), lap.class_code)
        if written != entry.class_code:
            warnings.append(
                f"row {lap.row_number}, column CLASS: car {lap.number} is entered in {entry.class_code}, "
                f"the file says {lap.class_code!r}; its laps count for {entry.class_code}"
            )
    return problems, warnings


def _in_order(problems: list[FileProblem]) -> list[FileProblem]:
    return sorted(problems, key=lambda p: (p.row or 0, p.column or ""))


def race_laps_preview(*, race: Race, user: Any, filename: str, data: bytes) -> LapPreview:
    """Dry run of a race's lap file: nothing but the unconfirmed upload is written."""
    return _preview(LapFileKind.RACE, race.event, race, "", user, filename, data)


def qualifying_laps_preview(
    *, event: Event, user: Any, filename: str, data: bytes, label: str | None = None
) -> LapPreview:
    """Dry run of a qualifying session's lap file. `label` names the session as a bundle does ("gt",
    "" for the event's only one); None: named after its classes ("lmp2-lmp3"), as on the steward's page."""
    return _preview(LapFileKind.QUALIFYING, event, None, label, user, filename, data)


def _preview(
    kind: str, event: Event, race: Race | None, label: str | None, user: Any, filename: str, data: bytes
) -> LapPreview:
    protocol.require_steward(user, event.season.series_id)
    checked = _check_file(event, race, data, filename)
    if label is None:
        classes = dict.fromkeys(entry.class_code for entry in checked.entries.values())
        label = "-".join(code.casefold() for code in classes)
    label = label.strip()[:40]
    unconfirmed = LapUpload.objects.filter(confirmed_at__isnull=True)
    mine = Q(event=event, race=race, kind=kind, label=label, uploaded_by=user)
    protocol.discard_stale(unconfirmed, mine=mine, created_field="uploaded_at")
    upload = LapUpload.objects.create(
        kind=kind,
        event=event,
        race=race,
        label=label,
        filename=filename[:255],
        source=data,
        sha256=protocol.fingerprint(data),
        encoding=checked.parsed.encoding,
        uploaded_by=user,
        laps_count=len(checked.parsed.laps),
        cars_count=len(checked.parsed.numbers()),
    )
    pole_race = second_best_lap_race(event) if kind == LapFileKind.QUALIFYING else None
    return LapPreview(
        upload=upload,
        laps=upload.laps_count,
        cars=upload.cars_count,
        drivers=drive_times(checked.parsed.laps),
        warnings=checked.warnings,
        pole_race=pole_race,
        poles=_second_best_poles(checked) if pole_race else [],
    )


def second_best_lap_race(event: Event) -> Race | None:
    """The race whose poles the qualifying lap file sets: the event's second race, under the
    season's second-best-lap rule; None otherwise (or for an event of one race)."""
    rule = (
        PointsRules.objects.filter(season_id=event.season_id, race__isnull=True)
        .values_list("qualifying_sets", flat=True)
        .first()
    )
    if rule != QualifyingSets.BEST_LAP_RACE_1_SECOND_BEST_LAP_RACE_2:
        return None
    races = list(event.races.order_by("round")[:2])
    return races[1] if len(races) == 2 else None


def missing_second_best_poles(event: Event, classes: list[str]) -> list[str]:
    """What the qualifying classification's preview says is still missing under the second-best-lap rule."""
    race = second_best_lap_race(event)
    if race is None:
        return []
    covered = set(
        LapRecord.objects.filter(
            upload__event=event, upload__kind=LapFileKind.QUALIFYING, upload__confirmed_at__isnull=False
        )
        .values_list("class_code", flat=True)
        .distinct()
    )
    missing = [code for code in classes if code not in covered]
    if not missing:
        return []
    return [
        f"R{race.round} pole of {', '.join(missing)} is still missing: it comes from each car's second-best lap, "
        "in the session's lap file (upload it below)"
    ]


def _second_best_poles(checked: _Checked) -> list[SecondBestPole]:
    return second_best_poles(
        checked.parsed.laps,
        classes={number: entry.class_code for number, entry in checked.entries.items()},
        cups={number: entry.cup_code for number, entry in checked.entries.items()},
    )


@transaction.atomic
def lap_upload_confirm(*, upload_id: int, sha256: str, user: Any) -> LapUpload:
    """Store the laps as previewed, atomically, audited."""
    upload = protocol.locked_event_upload(
        LapUpload.objects.select_related("event__season", "race"),
        upload_id,
        user=user,
        sha256=sha256,
        what="lap file upload",
    )
    event = upload.event
    data = bytes(upload.source)
    # Why again: the entry list may have changed since the preview.
    checked = _check_file(event, upload.race, data, upload.filename)
    drivers = _drivers_by_slot(checked, upload.race)
    LapRecord.objects.bulk_create(
        (
            LapRecord(
                upload=upload,
                entry_id=checked.entries[lap.number].entry_id,
                row_number=lap.row_number,
                number=lap.number,
                class_code=checked.entries[lap.number].class_code,
                driver_number=lap.driver_number,
                driver_name=lap.driver_name,
                driver_id=drivers.get((lap.number, lap.driver_number)),
                lap_number=lap.lap_number,
                lap_time_ms=lap.lap_time_ms,
                in_pit=lap.in_pit,
                pit_time_ms=lap.pit_time_ms,
                elapsed_ms=lap.elapsed_ms,
                flag=lap.flag,
            )
            for lap in checked.parsed.laps
        ),
        batch_size=1000,
    )
    pole_race = second_best_lap_race(event) if upload.kind == LapFileKind.QUALIFYING else None
    if pole_race is not None:
        _set_second_best_poles(user, pole_race, checked)
    previous = _current(upload)
    upload.confirmed_at = timezone.now()
    upload.save(update_fields=["confirmed_at"])
    audit_record(
        action=f"results.laps.{upload.kind}.confirm",
        actor=user,
        obj=upload,
        series=event.season.series_id,
        before={"filename": previous.filename, "sha256": previous.sha256} if previous else {},
        after={
            "filename": upload.filename,
            "sha256": upload.sha256,
            "label": upload.label,
            "laps": upload.laps_count,
            "cars": upload.cars_count,
        },
        reason=f"{upload.get_kind_display()} of {upload.race or event} uploaded",
    )
    return upload


def _set_second_best_poles(user: Any, race: Race, checked: _Checked) -> None:
    for pole in _second_best_poles(checked):
        # A staff override stays: pole_set returns it unchanged.
        pole_set(
            actor=user,
            race=race,
            class_code=pole.class_code,
            cup_code=pole.cup_code,
            number=pole.number,
            source=PoleSource.QUALIFYING,
            reason=f"Second-best qualifying lap ({format_duration_ms(pole.lap_ms)}, lap {pole.lap_number})",
        )


def _drivers_by_slot(checked: _Checked, race: Race | None) -> dict[tuple[str, int], int]:
    """(car, crew slot) -> the driver: the nominee the lap file's name is, else the driver the race's
    latest classification lists at that slot (the timing numbers the crew the same way in both files;
    the lap file spells names in full, "Laurents Hoerr" for "Laurents HÖRR")."""
    slots: dict[tuple[str, int], int] = {}
    if race is not None:
        version = race.classification_versions.order_by("-version").first()
        if version is not None:
            for row_number, order, driver_id in ResultRowDriver.objects.filter(row__version=version).values_list(
                "row__number", "order", "driver_id"
            ):
                slots[(row_number, order)] = driver_id
    found: dict[tuple[str, int], int] = {}
    for lap in checked.parsed.laps:
        key = (lap.number, lap.driver_number)
        if key in found:
            continue
        driver, _ = nominee(lap.driver_name, checked.entries[lap.number])
        slot_driver = driver.driver_id if driver is not None else slots.get(key)
        if slot_driver is not None:
            found[key] = slot_driver
    return found


def _current(upload: LapUpload) -> LapUpload | None:
    """The confirmed file this one replaces (same race, or same qualifying session)."""
    return (
        LapUpload.objects.filter(kind=upload.kind, event_id=upload.event_id, race=upload.race, label=upload.label)
        .exclude(confirmed_at__isnull=True)
        .exclude(pk=upload.pk)
        .order_by("-confirmed_at", "-id")
        .first()
    )
