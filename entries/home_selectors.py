"""What a team manager has to act on, for the role home (config.home): read only.

Kept apart from entries.selectors so the home's to-do rules are in one short module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from championships.models import Event
from championships.scoping import AnyUser
from entries import lineup_rules, permissions
from entries.models import Entry, EntryKind, EntryStatus, Nomination
from entries.selectors import categories_for, rules_for

# Entries whose line-ups the team still has to keep up (the others are closed or not yet decided).
_LINEUP_STATUSES = (EntryStatus.DRAFT, EntryStatus.SUBMITTED, EntryStatus.ACCEPTED, EntryStatus.RESERVE)


@dataclass(frozen=True)
class EntryTodo:
    """One entry of the user's teams and what its team must do (or know) about it."""

    entry: Entry
    actions: list[str]


def _upcoming_events(entry: Entry, today: date) -> list[Event]:
    events = [e for e in entry.season.events.all() if not e.cancelled and e.end_date >= today]
    if entry.kind == EntryKind.GUEST:
        # A guest races only the events it entered: the others need no crew.
        entered = {e.pk for e in entry.events.all()}
        events = [e for e in events if e.pk in entered]
    return sorted(events, key=lambda e: e.start_date)


def _lineup_actions(entry: Entry, today: date) -> list[str]:
    nominations = [n for n in entry.nominations.all() if n.removed_at is None]
    rules = rules_for(entry.season, entry.racing_class_id, entry.cup_id)
    categories = categories_for(entry.season, {n.driver_id for n in nominations})
    actions = []
    for event in _upcoming_events(entry, today):
        crew = [n.driver for n in nominations if n.event_id == event.pk]
        if not crew:
            actions.append(f"Nominate the drivers for {event.name}.")
            continue
        crewmen = [lineup_rules.Crewman(str(d), categories.get(d.pk), d.nationality) for d in crew]
        actions += [f"Line-up for {event.name}: {m}" for m in lineup_rules.check_lineup(crewmen, rules)]
    return actions


def entry_actions(entry: Entry, today: date | None = None) -> list[str]:
    """What needs doing on `entry`, in the order the team would do it; empty when nothing does."""
    today = today or timezone.localdate()
    actions: list[str] = []
    if entry.status == EntryStatus.DRAFT:
        actions.append("Draft: complete it and submit it for review.")
    elif entry.status == EntryStatus.REJECTED:
        actions.append(f"Refused: {entry.status_reason or 'no reason given'}.")
    elif entry.status == EntryStatus.RESERVE:
        actions.append(f"On the reserve list: {entry.status_reason or 'no reason given'}.")
    if entry.status in _LINEUP_STATUSES:
        actions += _lineup_actions(entry, today)
    return actions


def manager_todo(user: AnyUser, today: date | None = None) -> list[EntryTodo]:
    """The entries of the user's teams that need action, newest season first.

    Past seasons' entries are left out: nothing can be done about them any more.
    """
    today = today or timezone.localdate()
    current = Nomination.objects.filter(removed_at__isnull=True).select_related("driver")
    entries = (
        permissions.team_entries(user)
        .exclude(status=EntryStatus.WITHDRAWN)
        .select_related("season__series", "team", "racing_class", "cup")
        .prefetch_related("season__events", "events", Prefetch("nominations", queryset=current))
        .order_by("-season__name", "season__series__name", "number")
    )
    todo = []
    for entry in entries:
        events = list(entry.season.events.all())
        if events and max(e.end_date for e in events) < today:
            continue
        actions = entry_actions(entry, today)
        if actions:
            todo.append(EntryTodo(entry, actions))
    return todo
