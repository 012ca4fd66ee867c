"""E-mails to team managers: their entry's status changed, or stewards recorded late changes for it."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from entries.models import Entry


def manager_emails(entry: Entry) -> list[str]:
    """The e-mail addresses of the entry's team managers."""
    return sorted({email for email in entry.team.managers.values_list("email", flat=True) if email})


def _send_on_commit(entry: Entry, subject: str, lines: list[str]) -> None:
    recipients = manager_emails(entry)
    if not recipients:
        return
    body = "\n\n".join([*lines, f"{settings.SITE_ROOT}/my/entries/{entry.pk}/"])
    # Why: an e-mail about a change that is then rolled back would tell the team something false.
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True))


def notify_status_change(entry: Entry, verb: str, reason: str = "") -> None:
    """Tell the team's managers; sent only once the change is committed."""
    lines = [
        f"The entry of car #{entry.number} ({entry.team.name}, {entry.racing_class}"
        f"{' ' + str(entry.cup) if entry.cup_id else ''}) in {entry.season} has been {verb}.",
        f"Status: {entry.get_status_display()}.",
    ]
    if reason:
        lines.append(f"Reason: {reason}")
    _send_on_commit(entry, f"[Paddock] {entry.season}: car #{entry.number} {entry.team.name} – entry {verb}", lines)


def notify_late_changes(entry: Entry, event_name: str, changes: list[str]) -> None:
    """Tell the team's managers what the stewards recorded from a timing file (once committed)."""
    if not changes:
        return
    lines = [
        f"The stewards recorded these changes for car #{entry.number} ({entry.team.name}) at {event_name}, "
        "as the timing file of the race shows them:",
        "\n".join(f"- {change}" for change in changes),
    ]
    subject = f"[Paddock] {entry.season}: car #{entry.number} {entry.team.name} – late changes at {event_name}"
    _send_on_commit(entry, subject, lines)
