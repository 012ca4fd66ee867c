"""What a steward (and the staff) have to act on, for the role home (config.home): read only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from championships.models import AuditEntry, Event, Race
from championships.rules import PointsRules
from championships.scoping import STAFF_ROLES, AnyUser, scope_queryset
from results.classifications.models import ClassificationStatus, ClassificationVersion, PendingUpload
from results.classifications.qualifying_models import QualifyingUpload, RacePole
from results.classifications.qualifying_selectors import entered_classes

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


def events_without_qualifying(user: AnyUser, today: date | None = None) -> list[Event]:
    """Started events of the user's series with races but no confirmed qualifying and no pole set.

    A pole set by staff counts: that event's poles are decided, nothing waits for a file. Seasons
    whose rules give no pole points need no qualifying file and are left out.
    """
    today = today or timezone.localdate()
    confirmed = QualifyingUpload.objects.filter(event=OuterRef("pk"), confirmed_at__isnull=False)
    poles = RacePole.objects.filter(race__event=OuterRef("pk"))
    no_pole_points = PointsRules.objects.filter(season=OuterRef("season"), race__isnull=True, pole=0)
    events = (
        Event.objects.filter(start_date__lte=today, cancelled=False)
        .filter(Exists(Race.objects.filter(event=OuterRef("pk"))))
        .filter(~Exists(confirmed), ~Exists(poles), ~Exists(no_pole_points))
        .select_related("season__series")
        .order_by("start_date", "id")
    )
    return list(scope_queryset(events, user)[:LIMIT])


def qualifying_gaps(user: AnyUser, today: date | None = None) -> list[tuple[Event, list[str]]]:
    """Started events with some qualifying sessions but not one for every class that has entries:
    (event, the classes still without a session), e.g. the GT file not uploaded yet. Three queries."""
    today = today or timezone.localdate()
    uploads = scope_queryset(
        QualifyingUpload.objects.filter(
            confirmed_at__isnull=False, event__start_date__lte=today, event__cancelled=False
        ).select_related("event__season__series"),
        user,
    )
    covered: dict[int, set[str]] = {}
    events: dict[int, Event] = {}
    for upload in uploads.only("classes", "event"):
        covered.setdefault(upload.event_id, set()).update(upload.classes)
        events[upload.event_id] = upload.event
    entered = entered_classes({event.season_id for event in events.values()})
    gaps = [
        (event, missing)
        for event_id, event in sorted(events.items(), key=lambda item: (item[1].start_date, item[0]))
        if (missing := [code for code in entered.get(event.season_id, []) if code not in covered[event_id]])
    ]
    return gaps[:LIMIT]
