"""The ordered reserve list of a season: reserve entries are called up in this order."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from championships.audit import audit_record
from championships.scoping import AnyUser
from entries import permissions
from entries.errors import EntryRefused
from entries.models import Entry, EntryStatus


def reserve_entries(season_id: int) -> list[Entry]:
    """The season's reserve entries, first to be called up first."""
    return list(
        Entry.objects.filter(season_id=season_id, status=EntryStatus.RESERVE)
        .select_related("team", "racing_class")
        .order_by("reserve_position", "updated_at", "id")
    )


def next_position(season_id: int) -> int:
    """The position of an entry put on reserve now: last of the list."""
    top = Entry.objects.filter(season_id=season_id, status=EntryStatus.RESERVE).aggregate(m=Max("reserve_position"))
    return (top["m"] or 0) + 1


def close_gaps(season_id: int) -> None:
    """Number the list 1, 2, 3... again after an entry left it (call inside the change's transaction)."""
    for position, entry in enumerate(reserve_entries(season_id), start=1):
        if entry.reserve_position != position:
            Entry.objects.filter(pk=entry.pk).update(reserve_position=position)


def reserve_move(*, actor: AnyUser, entry: Entry, position: int) -> list[Entry]:
    """Put a reserve entry at `position` (1 = called up first); series staff only, audited."""
    permissions.ensure_can_decide(actor, entry)
    if entry.status != EntryStatus.RESERVE:
        raise EntryRefused(f"Entry #{entry.number} is not on the reserve list.")
    with transaction.atomic():
        Entry.objects.select_for_update().filter(season_id=entry.season_id, status=EntryStatus.RESERVE).count()
        ordered = [e for e in reserve_entries(entry.season_id) if e.pk != entry.pk]
        before = next((e.reserve_position for e in reserve_entries(entry.season_id) if e.pk == entry.pk), None)
        position = max(1, min(position, len(ordered) + 1))
        ordered.insert(position - 1, entry)
        for n, row in enumerate(ordered, start=1):
            Entry.objects.filter(pk=row.pk).update(reserve_position=n)
        audit_record(
            action="entries.entry.reserve_moved",
            actor=actor,
            obj=entry,
            series=entry.season.series_id,
            before={"reserve_position": before},
            after={"reserve_position": position},
        )
    return reserve_entries(entry.season_id)
