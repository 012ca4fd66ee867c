"""What a steward has to act on in qualifying, for the role home (config.home): read only."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef
from django.utils import timezone

from championships.models import Event, Race
from championships.rules import PointsRules
from championships.scoping import AnyUser, scope_queryset
from results.standings.models import QualifyingUpload, RacePole

LIMIT = 25


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
