"""Writes of a whole season's line-ups at once: one crew per event, saved all or nothing.

Every problem of every event is collected first (and refused together, each naming its event
and driver row), then the nominations are changed with the one-driver services of
entries.lineup_services, so history, audit and the per-change checks stay theirs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from championships.models import Event
from championships.scoping import AnyUser
from entries import lineup_rules, permissions, selectors
from entries.errors import EntryRefused, NotAllowed
from entries.lineup_services import (
    _lock_entry,
    double_duty_allowed,
    driver_category_set,
    driver_create,
    nomination_add,
    nomination_remove,
)
from entries.models import Driver, Entry, EntryStatus, Nomination


@dataclass(frozen=True)
class CrewPick:
    """One driver row of a crew: the driver, and the FIA category given on the form (or None)."""

    driver: Driver
    category: str | None = None


@dataclass(frozen=True)
class EventCrew:
    """The crew wanted for one event (an empty crew takes every driver out of that event)."""

    event: Event
    picks: Sequence[CrewPick]


def _row(event: Event, index: int, driver: Driver) -> str:
    return f"At {event.name}, driver {index} ({driver})"


def _may_categorise(actor: AnyUser, entry: Entry) -> bool:
    try:
        permissions.ensure_can_categorise(actor, entry.season)
    except NotAllowed:
        return False
    return True


def _pick_problems(actor: AnyUser, entry: Entry, crew: EventCrew, known: dict[int, str]) -> list[str]:
    problems = []
    season, seen = entry.season, set()
    may_categorise = _may_categorise(actor, entry)
    double_duty = double_duty_allowed(season)
    for index, pick in enumerate(crew.picks, start=1):
        where, driver = _row(crew.event, index, pick.driver), pick.driver
        if driver.pk in seen:
            problems.append(f"{where}: already named in this crew.")
            continue
        seen.add(driver.pk)
        category = known.get(driver.pk)
        if pick.category and category and pick.category != category and not may_categorise:
            problems.append(
                f"{where}: is {category.capitalize()} in {season}; only the series staff can change an FIA category."
            )
        elif not category and not pick.category:
            problems.append(f"{where}: give the driver's FIA category for {season}.")
        if not double_duty:
            other = (
                Nomination.objects.filter(event=crew.event, driver=driver, removed_at__isnull=True)
                .exclude(entry=entry)
                .select_related("entry")
                .first()
            )
            if other is not None:
                problems.append(
                    f"{where}: already nominated for car #{other.entry.number} at {crew.event.name}, "
                    f"and {season} does not allow double duty."
                )
    return problems


def _crew_problems(entry: Entry, crew: EventCrew, known: dict[int, str], rules: list[lineup_rules.Rule]) -> list[str]:
    members = [
        lineup_rules.Crewman(str(p.driver), p.category or known.get(p.driver.pk), p.driver.nationality)
        for p in crew.picks
    ]
    if not members or any(m.category is None for m in members):
        return []  # an empty crew is allowed; missing categories were reported per row
    # Why final only once submitted: a draft's crew may still be incomplete (checked on submit).
    final = entry.status != EntryStatus.DRAFT
    return [f"At {crew.event.name}: {m}" for m in lineup_rules.check_lineup(members, rules, final=final)]


def season_lineups_problems(
    *, actor: AnyUser, entry: Entry, crews: Sequence[EventCrew], remove_whole_crews: bool = False
) -> list[str]:
    """Every reason the crews cannot be saved, each naming its event (and driver row).

    An event whose crew would be left empty is refused unless `remove_whole_crews` confirms it:
    a form sent empty by mistake must never wipe a crew.
    """
    events = {event.pk for event in selectors.entry_events(entry)}
    drivers = {p.driver.pk for crew in crews for p in crew.picks}
    known = selectors.categories_for(entry.season, drivers)
    rules = selectors.rules_for(entry.season, entry.racing_class_id, entry.cup_id)
    problems = []
    for crew in crews:
        if crew.event.pk not in events:
            problems.append(f"{crew.event.name} is not an open event of {entry.season}.")
            continue
        if not crew.picks and not remove_whole_crews and selectors.current_nominations(entry, crew.event).exists():
            problems.append(
                f"At {crew.event.name}: no driver given. To take the whole crew out, tick "
                '"Remove the whole crew of an event left empty" and save again.'
            )
            continue
        problems += _pick_problems(actor, entry, crew, known)
        problems += _crew_problems(entry, crew, known, rules)
    return problems


def season_lineups_set(
    *, actor: AnyUser, entry: Entry, crews: Sequence[EventCrew], remove_whole_crews: bool = False
) -> list[Event]:
    """Nominate one crew per event in one transaction; returns the events whose crew changed.

    Refused as a whole (EntryRefused with every problem) when any event's crew is wrong.
    """
    changed: list[Event] = []
    with transaction.atomic():
        locked = _lock_entry(entry)
        permissions.ensure_can_change_lineup(actor, locked)
        problems = season_lineups_problems(
            actor=actor, entry=locked, crews=crews, remove_whole_crews=remove_whole_crews
        )
        if problems:
            raise EntryRefused(problems)
        for crew in crews:
            current = {n.driver_id: n for n in selectors.current_nominations(locked, crew.event)}
            wanted = {p.driver.pk: p for p in crew.picks}
            # Why removals first: a swapped driver must leave before the new one is checked in.
            for driver_id, nomination in current.items():
                if driver_id not in wanted:
                    nomination_remove(actor=actor, nomination=nomination)
            for driver_id, pick in wanted.items():
                if driver_id not in current:
                    nomination_add(
                        actor=actor, entry=locked, event=crew.event, driver=pick.driver, category=pick.category
                    )
            if set(current) != set(wanted):
                changed.append(crew.event)
    return changed


def season_driver_add(
    *, actor: AnyUser, entry: Entry, first_name: str, last_name: str, nationality: str, category: str
) -> Driver:
    """A driver not yet known (or found by name), with their FIA category for the entry's season.

    All or nothing: no driver is left behind when the category is refused.
    """
    with transaction.atomic():
        permissions.ensure_can_change_lineup(actor, entry)
        driver = driver_create(
            actor=actor, first_name=first_name, last_name=last_name, nationality=nationality, created_for=entry
        )
        driver_category_set(actor=actor, driver=driver, season=entry.season, category=category)
    return driver
