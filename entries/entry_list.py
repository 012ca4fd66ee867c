"""Writes of a staff entry-list import: one row per driver of a car, through the entry services.

Staff running a series whose teams are not on the portal import the whole entry list with its
crews. Every row goes through the same services as the team manager's pages (entry_create,
driver_create, nomination_add: numbers, FIA categories, double duty), and the car's last row
submits and accepts it (entry_submit, entry_accept: the line-up rules).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from championships import scoping
from championships.audit import audit_record
from championships.models import Cup, Event, RacingClass, Season
from championships.scoping import AnyUser
from entries import lineup_services, services
from entries.errors import EntryRefused, NotAllowed, messages_of
from entries.models import NUMBER_HOLDING_STATUSES, CarModel, Entry, EntryStatus, Manufacturer, Nomination, Team

# What the car's last row leaves the entry as (the import is the series' own entry list).
FINAL_STATUSES = (EntryStatus.ACCEPTED, EntryStatus.RESERVE, EntryStatus.SUBMITTED)


@dataclass(frozen=True)
class CarRow:
    """A row's car: the entry it names, as the row gives it."""

    season: Season
    team: str
    number: str
    racing_class: RacingClass
    cup: Cup | None
    manufacturer: str
    car_model: str
    kind: str


@dataclass(frozen=True)
class DriverRow:
    first_name: str
    last_name: str
    nationality: str
    category: str | None


def _refusal(column: str, exc: ValidationError | NotAllowed) -> ValidationError:
    return ValidationError({column: messages_of(exc)})


def car_model_get_or_create(*, actor: AnyUser, season: Season, manufacturer: str, name: str) -> CarModel:
    """The car model of that manufacturer and name (any case), created if Paddock does not know it."""
    manufacturer, name = manufacturer.strip(), name.strip()
    if not manufacturer or not name:
        raise EntryRefused("Give the car's manufacturer and model, or neither.")
    found = CarModel.objects.filter(manufacturer__name__iexact=manufacturer, name__iexact=name).first()
    if found is not None:
        return found
    if not scoping.can_manage(actor, season.series_id):
        raise NotAllowed("Only series staff can add a car model.")
    maker = Manufacturer.objects.filter(name__iexact=manufacturer).first()
    with transaction.atomic():
        if maker is None:
            maker = Manufacturer.objects.create(name=manufacturer)
        car = CarModel.objects.create(manufacturer=maker, name=name)
        audit_record(
            action="entries.car_model.created",
            actor=actor,
            obj=car,
            series=season.series_id,
            after={"manufacturer": maker.name, "name": name},
            reason="Named in an entry-list import",
        )
    return car


def _differences(entry: Entry, car: CarRow, model: CarModel | None) -> list[str]:
    # what → (in Paddock, in this row)
    values = {
        "class": (entry.racing_class.code, car.racing_class.code),
        "cup": (entry.cup.code if entry.cup else "", car.cup.code if car.cup else ""),
        "car": (str(entry.car_model or ""), str(model or "")),
        "kind": (entry.kind, car.kind),
    }
    return [
        f"{what} {row or '(none)'} in this row, {stored or '(none)'} in Paddock"
        for what, (stored, row) in values.items()
        if stored != row
    ]


def _entry(actor: AnyUser, car: CarRow, model: CarModel | None) -> Entry:
    """The live entry of the car (created with its team if new); it must agree with the row."""
    alive = Entry.objects.filter(season=car.season, number=car.number).select_related(
        "team", "racing_class", "cup", "car_model__manufacturer"
    )
    holder = alive.filter(status__in=NUMBER_HOLDING_STATUSES).first()
    own = holder or alive.filter(status=EntryStatus.DRAFT, team__name__iexact=car.team).first()
    if own is not None:
        if own.team.name.casefold() != car.team.casefold():
            raise EntryRefused(services.taken_message(car.season, car.number, own))
        if differences := _differences(own, car, model):
            raise EntryRefused(
                f"Car #{car.number} ({own.team.name}) disagrees with an earlier row or with Paddock: "
                f"{'; '.join(differences)}. Every row of a car gives the same car; change an entry in the admin."
            )
        return own
    team = Team.objects.filter(name__iexact=car.team).first() or services.team_create(actor=actor, name=car.team)
    return services.entry_create(
        actor=actor,
        team=team,
        season=car.season,
        number=car.number,
        racing_class=car.racing_class,
        cup=car.cup,
        car_model=model,
        kind=car.kind,
    )


@transaction.atomic
def entry_list_row(*, actor: AnyUser, car: CarRow, driver: DriverRow, events: Sequence[Event]) -> list[Nomination]:
    """One driver of one car: the entry (created at its first row), the driver and the nominations."""
    try:
        model = None
        if car.manufacturer or car.car_model:
            model = car_model_get_or_create(
                actor=actor, season=car.season, manufacturer=car.manufacturer, name=car.car_model
            )
    except (EntryRefused, NotAllowed) as exc:
        raise _refusal("car_model", exc) from exc
    try:
        entry = _entry(actor, car, model)
    except (EntryRefused, NotAllowed) as exc:
        raise _refusal("number", exc) from exc
    try:
        person = lineup_services.driver_create(
            actor=actor, first_name=driver.first_name, last_name=driver.last_name, nationality=driver.nationality
        )
    except EntryRefused as exc:
        raise _refusal("nationality" if "nationality" in str(exc) else "last_name", exc) from exc
    nominations = []
    for event in events:
        try:
            if entry.is_guest:
                services.entry_event_add(actor=actor, entry=entry, event=event)
            # Why: importing the same list again changes nothing (the crew is already nominated).
            nominated = Nomination.objects.filter(entry=entry, event=event, driver=person, removed_at__isnull=True)
            nominations.append(
                nominated.first()
                or lineup_services.nomination_add(
                    actor=actor, entry=entry, event=event, driver=person, category=driver.category
                )
            )
        except (EntryRefused, NotAllowed) as exc:
            raise _refusal("category" if "category" in str(exc) else "events", exc) from exc
    return nominations


@transaction.atomic
def entry_list_car_done(*, actor: AnyUser, entry: Entry, status: str) -> Entry:
    """After the car's last row: submit it and take the series' decision (line-up rules checked)."""
    if status not in FINAL_STATUSES:
        raise ValueError(status)
    try:
        if entry.status == EntryStatus.DRAFT:
            entry = services.entry_submit(actor=actor, entry=entry)
        if status == EntryStatus.ACCEPTED and entry.status != EntryStatus.ACCEPTED:
            entry = services.entry_accept(actor=actor, entry=entry)
        elif status == EntryStatus.RESERVE and entry.status == EntryStatus.SUBMITTED:
            entry = services.entry_reserve(actor=actor, entry=entry, reason="Reserve in the entry list")
    except (EntryRefused, NotAllowed) as exc:
        raise ValidationError({"number": [f"Car #{entry.number}: {m}" for m in messages_of(exc)]}) from exc
    return entry
