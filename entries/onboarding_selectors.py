"""Reads of the onboarding pages."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from championships.models import Season
from championships.scoping import AnyUser
from entries import permissions
from entries.models import TeamRequest, TeamRequestStatus


def open_registration_seasons() -> QuerySet[Season]:
    """Seasons a new team may enter now: registration opened and not closed."""
    now = timezone.now()
    return (
        Season.objects.select_related("series")
        # A draft season is not open for entries: nobody outside its officials knows of it yet.
        .filter(published=True, registration_opens__lte=now)
        .filter(Q(registration_closes__isnull=True) | Q(registration_closes__gt=now))
        .order_by("series__name", "-name")
    )


def my_team_requests(user: AnyUser) -> QuerySet[TeamRequest]:
    """The user's own requests, newest first."""
    if not user.is_authenticated:
        return TeamRequest.objects.none()
    return TeamRequest.objects.filter(requester=user).select_related("team", "season__series")


def staff_team_requests(user: AnyUser, pending: bool = True) -> QuerySet[TeamRequest]:
    """Requests the user may decide: waiting ones, or the last decided ones."""
    qs = permissions.decidable_team_requests(user).select_related("team", "requester", "season__series", "decided_by")
    if pending:
        return qs.filter(status=TeamRequestStatus.PENDING).order_by("created_at", "id")
    return qs.exclude(status=TeamRequestStatus.PENDING).order_by("-decided_at", "-id")[:30]
