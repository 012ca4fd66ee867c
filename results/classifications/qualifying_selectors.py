"""Read queries of qualifying: the steward's event page, the public classification and grid, poles.

For each class the newest confirmed file containing it is the class's session (a file uploaded
again replaces the one before); an event's sessions are those files, each with its classes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from championships.models import Event, RacingClass
from championships.scoping import scope_queryset
from entries.models import Entry, EntryStatus
from results.classifications.parsing import format_duration_ms
from results.classifications.qualifying_models import QualifyingResult, QualifyingUpload, RacePole


def steward_event(user: Any, event_id: int) -> Event:
    """An event of the user's series (as steward or staff), or 404: others' events do not exist for them."""
    events = scope_queryset(Event.objects.select_related("season__series"), user)
    event = events.filter(pk=event_id).first()
    if event is None:
        raise Http404("No such event")
    return event


def public_event(event_id: int) -> Event:
    event = Event.objects.select_related("season__series", "circuit").filter(pk=event_id).first()
    if event is None:
        raise Http404("No such event")
    return event


def event_qualifying_uploads(event: Event) -> QuerySet[QualifyingUpload]:
    """The event's confirmed qualifying uploads, newest first (the file's bytes are not loaded)."""
    return (
        event.qualifying_uploads.filter(confirmed_at__isnull=False)
        .select_related("uploaded_by")
        .defer("source")
        .order_by("-confirmed_at", "-id")
    )


def event_poles(event: Event) -> QuerySet[RacePole]:
    return (
        RacePole.objects.filter(race__event=event)
        .select_related("race")
        .order_by("race__round", "class_code", "cup_code")
    )


def is_foreign_qualifying(user: Any, event: Event, upload_id: int) -> bool:
    """True when the upload exists but belongs to another user or another event."""
    return QualifyingUpload.objects.filter(pk=upload_id).exclude(event=event, uploaded_by=user).exists()


def season_poles(season_id: int) -> list[tuple[int, str, str, str]]:
    """Every pole of the season as (race id, class, cup, car number): what the standings score."""
    return list(
        RacePole.objects.filter(race__season_id=season_id).values_list("race_id", "class_code", "cup_code", "number")
    )


@dataclass(frozen=True)
class GridLine:
    """A car of a qualifying session as the public reads it."""

    position: int  # overall in the session, as printed
    class_position: int | None  # None: no time set
    number: str
    class_code: str
    cup_code: str
    team: str
    vehicle: str
    drivers: tuple[str, ...]
    laps: int | None
    best_lap_ms: int | None
    gap_ms: int | None  # to the class's best lap
    pole: str = ""  # "class" or "cup" pole sitter of the event's first race; "" otherwise

    @property
    def best_lap(self) -> str:
        return format_duration_ms(self.best_lap_ms) if self.best_lap_ms is not None else ""

    @property
    def gap(self) -> str:
        return f"+{format_duration_ms(self.gap_ms)}" if self.gap_ms else ""


@dataclass
class QualifyingSession:
    upload: QualifyingUpload
    classes: list[str] = field(default_factory=list)  # the classes it still holds (season order)
    lines: list[GridLine] = field(default_factory=list)  # in the order of the file

    @property
    def name(self) -> str:
        return " / ".join(self.classes)


@dataclass
class EventQualifying:
    sessions: list[QualifyingSession]
    grid: list[tuple[int, GridLine]]  # (grid slot, car): by class in the season's order, then best lap
    classes: list[str]  # every class that has a session, in the season's order
    rounds: list[int]  # the races the grid is for


def event_qualifying(event: Event, class_code: str = "") -> EventQualifying:
    """The event's current sessions (newest file per class), and the starting grid they give.

    `class_code` (any case) keeps that class only; an unknown class is a 404.
    """
    order = list(RacingClass.objects.filter(season_id=event.season_id).values_list("code", flat=True))
    uploads = list(event_qualifying_uploads(event))
    owner: dict[str, QualifyingUpload] = {}
    for upload in uploads:  # newest first: the newest file with a class holds it
        for code in upload.classes:
            owner.setdefault(code, upload)
    classes = [code for code in order if code in owner]
    if class_code:
        wanted = next((code for code in classes if code.casefold() == class_code.strip().casefold()), None)
        if wanted is None:
            raise Http404(f"No qualifying of class '{class_code[:40]}' at {event}")
        classes = [wanted]
    # Why the first race's poles: the ones the grid is for; a staff override shows as it scores.
    first_race = event.races.order_by("round").first()
    poles = {(pole.class_code, pole.cup_code): pole.number for pole in RacePole.objects.filter(race=first_race)}
    results = QualifyingResult.objects.filter(upload__in={owner[code] for code in classes}).order_by(
        "position", "row_number"
    )
    sessions: dict[int, QualifyingSession] = {}
    best: dict[str, int] = {}
    counters: dict[str, int] = {}
    for result in results:
        if owner.get(result.class_code) is None or owner[result.class_code].pk != result.upload_id:
            continue
        if result.class_code not in classes:
            continue
        session = sessions.setdefault(result.upload_id, QualifyingSession(owner[result.class_code]))
        if result.class_code not in session.classes:
            session.classes.append(result.class_code)
        session.lines.append(_line(result, poles, best, counters))
    for session in sessions.values():
        session.classes.sort(key=order.index)
    ordered = sorted(sessions.values(), key=lambda s: min(order.index(code) for code in s.classes))
    grid_cars = sorted(
        (line for session in ordered for line in session.lines),
        key=lambda line: (order.index(line.class_code), line.best_lap_ms is None, line.best_lap_ms or 0, line.position),
    )
    rounds = sorted({r for session in ordered for r in session.upload.rounds})
    return EventQualifying(ordered, list(enumerate(grid_cars, start=1)), classes, rounds)


def _line(
    result: QualifyingResult, poles: dict[tuple[str, str], str], best: dict[str, int], counters: dict[str, int]
) -> GridLine:
    class_position, gap = None, None
    if result.best_lap_ms is not None:
        counters[result.class_code] = counters.get(result.class_code, 0) + 1
        class_position = counters[result.class_code]
        best.setdefault(result.class_code, result.best_lap_ms)
        gap = result.best_lap_ms - best[result.class_code]
    pole = ""
    if poles.get((result.class_code, "")) == result.number:
        pole = "class"
    elif result.cup_code and poles.get((result.class_code, result.cup_code)) == result.number:
        pole = "cup"
    return GridLine(
        position=result.position,
        class_position=class_position,
        number=result.number,
        class_code=result.class_code,
        cup_code=result.cup_code,
        team=result.team,
        vehicle=result.vehicle,
        drivers=tuple(result.driver_names),
        laps=result.laps,
        best_lap_ms=result.best_lap_ms,
        gap_ms=gap,
        pole=pole,
    )


def events_with_qualifying(season_id: int) -> set[int]:
    """Ids of the season's events that have a confirmed qualifying session (for the season page's links)."""
    return set(
        QualifyingUpload.objects.filter(event__season_id=season_id, confirmed_at__isnull=False)
        .values_list("event_id", flat=True)
        .distinct()
    )


def event_has_qualifying(event_id: int) -> bool:
    return QualifyingUpload.objects.filter(event_id=event_id, confirmed_at__isnull=False).exists()


def sessions_by_event(event_ids: set[int]) -> dict[int, list[str]]:
    """Event id → the names of its current qualifying sessions ("LMP2 / LMP3", "GT"), in one query."""
    owner: dict[int, dict[str, int]] = {}
    names: dict[int, list[str]] = {}
    uploads = (
        QualifyingUpload.objects.filter(event_id__in=event_ids, confirmed_at__isnull=False)
        .order_by("-confirmed_at", "-id")
        .values_list("id", "event_id", "classes")
    )
    for upload_id, event_id, classes in uploads:
        held = owner.setdefault(event_id, {})
        mine = [code for code in classes if held.setdefault(code, upload_id) == upload_id]
        if mine:
            names.setdefault(event_id, []).append(" / ".join(mine))
    return {event_id: sorted(found) for event_id, found in names.items()}


def entered_classes(season_ids: set[int]) -> dict[int, list[str]]:
    """Season id → its classes that have an accepted entry (season order): each needs a session."""
    entered: dict[int, list[str]] = {}
    classes = (
        Entry.objects.filter(season_id__in=season_ids, status=EntryStatus.ACCEPTED)
        .order_by("racing_class__order", "racing_class__code")
        .values_list("season_id", "racing_class__code")
        .distinct()
    )
    for season_id, code in classes:
        entered.setdefault(season_id, []).append(code)
    return entered


def classes_without_session(event: Event) -> list[str]:
    """The classes with entries that no confirmed session of the event covers yet."""
    confirmed = event.qualifying_uploads.filter(confirmed_at__isnull=False).values_list("classes", flat=True)
    covered = {code for classes in confirmed for code in classes}
    return [code for code in entered_classes({event.season_id}).get(event.season_id, []) if code not in covered]


def session_orders(season_id: int, race_ids: dict[int, int]) -> dict[tuple[int, str], tuple[str, ...]]:
    """(race id, class casefolded) → the class's cars in its qualifying session, best lap first.

    For passing a pole point on (PointsRules.pole_to_best_eligible). Cars without a time come last,
    in the order of the file. `race_ids` maps round → race id; a later confirmed session of the
    same class wins, as its poles did. One query.
    """
    results = (
        QualifyingResult.objects.filter(upload__event__season_id=season_id, upload__confirmed_at__isnull=False)
        .order_by("upload__confirmed_at", "upload_id", "position", "row_number")
        .values_list("upload_id", "upload__rounds", "class_code", "number", "best_lap_ms", "position")
    )
    sessions: dict[int, tuple[list[int], dict[str, list[tuple[int, int, str]]]]] = {}
    for upload_id, rounds, class_code, number, best_lap_ms, position in results:
        _, classes = sessions.setdefault(upload_id, (list(rounds or []), {}))
        # Timed cars by best lap (sorted() is stable: a tie to the car printed first), then the
        # untimed ones in file order.
        rank = (0, best_lap_ms) if best_lap_ms is not None else (1, position)
        classes.setdefault(class_code.casefold(), []).append((*rank, number))
    orders: dict[tuple[int, str], tuple[str, ...]] = {}
    for rounds, classes in sessions.values():  # in confirm order: a later session wins
        for class_key, cars in classes.items():
            numbers = tuple(number for *_, number in sorted(cars, key=lambda car: car[:2]))
            for round_number in rounds:
                if round_number in race_ids:
                    orders[(race_ids[round_number], class_key)] = numbers
    return orders
