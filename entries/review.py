"""What staff check before accepting an entry (the review page): reads only, no writes.

Each check is one sentence a steward can act on: the crew's FIA categories against the line-up
rules, a driver nominated for two cars at one event, a car model not eligible for the class,
and what changed after the entry was submitted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from championships.models import AuditEntry
from entries import selectors
from entries.lineup_services import double_duty_allowed
from entries.models import ACTIVE_STATUSES, Entry, Nomination

# Check kinds, in the order the page lists them.
LINEUP, DOUBLE_DUTY, CAR_MODEL, CHANGED = "lineup", "double_duty", "car_model", "changed"


@dataclass(frozen=True)
class Check:
    kind: str
    message: str
    blocking: bool  # the entry services would refuse to accept it as it stands


@dataclass(frozen=True)
class Change:
    """Something changed after the submission: an entry field or a line-up."""

    at: datetime
    what: str


@dataclass(frozen=True)
class EntryReview:
    entry: Entry
    lineups: list[selectors.EventLineup]
    checks: list[Check]
    submitted_at: datetime | None
    changes: list[Change]


def _submitted_at(entry: Entry) -> datetime | None:
    """When the entry was last submitted (the audit log keeps every submission)."""
    submissions = AuditEntry.objects.filter(
        action="entries.entry.submitted", object_type="entries.entry", object_id=str(entry.pk)
    )
    return submissions.order_by("-created_at").values_list("created_at", flat=True).first()


def _changes_since(entry: Entry, since: datetime | None) -> list[Change]:
    if since is None:
        return []
    changes = [
        Change(row.created_at, ", ".join(f"{k}: {row.before.get(k)!s} → {v!s}" for k, v in row.after.items()))
        for row in AuditEntry.objects.filter(
            action="entries.entry.updated",
            object_type="entries.entry",
            object_id=str(entry.pk),
            created_at__gt=since,
        )
    ]
    nominations = entry.nominations.select_related("driver", "event")
    for n in nominations.filter(added_at__gt=since):
        changes.append(Change(n.added_at, f"{n.driver} nominated for {n.event.name}"))
    for n in nominations.filter(removed_at__gt=since):
        assert n.removed_at is not None
        changes.append(Change(n.removed_at, f"{n.driver} taken out of the line-up for {n.event.name}"))
    return sorted(changes, key=lambda c: c.at)


def _double_duty(entry: Entry) -> list[Check]:
    """Drivers of this entry also nominated for another live entry at the same event."""
    allowed = double_duty_allowed(entry.season)
    mine = entry.nominations.filter(removed_at__isnull=True)
    others = (
        Nomination.objects.filter(
            removed_at__isnull=True,
            entry__status__in=ACTIVE_STATUSES,
            event_id__in=mine.values("event_id"),
            driver_id__in=mine.values("driver_id"),
        )
        .exclude(entry=entry)
        .select_related("driver", "event", "entry__team")
        .order_by("event__start_date", "driver__last_name")
    )
    pairs = set(mine.values_list("event_id", "driver_id"))
    rule = "allowed" if allowed else "not allowed"
    return [
        Check(
            DOUBLE_DUTY,
            f"{n.driver} is also nominated for car #{n.entry.number} ({n.entry.team.name}) at {n.event.name} "
            f"(double duty is {rule} in {entry.season}).",
            blocking=not allowed,
        )
        for n in others
        if (n.event_id, n.driver_id) in pairs
    ]


def _car_model(entry: Entry) -> list[Check]:
    car = entry.car_model
    code = entry.racing_class.code
    if car is None:
        return [Check(CAR_MODEL, "No car model given.", blocking=False)]
    eligible = car.eligible_for(code)
    if eligible is None:
        return [Check(CAR_MODEL, f"The classes of the {car} are not set: eligibility for {code} unchecked.", False)]
    if not eligible:
        return [Check(CAR_MODEL, f"The {car} is eligible for {', '.join(car.classes)}, not {code}.", blocking=True)]
    return []


def entry_review(entry: Entry) -> EntryReview:
    """Everything the review page shows for one entry."""
    lineups = selectors.entry_lineups(entry)
    checks = [Check(LINEUP, f"At {lineup.event.name}: {p}", True) for lineup in lineups for p in lineup.problems]
    if not any(lineup.current for lineup in lineups):
        checks.append(Check(LINEUP, "No driver is nominated for any event.", True))
    checks += _double_duty(entry)
    checks += _car_model(entry)
    submitted_at = _submitted_at(entry)
    changes = _changes_since(entry, submitted_at)
    if changes:
        checks.append(Check(CHANGED, f"Changed {len(changes)} time(s) since it was submitted: see below.", False))
    return EntryReview(entry, lineups, checks, submitted_at, changes)
