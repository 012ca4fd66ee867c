"""The one way standings go stale: every change that affects them, as a list of model signals.

Why signals for all of them: points rules live in championships and entries in entries, which
must not depend on results, and classifications must not depend on standings either; so no
service calls `mark_season_dirty` itself. Each handler runs inside the transaction of the save,
and a season is marked once per transaction however many of its rows change
(`results.standings.services.mark_season_dirty`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save

from championships.models import Event, ExtraChampionship, PointsRules, Race, Season, Series
from entries.models import Driver, Entry, EntryClassChange, Team
from results.classifications.models import PUBLISHED_STATUSES, ClassificationVersion, Decision, ResultRowDriver
from results.classifications.qualifying_models import RacePole
from results.standings.models import ChampionshipAdjustment, StandingRow
from results.standings.services import mark_season_dirty


def _season_going(kwargs: dict[str, Any]) -> bool:
    """True when the row is deleted because its season (or series) is: nothing left to recompute.

    Why: marking it dirty would create a standings state for a season being deleted, and the
    delete would then fail on that row's foreign key.
    """
    origin = kwargs.get("origin")
    model = origin.model if isinstance(origin, QuerySet) else type(origin)
    return model in (Season, Series)


def _race_has_published(race_id: int) -> bool:
    return ClassificationVersion.objects.filter(race_id=race_id, status__in=PUBLISHED_STATUSES).exists()


def _version_saved(sender: type, instance: ClassificationVersion, **kwargs: Any) -> None:
    # Standings read only published versions: confirming an unpublished one changes nothing.
    # A version saved with a published status was published, made official or amended.
    if instance.status in PUBLISHED_STATUSES:
        mark_season_dirty(
            instance.race.season_id, reason=f"classification of race {instance.race_id} {instance.status}"
        )


def _decision_changed(sender: type, instance: Decision, **kwargs: Any) -> None:
    # A decision re-derives every version of its race; only a published one feeds the standings.
    if _season_going(kwargs) or not _race_has_published(instance.race_id):
        return
    mark_season_dirty(instance.race.season_id, reason=f"decision {instance.number} on race {instance.race_id}")


def _rules_changed(sender: type, instance: PointsRules, **kwargs: Any) -> None:
    if _season_going(kwargs):
        return
    mark_season_dirty(instance.season_id, reason="points rules changed")


def _championship_changed(sender: type, instance: ExtraChampionship, **kwargs: Any) -> None:
    if _season_going(kwargs):
        return
    mark_season_dirty(instance.season_id, reason=f"championship {instance.name} changed")


def _entry_changed(sender: type, instance: Entry, **kwargs: Any) -> None:
    # Eligibility to score depends on the entry's kind, override and status; skip the noise of
    # drafts being edited before anything was ever scored.
    if kwargs.get("created") or instance.status == "draft" or _season_going(kwargs):
        return
    mark_season_dirty(instance.season_id, reason=f"entry #{instance.number} changed")


def _class_change_changed(sender: type, instance: EntryClassChange, **kwargs: Any) -> None:
    # From its round the car is scored in another class's (or cup's) tables.
    if _season_going(kwargs):
        return
    mark_season_dirty(instance.entry.season_id, reason=f"class change of entry #{instance.entry.number}")


def _adjustment_changed(sender: type, instance: ChampionshipAdjustment, **kwargs: Any) -> None:
    if _season_going(kwargs):
        return
    mark_season_dirty(instance.season_id, reason="championship adjustment changed")


def _pole_changed(sender: type, instance: RacePole, **kwargs: Any) -> None:
    if _season_going(kwargs):
        return
    mark_season_dirty(instance.race.season_id, reason="pole position changed")


def _race_saved(sender: type, instance: Race, **kwargs: Any) -> None:
    # Standings are stored per round: a round renumbered moves every table after it.
    if not kwargs.get("created"):
        mark_season_dirty(instance.season_id, reason=f"race {instance.pk} changed")
    elif StandingRow.objects.filter(season_id=instance.season_id).exists():
        # The title maths count the calendar's races still to run: one more changes them.
        mark_season_dirty(instance.season_id, reason=f"race {instance.pk} added to the calendar")


def _race_deleted(sender: type, instance: Race, **kwargs: Any) -> None:
    if not _season_going(kwargs) and StandingRow.objects.filter(season_id=instance.season_id).exists():
        mark_season_dirty(instance.season_id, reason=f"race {instance.pk} removed from the calendar")


def _event_saved(sender: type, instance: Event, **kwargs: Any) -> None:
    # An event cancelled (or reinstated) takes its races out of the title maths (or back).
    if not kwargs.get("created") and StandingRow.objects.filter(season_id=instance.season_id).exists():
        mark_season_dirty(instance.season_id, reason=f"event {instance.pk} changed")


def _team_saved(sender: type, instance: Team, **kwargs: Any) -> None:
    # The teams' standings show the team's name, copied into the stored rows.
    if kwargs.get("created"):
        return
    for season_id in Entry.objects.filter(team=instance).values_list("season_id", flat=True).distinct():
        mark_season_dirty(season_id, reason=f"team {instance.pk} renamed or changed")


def _driver_saved(sender: type, instance: Driver, **kwargs: Any) -> None:
    # The drivers' standings show the driver's name, copied into the stored rows.
    if kwargs.get("created"):
        return
    rows = ResultRowDriver.objects.filter(driver=instance)
    for season_id in rows.values_list("row__version__race__season_id", flat=True).distinct():
        mark_season_dirty(season_id, reason=f"driver {instance.pk} renamed or changed")


def connect() -> None:
    post_save.connect(_version_saved, sender=ClassificationVersion, dispatch_uid="version-saved")
    post_save.connect(_race_saved, sender=Race, dispatch_uid="race-saved")
    post_delete.connect(_race_deleted, sender=Race, dispatch_uid="race-deleted")
    post_save.connect(_event_saved, sender=Event, dispatch_uid="event-saved")
    post_save.connect(_team_saved, sender=Team, dispatch_uid="team-saved")
    post_save.connect(_driver_saved, sender=Driver, dispatch_uid="driver-saved")
    for signal in (post_save, post_delete):
        signal.connect(_decision_changed, sender=Decision, dispatch_uid=f"decision-{signal}")
        signal.connect(_rules_changed, sender=PointsRules, dispatch_uid=f"rules-{signal}")
        signal.connect(_championship_changed, sender=ExtraChampionship, dispatch_uid=f"championship-{signal}")
        signal.connect(_entry_changed, sender=Entry, dispatch_uid=f"entry-{signal}")
        signal.connect(_adjustment_changed, sender=ChampionshipAdjustment, dispatch_uid=f"adj-{signal}")
        signal.connect(_class_change_changed, sender=EntryClassChange, dispatch_uid=f"class-change-{signal}")
        signal.connect(_pole_changed, sender=RacePole, dispatch_uid=f"pole-{signal}")
