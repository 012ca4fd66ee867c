"""Writes and reads of class changes (a car that moves to another class or cup from a round on).

Series staff record them (admin, season bundles); every write is audited ("entries.class_change.*").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction

from championships.audit import audit_record
from championships.models import Cup, RacingClass
from championships.scoping import AnyUser, can_manage
from entries.errors import NotAllowed
from entries.models import Entry, EntryClassChange
from entries.permissions import as_user


@dataclass(frozen=True)
class ClassAt:
    """The class (and cup) a car races in from `from_round` on."""

    from_round: int
    class_code: str
    cup_code: str


def _snapshot(change: EntryClassChange) -> dict[str, object]:
    return {
        "car": change.entry.number,
        "from_round": change.from_round,
        "class": change.racing_class.code,
        "cup": change.cup.code if change.cup_id and change.cup else "",
        "reason": change.reason,
    }


def _ensure_staff(actor: AnyUser, entry: Entry) -> None:
    if not can_manage(actor, entry.season.series_id):
        raise NotAllowed(f"Only the staff of {entry.season.series} can record a class change.")


def class_change_record(
    *,
    actor: AnyUser,
    entry: Entry,
    from_round: int,
    racing_class: RacingClass,
    cup: Cup | None = None,
    reason: str = "",
    change: EntryClassChange | None = None,
) -> EntryClassChange:
    """Record (or, given `change`, correct) that the car races in `racing_class`/`cup` from `from_round` on.

    Unchanged values write nothing. Checked by the model (class and cup of the season, a round of
    its calendar after the first); audited.
    """
    _ensure_staff(actor, entry)
    with transaction.atomic():
        # Why from the database: the admin hands over the row with the form's values already set.
        stored = None
        if change is not None and change.pk is not None:
            stored = EntryClassChange.objects.select_for_update().filter(pk=change.pk).first()
        stored = stored or EntryClassChange.objects.filter(entry=entry, from_round=from_round).first()
        before = _snapshot(stored) if stored is not None else {}
        change = stored or EntryClassChange(entry=entry, created_by=as_user(actor))
        change.entry, change.from_round, change.racing_class, change.cup = entry, from_round, racing_class, cup
        change.reason = reason.strip()
        after = _snapshot(change)
        if after == before:
            return change
        change.full_clean()
        change.save()  # the standings follow by signal
        audit_record(
            action="entries.class_change.updated" if before else "entries.class_change.recorded",
            actor=actor,
            obj=change,
            series=entry.season.series_id,
            before=before,
            after=after,
            reason=reason,
        )
    return change


def class_change_delete(*, actor: AnyUser, change: EntryClassChange) -> None:
    _ensure_staff(actor, change.entry)
    with transaction.atomic():
        audit_record(
            action="entries.class_change.deleted",
            actor=actor,
            obj=change,
            series=change.entry.season.series_id,
            before=_snapshot(change),
            after={},
        )
        change.delete()


def season_class_changes(season_id: int) -> dict[int, list[ClassAt]]:
    """Entry id → its changes in round order (one query)."""
    changes: dict[int, list[ClassAt]] = defaultdict(list)
    rows = (
        EntryClassChange.objects.filter(entry__season_id=season_id)
        .order_by("entry_id", "from_round")
        .values_list("entry_id", "from_round", "racing_class__code", "cup__code")
    )
    for entry_id, from_round, class_code, cup_code in rows:
        changes[entry_id].append(ClassAt(from_round, class_code, cup_code or ""))
    return dict(changes)


def class_at(changes: list[ClassAt], round_number: int, class_code: str, cup_code: str) -> tuple[str, str]:
    """(class, cup) of a car at a round: its last change at or before the round, else the entry's own."""
    for change in reversed(changes):
        if change.from_round <= round_number:
            return change.class_code, change.cup_code
    return class_code, cup_code
