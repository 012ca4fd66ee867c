"""A person's request to manage a team: an existing one, or a new team they register."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from championships.models import Season


class TeamRequestKind(models.TextChoices):
    JOIN = "join", "Manage an existing team"
    REGISTER = "register", "Register a new team"


class TeamRequestStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the series"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"


class TeamRequest(models.Model):
    """Decided by the staff of a series the team races in or enters (entries.permissions)."""

    SERIES_PATH = "season__series"

    kind = models.CharField(max_length=10, choices=TeamRequestKind.choices)
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_requests")
    team = models.ForeignKey("entries.Team", on_delete=models.CASCADE, related_name="requests")
    # The season the new team enters; for a request to join, the series of the team the person names.
    season = models.ForeignKey(Season, on_delete=models.CASCADE, null=True, blank=True, related_name="team_requests")
    message = models.TextField(blank=True, help_text="Who you are in the team, for the series staff")
    status = models.CharField(
        max_length=10, choices=TeamRequestStatus.choices, default=TeamRequestStatus.PENDING, db_index=True
    )
    reason = models.TextField(blank=True, help_text="Why it was refused (sent to the person)")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["requester", "team"],
                condition=models.Q(status="pending"),
                name="team_request_one_pending_per_team",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.team} ({self.requester})"
