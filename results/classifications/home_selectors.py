"""What a steward (and the staff) have to act on, for the role home (config.home): read only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from championships.models import AuditEntry, Race
from championships.scoping import STAFF_ROLES, AnyUser, scope_queryset
from results.classifications.models import ClassificationStatus, ClassificationVersion, PendingUpload

# Why a cap: the home is a to-do list; the steward's race list (/steward/) holds every race.
LIMIT = 25


@dataclass(frozen=True)
class StewardTodo:
    """Races of the user's series waiting for a steward, oldest first in each list."""

    to_upload: list[Race]  # run (or running) and no classification uploaded yet
    to_publish: list[Race]  # latest version uploaded but unpublished
    to_make_official: list[Race]  # latest version provisional


def started_races(user: AnyUser, today: date) -> QuerySet[Race]:
    """Races of the user's series that have started by `today` (race day, else the event's first day)."""
    started = Q(race_date__lte=today) | Q(race_date__isnull=True, event__start_date__lte=today)
    races = Race.objects.filter(started, event__cancelled=False).select_related("event", "season__series")
    return scope_queryset(races, user)


def steward_todo(user: AnyUser, today: date | None = None) -> StewardTodo:
    """Three lists in one query: each started race with the status of its latest version."""
    today = today or timezone.localdate()
    latest = ClassificationVersion.objects.filter(race=OuterRef("pk")).order_by("-version").values("status")[:1]
    races: list[Race] = list(
        started_races(user, today)
        .annotate(latest_status=Subquery(latest))
        # Why not exclude(official): NOT IN is unknown for a race without any version (NULL).
        .filter(
            Q(latest_status__isnull=True)
            | Q(latest_status__in=[ClassificationStatus.DRAFT, ClassificationStatus.PROVISIONAL])
        )
        .order_by("event__start_date", "round", "id")
    )

    def having(status: str | None) -> list[Race]:
        return [r for r in races if getattr(r, "latest_status", None) == status][:LIMIT]

    return StewardTodo(
        to_upload=having(None),
        to_publish=having(ClassificationStatus.DRAFT),
        to_make_official=having(ClassificationStatus.PROVISIONAL),
    )


def uploads_waiting_for_staff(user: AnyUser) -> list[PendingUpload]:
    """Race files a steward left for the staff (a car not on the entry list), oldest first: staff of the series only."""
    pending = PendingUpload.objects.filter(
        waiting_for_staff_since__isnull=False, confirmed_version__isnull=True
    ).select_related("race__event", "race__season__series", "uploaded_by")
    return list(scope_queryset(pending, user, STAFF_ROLES).defer("data").order_by("waiting_for_staff_since")[:LIMIT])


def recent_late_changes(user: AnyUser) -> list[AuditEntry]:
    """The late changes stewards recorded from race files (driver changes, late entries, absent cars), newest first."""
    changes = AuditEntry.objects.filter(action="results.late_change.resolved").select_related("actor", "series")
    return list(scope_queryset(changes, user, STAFF_ROLES)[:LIMIT])
