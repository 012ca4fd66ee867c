"""Upload of an event's qualifying sessions: preview, then an atomic confirm (services.protocol).

An event has several sessions (LMP2/LMP3 and GT are separate Al Kamel files). Each confirmed
file stores its cars and sets the poles of the classes it contains, and of their cups, for the
races the season's rule names (PointsRules.qualifying_sets); it never touches another class's
poles, and a new file of the same classes replaces that session (its poles no longer given are
cleared). The file's FIA categories and nationalities fill in the drivers that have none for
the season; a value already recorded is never overwritten, a different one is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from championships.audit import audit_record
from championships.models import Event, PointsRules, QualifyingSets, Race, RacingClass
from results.classifications.parsing import ClassificationFileError, FileProblem
from results.classifications.parsing.qualifying import ParsedQualifying, QualifyingFileError, parse_qualifying
from results.classifications.qualifying_models import PoleSource, QualifyingResult, QualifyingUpload, RacePole
from results.classifications.services import crews, derivation, protocol
from results.classifications.services.laps import missing_second_best_poles
from results.classifications.services.poles import pole_set, pole_withdraw
from results.classifications.services.qualifying_plan import (
    LICENCE_CATEGORIES,
    DriverFill,
    PoleLine,
    QualifyingPlan,
    SessionCar,
    plan_drivers,
    pole_lines,
    poles_to_clear,
    session_cars,
    staff_overrides,
)
from results.classifications.services.sro import sro_qualifying_in_season
from results.classifications.services.uploads import storage_limits

__all__ = [
    "LICENCE_CATEGORIES",
    "DriverFill",
    "PoleLine",
    "QualifyingPlan",
    "QualifyingPreview",
    "discard_stale_qualifying",
    "qualifying_races",
    "qualifying_upload_confirm",
    "qualifying_upload_preview",
]


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
    # OWN_RACE on this page (one file per event): the first race only; a bundle's
    # qualifying/R<round>.csv sets its own race (results.season_import_sro). Under the
    # second-best-lap rule the classification sets race 1 only; the lap file sets race 2 (services.laps).
    if rule in (
        QualifyingSets.FIRST_RACE_ONLY,
        QualifyingSets.OWN_RACE,
        QualifyingSets.BEST_LAP_RACE_1_SECOND_BEST_LAP_RACE_2,
    ):
        return races[:1]
    return races


def _check_file(event: Event, data: bytes, filename: str) -> tuple[ParsedQualifying, QualifyingPlan]:
    """Parse and check against the entries; ClassificationFileError lists every problem."""
    races = qualifying_races(event)
    if not races:
        raise ClassificationFileError.file_level(f"{event} has no race: add its races before its qualifying")
    entries = {entry.number: entry for entry in derivation.entry_list(races[0])}
    classes = derivation.season_classes(event.season_id)
    try:
        # SRO files: every car in the season's one class, Invitational cars out of it.
        parsed = sro_qualifying_in_season(parse_qualifying(data, filename, storage_limits()), event.season_id)
    except QualifyingFileError as error:
        # Why: the entry-list checks run on the rows that could be read, so the steward sees
        # every problem of the file at once (as the race upload does).
        _, problems, _ = session_cars(error.readable, entries, classes, event)
        raise ClassificationFileError(_in_order([*error.errors, *problems])) from error
    cars, problems, not_entered = session_cars(parsed, entries, classes, event)
    poles = pole_lines(cars, problems, races[0])
    if problems:
        raise ClassificationFileError(_in_order(problems))
    in_file = {car.class_code for car in cars}
    order = RacingClass.objects.filter(season_id=event.season_id).values_list("code", flat=True)
    plan = QualifyingPlan(
        races=races,
        classes=[code for code in order if code in in_file],
        poles=poles,
        cars=cars,
        warnings=list(parsed.warnings),
        not_entered=not_entered,
    )
    plan_drivers(parsed, entries, event, plan)
    plan.warnings.extend(staff_overrides(plan))
    plan.warnings.extend(missing_second_best_poles(event, plan.classes))
    plan.cleared = [
        f"R{pole.race.round} {_label(pole.class_code, pole.cup_code)} #{pole.number}" for pole in poles_to_clear(plan)
    ]
    return parsed, plan


def _in_order(problems: list[FileProblem]) -> list[FileProblem]:
    return sorted(problems, key=lambda p: (p.row or 0, p.column or ""))


def _label(class_code: str, cup_code: str) -> str:
    return f"{class_code} / {cup_code}" if cup_code else class_code


def qualifying_upload_preview(*, event: Event, user: Any, filename: str, data: bytes) -> QualifyingPreview:
    """Dry run: nothing but the unconfirmed upload is written; raises ClassificationFileError."""
    protocol.require_steward(user, event.season.series_id)
    parsed, plan = _check_file(event, data, filename)
    discard_stale_qualifying(event=event, user=user)
    upload = QualifyingUpload.objects.create(
        event=event,
        filename=filename[:255],
        source=data,
        sha256=protocol.fingerprint(data),
        encoding=parsed.encoding,
        uploaded_by=user,
        poles=plan.pole_map,
        rounds=[race.round for race in plan.races],
        classes=plan.classes,
    )
    return QualifyingPreview(upload=upload, encoding=parsed.encoding, cars=len(parsed.rows), plan=plan)


def discard_stale_qualifying(*, event: Event, user: Any) -> int:
    """Delete the user's unconfirmed files for this event and anyone's unconfirmed files older than a day."""
    unconfirmed = QualifyingUpload.objects.filter(confirmed_at__isnull=True)
    return protocol.discard_stale(unconfirmed, mine=Q(event=event, uploaded_by=user), created_field="uploaded_at")


@transaction.atomic
def qualifying_upload_confirm(*, upload_id: int, sha256: str, user: Any) -> QualifyingPlan:
    """Store the session and set its poles, fill in the drivers, as previewed, atomically."""
    upload = protocol.locked_event_upload(
        QualifyingUpload.objects.select_related("event__season"),
        upload_id,
        user=user,
        sha256=sha256,
        what="qualifying upload",
    )
    event = upload.event
    data = bytes(upload.source)
    # Why again: entries, nominations, other sessions or the season's rule may have changed since the preview.
    _, plan = _check_file(event, data, upload.filename)
    before = _session_poles(plan)
    for pole in poles_to_clear(plan):
        pole_withdraw(actor=user, pole=pole, reason=f"Qualifying of {event} uploaded again: {upload.filename}")
    for race in plan.races:
        for line in plan.poles:
            # A staff override stays: pole_set returns it unchanged (the preview listed it).
            pole_set(
                actor=user,
                race=race,
                class_code=line.class_code,
                cup_code=line.cup_code,
                number=line.number,
                source=PoleSource.QUALIFYING,
                reason="From the qualifying classification",
            )
    _store_cars(upload, plan.cars)
    _write_fills(plan.fills, event)
    upload.confirmed_at = timezone.now()
    upload.poles = plan.pole_map
    upload.rounds = [race.round for race in plan.races]
    upload.classes = plan.classes
    upload.save(update_fields=["confirmed_at", "poles", "rounds", "classes"])
    audit_record(
        action="results.qualifying.confirm",
        actor=user,
        obj=upload,
        series=event.season.series_id,
        before={"poles": before},
        after={
            "filename": upload.filename,
            "sha256": upload.sha256,
            "session": upload.session,
            "rounds": upload.rounds,
            "poles": upload.poles,
            "cleared": plan.cleared,
            "filled": [str(fill) for fill in plan.fills],
            "differences": plan.differences,
        },
        reason=f"Qualifying of {event} uploaded ({upload.session})",
    )
    return plan


def _session_poles(plan: QualifyingPlan) -> dict[str, str]:
    """The poles of the session's classes before the confirm, for the audit record."""
    poles = RacePole.objects.filter(race__in=plan.races, class_code__in=plan.classes).select_related("race")
    return {f"R{pole.race.round} {_label(pole.class_code, pole.cup_code)}": pole.number for pole in poles}


def _store_cars(upload: QualifyingUpload, cars: list[SessionCar]) -> None:
    QualifyingResult.objects.bulk_create(
        QualifyingResult(
            upload=upload,
            entry_id=car.entry_id,
            row_number=car.row.row_number,
            position=car.row.position,
            number=car.row.number,
            class_code=car.class_code,
            cup_code=car.cup_code,
            team=car.row.team,
            vehicle=car.row.vehicle,
            driver_names=[driver.full_name for driver in car.row.drivers],
            laps=car.row.laps,
            best_lap_ms=car.row.best_lap_ms,
        )
        for car in cars
    )


def _write_fills(fills: list[DriverFill], event: Event) -> None:
    crews.crew_fills_write(fills, event.season_id)
