"""Writes of the choices made on the preview (results.classifications.reconcile), inside the confirm.

Late driver changes go through the entries nomination service (same rules: FIA category,
line-up rules, double duty), late entries through the entries services (created, crew
nominated, submitted and accepted by staff); the team managers of each car are told by e-mail
once the confirm commits. Everything runs in the confirm's transaction: one refusal saves nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from championships.audit import audit_record
from championships.models import Cup, Race, RacingClass
from entries import notifications
from entries import services as entry_services
from entries.errors import messages_of
from entries.models import CarModel, Driver, Entry, EntryKind, Nomination, Team
from results.classifications import race_check
from results.classifications import reconcile as rc
from results.classifications.matching import RowMatch
from results.classifications.models import ClassificationVersion
from results.classifications.parsing import ParsedRow

# How many races of a driver's history a candidate shows ("AsLMS 2023-24"), newest first.
SEEN_SEASONS = 2


@dataclass(frozen=True)
class Resolutions:
    """What the steward chose on the preview.

    `choices`: difference key → option value, plus `nationality:<key>` / `category:<key>` for a
    late driver (the FIA category for the season when the portal has none, the nationality of a new one).
    `fingerprint`: of the preview the choices were made on; `acknowledgement`: the reason typed to
    accept a file that does not look like this race's (race_check), kept in the audit log.
    """

    fingerprint: str = ""
    choices: Mapping[str, str] = field(default_factory=dict)
    acknowledgement: str = ""


def known_drivers() -> list[rc.KnownDriver]:
    """Every driver of the portal with the seasons they were nominated in (candidates for late changes)."""
    seen: dict[int, list[str]] = {}
    history = (
        Nomination.objects.order_by("driver_id", "-event__start_date")
        .values_list("driver_id", "entry__season__series__name", "entry__season__name")
        .distinct()
    )
    for driver_id, series, season in history:
        label = f"{series} {season}"
        names = seen.setdefault(driver_id, [])
        if label not in names and len(names) < SEEN_SEASONS:
            names.append(label)
    return [
        rc.KnownDriver(pk, first, last, nationality, ", ".join(seen.get(pk, [])))
        for pk, first, last, nationality in Driver.objects.values_list("pk", "first_name", "last_name", "nationality")
    ]


def race_facts(race: Race, sha256: str) -> race_check.RaceFacts:
    """What the portal knows of `race` for the checks of race_check, the reuse of this file included."""
    siblings = list(race.event.races.order_by("round").values_list("pk", flat=True))
    reused = (
        ClassificationVersion.objects.filter(sha256=sha256)
        .exclude(race=race)
        .select_related("race__event")
        .order_by("race__round")
    )
    return race_check.RaceFacts(
        label=f"R{race.round} {race.name}",
        race_date=race.race_date,
        start_time=race.start_time,
        duration_min=race.scheduled_duration_min,
        number_in_event=siblings.index(race.pk) + 1 if race.pk in siblings else 1,
        races_in_event=len(siblings),
        same_file_in=tuple(dict.fromkeys(str(version.race) for version in reused)),
    )


@dataclass
class _Applying:
    race: Race
    user: Any
    choices: Mapping[str, str]
    reason: str
    drivers: dict[str, Driver] = field(default_factory=dict)  # difference key → driver
    entries: dict[str, int] = field(default_factory=dict)  # car number → new entry
    told: dict[int, list[str]] = field(default_factory=dict)  # entry → what its managers are told
    log: list[dict[str, str]] = field(default_factory=list)

    def note(self, number: str, entry_id: int, change: str, **extra: str) -> None:
        """Audit the change, and tell the car's team managers (an entry of the list, not a late one)."""
        self.log.append({"car": number, "change": change, **extra})
        if number not in self.entries:
            self.told.setdefault(entry_id, []).append(f"{self.race}: {change}")


