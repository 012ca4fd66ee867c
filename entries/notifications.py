"""What the team managers and the series staff hear about entries (sent by championships.notify)."""

from __future__ import annotations

from django.urls import reverse

from championships.links import public_url
from championships.notify import notify, series_staff
from championships.scoping import AnyUser
from entries import permissions
from entries.models import Entry


def _car(entry: Entry) -> str:
    cup = f" {entry.cup}" if entry.cup_id else ""
    return f"car #{entry.number} ({entry.team.name}, {entry.racing_class}{cup})"


def notify_status_change(entry: Entry, verb: str, reason: str = "") -> None:
    """Tell the team's managers; queued with the change, sent once it is committed."""
    subject = f"{entry.season}: car #{entry.number} {entry.team.name} – entry {verb}"
    lines = [
        f"The entry of {_car(entry)} in {entry.season} has been {verb}.",
        f"Status: {entry.get_status_display()}.",
    ]
    if entry.reserve_position:
        lines.append(f"Place on the reserve list: {entry.reserve_position}.")
    if reason:
        lines.append(f"Reason: {reason}")
    lines.append(public_url(reverse("entries:my_entry", args=[entry.pk])))
    notify(entry.team.managers.all(), subject, "\n\n".join(lines))


def notify_staff_of_step(entry: Entry, verb: str, actor: AnyUser) -> None:
    """Tell the series staff a team submitted or withdrew an entry (daily digest if they prefer)."""
    who = actor.get_full_name() or actor.get_username() if actor.is_authenticated else "Someone"
    lines = [f"{who} {verb} the entry of {_car(entry)} in {entry.season}."]
    if entry.status_reason:
        lines.append(f"Reason: {entry.status_reason}")
    lines.append(public_url(reverse("admin:entries_entry_change", args=[entry.pk])))
    notify(
        series_staff(entry.season.series_id),
        f"{entry.season}: {_car(entry)} {verb}",
        "\n\n".join(lines),
        digestible=True,
    )


def notify_crew_change(entry: Entry, event_name: str, driver: object, added: bool, actor: AnyUser) -> None:
    """Tell the team's managers of a late change to an accepted crew made by someone else (the series)."""
    if entry.status not in ("accepted", "reserve") or permissions.manages_team(actor, entry.team):
        return
    verb = "added to" if added else "taken out of"
    body = "\n\n".join(
        [
            f"{driver} was {verb} the crew of {_car(entry)} at {event_name} by the series.",
            public_url(reverse("entries:my_entry", args=[entry.pk])),
        ]
    )
    notify(entry.team.managers.all(), f"{entry.season}: crew of car #{entry.number} changed", body)


def notify_late_changes(entry: Entry, event_name: str, changes: list[str]) -> None:
    """Tell the team's managers what the stewards recorded from a timing file (queued with the change)."""
    if not changes:
        return
    lines = [
        f"The stewards recorded these changes for {_car(entry)} at {event_name}, "
        "as the timing file of the race shows them:",
        "\n".join(f"- {change}" for change in changes),
        public_url(reverse("entries:my_entry", args=[entry.pk])),
    ]
    notify(
        entry.team.managers.all(),
        f"{entry.season}: car #{entry.number} {entry.team.name} – late changes at {event_name}",
        "\n\n".join(lines),
    )
