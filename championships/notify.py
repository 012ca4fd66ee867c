"""Notifications: e-mails stored with the change that causes them, sent by Celery after commit.

`notify` is the one way the apps tell people something. Links in bodies come from
championships.links.public_url (the configured public address), never from a request.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from championships.models import Membership, NotificationPreference, OutgoingEmail, Role

logger = logging.getLogger(__name__)
# Past this many failed attempts an e-mail stays in the outbox (shown in the admin) unsent.
MAX_ATTEMPTS = 8


def _addresses(people: Iterable[Any]) -> dict[str, Any]:
    """address → user (or None for a bare address), without duplicates or blanks."""
    found: dict[str, Any] = {}
    for person in people:
        email = person if isinstance(person, str) else getattr(person, "email", "")
        if email and email.lower() not in {a.lower() for a in found}:
            found[email] = None if isinstance(person, str) else person
    return found


def notify(people: Iterable[Any], subject: str, body: str, *, digestible: bool = False) -> list[OutgoingEmail]:
    """Queue one e-mail per person (users or addresses), sent once the current transaction commits.

    `digestible`: a staff notice; people who chose the daily digest get it in that instead.
    """
    recipients = _addresses(people)
    if not recipients:
        return []
    digest_users = set()
    if digestible:
        user_ids = [u.pk for u in recipients.values() if u is not None]
        digest_users = set(
            NotificationPreference.objects.filter(user_id__in=user_ids, daily_digest=True).values_list(
                "user_id", flat=True
            )
        )
    rows = [
        OutgoingEmail.objects.create(
            to=email,
            subject=f"[Paddock] {subject}"[:250],
            body=body,
            digest=user is not None and user.pk in digest_users,
        )
        for email, user in recipients.items()
    ]
    ids = [row.pk for row in rows if not row.digest]
    if ids:
        transaction.on_commit(lambda: send_later(ids))
    return rows


def send_later(ids: list[int]) -> None:
    """Hand the e-mails to Celery; a broker that cannot take them is logged, the beat re-sends."""
    from championships.tasks import send_email_task

    for email_id in ids:
        try:
            send_email_task.delay(email_id)
        except Exception:  # noqa: BLE001 - any broker error; the outbox row stays for the re-send
            logger.exception("Could not queue e-mail %s; the beat will send it", email_id)


def deliver(email_id: int) -> bool:
    """Send one stored e-mail now (False: already sent). A failure is recorded, then raised."""
    try:
        with transaction.atomic():
            # Why the row lock: the task and the beat's re-send must not both send it.
            row = OutgoingEmail.objects.select_for_update().filter(pk=email_id, sent_at__isnull=True).first()
            if row is None:
                return False
            send_mail(row.subject, row.body, settings.DEFAULT_FROM_EMAIL, [row.to], fail_silently=False)
            row.sent_at = timezone.now()
            row.attempts += 1
            row.last_error = ""
            row.save(update_fields=["sent_at", "attempts", "last_error"])
    except Exception as exc:
        # Why after the rollback: the failure is kept for the admin and the re-send's limit.
        OutgoingEmail.objects.filter(pk=email_id).update(attempts=F("attempts") + 1, last_error=str(exc)[:2000])
        raise
    return True


def unsent_ids(older_than_s: int = 120) -> list[int]:
    """E-mails still waiting after `older_than_s` (their task was lost or failed): for the beat."""
    since = timezone.now() - timedelta(seconds=older_than_s)
    waiting = OutgoingEmail.objects.filter(
        sent_at__isnull=True, digest=False, attempts__lt=MAX_ATTEMPTS, created_at__lte=since
    )
    return list(waiting.order_by("id").values_list("id", flat=True)[:500])


def send_digests() -> int:
    """One e-mail per person holding digest notices, listing them all; returns how many were sent."""
    sent = 0
    waiting = OutgoingEmail.objects.filter(digest=True, sent_at__isnull=True).order_by("to", "created_at")
    by_address: dict[str, list[OutgoingEmail]] = {}
    for row in waiting:
        by_address.setdefault(row.to, []).append(row)
    for address, rows in by_address.items():
        body = "\n\n----\n\n".join(f"{row.subject}\n\n{row.body}" for row in rows)
        try:
            send_mail(
                f"[Paddock] Your daily digest: {len(rows)} notice{'s' if len(rows) != 1 else ''}",
                body,
                settings.DEFAULT_FROM_EMAIL,
                [address],
                fail_silently=False,
            )
        except Exception:  # noqa: BLE001 - tried again with tomorrow's digest
            logger.exception("Daily digest to %s not sent", address)
            continue
        OutgoingEmail.objects.filter(pk__in=[row.pk for row in rows]).update(sent_at=timezone.now())
        sent += 1
    return sent


def series_staff(series_id: int) -> list[Any]:
    """The series staff of the organisations governing a series (they hear of its submissions)."""
    rows = Membership.objects.filter(
        role=Role.SERIES_STAFF, organisation__series__id=series_id, user__is_active=True
    ).select_related("user")
    return sorted({row.user for row in rows}, key=lambda user: user.pk)


def preference_set(*, actor: Any, daily_digest: bool) -> NotificationPreference:
    """A person's choice for staff notices: one e-mail each, or one digest a day."""
    pref, _ = NotificationPreference.objects.get_or_create(user=actor)
    if pref.daily_digest != daily_digest:
        pref.daily_digest = daily_digest
        pref.save(update_fields=["daily_digest"])
    return pref


def wants_digest(user: Any) -> bool:
    return NotificationPreference.objects.filter(user=user, daily_digest=True).exists()