def apply_late_changes(
    *, race: Race, reconciliation: rc.Reconciliation, choices: Mapping[str, str], user: Any, filename: str
) -> list[RowMatch]:
    """Apply every choice (call inside the confirm's transaction); the rows to store, in file order.

    Raises ValidationError with the services' own refusal (e.g. a line-up rule) naming the car.
    """
    errors = rc.check_choices(reconciliation, choices)
    if rc.waits_for_staff(reconciliation, choices):
        errors.append("A car was left for the series staff: use “Leave for staff”, or choose a late entry.")
    if errors:
        raise ValidationError(errors)
    state = _Applying(race, user, choices, reason=f"Late change seen in {filename} ({race})")
    by_key = {d.key: d for d in reconciliation.differences}
    matches: list[RowMatch] = []
    for plan in reconciliation.rows:
        match = _row(state, plan, by_key)
        if match is not None:
            matches.append(match)
    matches += _did_not_start(state, reconciliation)
    for entry in Entry.objects.filter(pk__in=state.told).select_related("team", "season"):
        notifications.notify_late_changes(entry, race.event.name, state.told[entry.pk])
    if state.log:
        audit_record(
            action="results.late_change.resolved",
            actor=user,
            obj=race,
            series=race.season.series_id,
            after={"changes": state.log},
            reason=state.reason,
        )
    return matches


def _row(state: _Applying, plan: rc.RowPlan, by_key: Mapping[str, rc.Difference]) -> RowMatch | None:
    row = plan.row
    entry_id = plan.entry_id
    if entry_id is None:
        entry_id = _late_entry(state, plan, by_key[f"car:{row.number}"], by_key)
    choice = state.choices.get(f"nodrivers:{row.number}")
    if choice == rc.WITHDRAWN:
        state.note(row.number, entry_id, "withdrawn from the event: not classified (no driver in the timing file)")
        return None
    if choice == rc.DID_NOT_START:
        state.note(row.number, entry_id, "classified as not started (no driver in the timing file)")
        return RowMatch(dataclasses.replace(row, status="dns"), entry_id, ())
    if choice == rc.NOMINATED_CREW:
        nominees = _nominees(state.race, entry_id)
        state.note(row.number, entry_id, "no driver in the timing file: the nominated crew is taken as the crew")
        return RowMatch(row, entry_id, nominees)
    ids: list[int] = []
    for slot in plan.drivers:
        driver_id = slot.driver_id
        if driver_id is None:
            driver_id = _late_driver(state, by_key[slot.difference], entry_id, nominate=plan.entry_id is not None)
        if driver_id not in ids:
            ids.append(driver_id)
    return RowMatch(row, entry_id, tuple(ids))


def _nominees(race: Race, entry_id: int) -> tuple[int, ...]:
    return tuple(
        Nomination.objects.filter(entry_id=entry_id, event_id=race.event_id, removed_at__isnull=True)
        .order_by("added_at", "pk")
        .values_list("driver_id", flat=True)
    )


def _driver(state: _Applying, difference: rc.Difference) -> Driver:
    """The chosen existing driver, or the new one created from the file (with the nationality given)."""
    if difference.key in state.drivers:
        return state.drivers[difference.key]
    choice = state.choices[difference.key]
    if choice.startswith(rc.DRIVER_PREFIX):
        driver = Driver.objects.filter(pk=int(choice.removeprefix(rc.DRIVER_PREFIX))).first()
        if driver is None:
            raise ValidationError(f"The driver chosen for {difference.driver_name} no longer exists.")
    else:
        nationality = state.choices.get(f"nationality:{difference.key}", "").strip().upper()
        try:
            if nationality:
                driver = entry_services.driver_create(
                    actor=state.user,
                    first_name=difference.first_name,
                    last_name=difference.last_name,
                    nationality=nationality,
                )
            else:
                driver = entry_services.driver_create_from_results(
                    actor=state.user, first_name=difference.first_name, last_name=difference.last_name
                )
        except ValidationError as error:
            raise ValidationError([f"{difference.driver_name}: {m}" for m in messages_of(error)]) from error
    state.drivers[difference.key] = driver
    return driver


def _late_driver(state: _Applying, difference: rc.Difference, entry_id: int, *, nominate: bool) -> int:
    driver = _driver(state, difference)
    category = state.choices.get(f"category:{difference.key}", "") or None
    new = not state.choices[difference.key].startswith(rc.DRIVER_PREFIX)
    if nominate:
        entry = Entry.objects.select_related("season__series").get(pk=entry_id)
        try:
            entry_services.late_nomination_add(
                actor=state.user,
                entry=entry,
                event=state.race.event,
                driver=driver,
                category=category,
                reason=state.reason,
            )
        except (ValidationError, PermissionDenied) as error:
            raise ValidationError([f"Car #{entry.number}, {driver}: {m}" for m in messages_of(error)]) from error
        change = f"{driver} nominated for {state.race.event.name} (late driver change{', new driver' if new else ''})"
        state.note(entry.number, entry_id, change, name_in_file=difference.driver_name)
    return driver.pk


