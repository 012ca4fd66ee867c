"""E-mails waiting to go out (an outbox) and how each person wants to hear from the portal."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class OutgoingEmail(models.Model):
    """One e-mail to one address, stored with the change that caused it, then sent by Celery.

    Why stored first: the save commits with its e-mails; a broker or SMTP outage only delays
    them (the beat re-sends what is unsent), it never loses them nor fails the save.
    """

    to = models.EmailField(max_length=254)
    subject = models.CharField(max_length=250)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Held for the recipient's daily digest instead of being sent at once.
    digest = models.BooleanField(default=False)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "outgoing e-mail"

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"


class NotificationPreference(models.Model):
    """How a person wants the portal's notices (staff may take one digest a day)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_pref")
    daily_digest = models.BooleanField(
        default=False,
        help_text="Staff notices (submissions, withdrawals, requests) in one e-mail a day instead of one each",
    )

    def __str__(self) -> str:
        return f"{self.user}: {'daily digest' if self.daily_digest else 'one e-mail each'}"
