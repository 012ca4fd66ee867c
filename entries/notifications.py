"""E-mails to team managers when the status of their entry changes."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from entries.models import Entry


def manager_emails(entry: Entry) -> list[str]:
    """The e-mail addresses of the entry's team managers."""
    return sorted({email for email in entry.team.managers.values_list("email", flat=True) if email})


def notify_status_change(entry: Entry, verb: str, reason: str = "") -> None:
    """Tell the team's managers; sent only once the change is committed."""
    recipients = manager_emails(entry)
    if not recipients:
        return
    subject = f"[Paddock] {entry.season}: car #{entry.number} {entry.team.name} – entry {verb}"
    lines = [
        f"The entry of car #{entry.number} ({entry.team.name}, {entry.racing_class}"
        f"{' ' + str(entry.cup) if entry.cup_id else ''}) in {entry.season} has been {verb}.",
        f"Status: {entry.get_status_display()}.",
    ]
    if reason:
        lines.append(f"Reason: {reason}")
    lines.append(f"{settings.SITE_ROOT}/my/entries/{entry.pk}/")
    body = "\n\n".join(lines)
    # Why: an e-mail about a change that is then rolled back would tell the team something false.
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True))