def _late_entry(
    state: _Applying, plan: rc.RowPlan, difference: rc.Difference, by_key: Mapping[str, rc.Difference]
) -> int:
    """A car not on the entry list added by staff: team, class, cup, car and crew from the file."""
    row = plan.row
    season = state.race.season
    kind = EntryKind.GUEST if state.choices[difference.key] == rc.GUEST_ENTRY else EntryKind.FULL_SEASON
    racing_class = RacingClass.objects.filter(season=season, code__iexact=row.class_code).first()
    if racing_class is None:
        raise ValidationError(f"Car #{row.number}: {row.class_code} is not a class of {season}.")
    cup = Cup.objects.filter(season=season, code__iexact=row.cup_code).first() if row.cup_code else None
    if row.cup_code and cup is None:
        raise ValidationError(f"Car #{row.number}: {row.cup_code} is not a cup of {season}.")
    try:
        team = Team.objects.filter(name__iexact=row.team.strip()).first() or entry_services.team_create(
            actor=state.user, name=row.team
        )
        entry = entry_services.entry_create(
            actor=state.user,
            team=team,
            season=season,
            number=row.number,
            racing_class=racing_class,
            cup=cup,
            car_model=_car_model(row),
            kind=kind,
        )
        if kind == EntryKind.GUEST:
            entry_services.entry_event_add(actor=state.user, entry=entry, event=state.race.event)
        crew = []
        for slot in plan.drivers:
            late = by_key[slot.difference]
            driver = _driver(state, late)
            category = state.choices.get(f"category:{late.key}", "") or None
            entry_services.nomination_add(
                actor=state.user, entry=entry, event=state.race.event, driver=driver, category=category
            )
            crew.append(str(driver))
        entry_services.entry_submit(actor=state.user, entry=entry)
        entry_services.entry_accept(actor=state.user, entry=entry)
    except (ValidationError, PermissionDenied) as error:
        raise ValidationError([f"Late entry of car #{row.number}: {m}" for m in messages_of(error)]) from error
    state.entries[row.number] = entry.pk
    state.log.append(
        {
            "car": row.number,
            "change": f"late {entry.get_kind_display().lower()} entry of {team.name}: {', '.join(crew)}",
        }
    )
    return entry.pk


def _car_model(row: ParsedRow) -> CarModel | None:
    """The car model the file names ("Oreca 07 - Gibson"), when the portal knows it under that name."""
    vehicle = " ".join(row.vehicle.split()).casefold()
    if not vehicle:
        return None
    models = CarModel.objects.select_related("manufacturer")
    return next((m for m in models if vehicle in (" ".join(str(m).split()).casefold(), m.name.casefold())), None)


def _did_not_start(state: _Applying, reconciliation: rc.Reconciliation) -> list[RowMatch]:
    """Entered cars missing from the file: DNS rows after the last car; withdrawn ones are left out."""
    rows = []
    position = max((plan.row.position for plan in reconciliation.rows), default=0)
    for entry in reconciliation.missing:
        choice = state.choices[f"missing:{entry.number}"]
        if choice == rc.WITHDRAWN:
            state.note(entry.number, entry.entry_id, "not in the timing file: withdrawn from the event, not classified")
            continue
        position += 1
        team = Entry.objects.filter(pk=entry.entry_id).values_list("team__name", flat=True).first() or ""
        row = ParsedRow(
            row_number=0,
            position=position,
            number=entry.number,
            class_code=entry.class_code,
            cup_code=entry.cup_code,
            team=team,
            drivers=(),
            vehicle="",
            status="dns",
            laps=None,
            total_time_ms=None,
            best_lap_ms=None,
            gap_first="",
        )
        state.note(entry.number, entry.entry_id, "not in the timing file: classified as not started")
        rows.append(RowMatch(row, entry.entry_id, ()))
    return rows
