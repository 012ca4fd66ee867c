"""Status of a classification version: unpublished → provisional → official (→ amended)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from championships.audit import audit_record
from championships.models import Race
from championships.scoping import can_manage, can_steward
from championships.transitions import Transition
from results.classifications import notifications
from results.classifications.models import ClassificationStatus, ClassificationVersion

# Which status may be reached from which; official again after an amendment re-declares it.
ALLOWED = {
    ClassificationStatus.PROVISIONAL: {ClassificationStatus.DRAFT},
    ClassificationStatus.OFFICIAL: {
        ClassificationStatus.DRAFT,
        ClassificationStatus.PROVISIONAL,
        ClassificationStatus.AMENDED,
    },
}
LABELS = {
    ClassificationStatus.PROVISIONAL: "Publish provisional",
    ClassificationStatus.OFFICIAL: "Publish official",
}


def _publish_refusal(
    version: ClassificationVersion, user: Any, status: str, *, series_id: int, latest: int | None
) -> PermissionDenied | ValidationError | None:
    """Why `user` may not make `version` `status` now, or None: the one rule of publishing."""
    if not can_steward(user, series_id):
        return PermissionDenied()
    if status == ClassificationStatus.OFFICIAL and not can_manage(user, series_id):
        return PermissionDenied("Only series staff may publish official results.")
    if status not in ALLOWED or version.status not in ALLOWED[status]:  # type: ignore[index]
        return ValidationError(f"A {version.get_status_display().lower()} classification cannot be made {status}.")
    if version.version != latest:
        return ValidationError(f"Only the latest version (version {latest}) can be published.")
    return None


def _latest_number(race: Race) -> int | None:
    return race.classification_versions.order_by("-version").values_list("version", flat=True).first()


def classification_publish_refusal(
    version: ClassificationVersion, user: Any, status: str
) -> PermissionDenied | ValidationError | None:
    """Why the confirmation page must not offer this publication, or None (same rule as the write)."""
    race = version.race
    return _publish_refusal(version, user, status, series_id=race.season.series_id, latest=_latest_number(race))


def classification_transitions(version: ClassificationVersion, user: Any) -> list[Transition]:
    """The statuses `user` may publish `version` as now (the steward page shows one button each)."""
    race = version.race
    latest = _latest_number(race)
    return [
        Transition(status, label)
        for status, label in LABELS.items()
        if _publish_refusal(version, user, status, series_id=race.season.series_id, latest=latest) is None
    ]


@transaction.atomic
def classification_publish(
    *, version: ClassificationVersion, user: Any, status: str, reason: str = ""
) -> ClassificationVersion:
    """Publish the latest version as provisional (stewards) or official (series staff only)."""
    race = Race.objects.select_for_update().select_related("season").get(pk=version.race_id)
    version = ClassificationVersion.objects.select_for_update().get(pk=version.pk)
    refusal = _publish_refusal(version, user, status, series_id=race.season.series_id, latest=_latest_number(race))
    if refusal is not None:
        raise refusal
    _set_status(version, status, user, action="results.classification.published", reason=reason)
    notifications.notify_results_published(race, status)
    return version


def _set_status(version: ClassificationVersion, status: str, user: Any, *, action: str, reason: str) -> None:
    """Change the status with its audit record, in the caller's transaction (standings follow by signal)."""
    before = version.status
    now = timezone.now()
    version.status = status
    version.status_changed_at = now
    version.status_changed_by = user
    version.published_at = version.published_at or now
    version.save(update_fields=["status", "status_changed_at", "status_changed_by", "published_at"])
    race = version.race
    audit_record(
        action=action,
        actor=user,
        obj=version,
        series=race.season.series_id,
        before={"status": before},
        after={"status": status, "version": version.version},
        reason=reason,
    )


def mark_amended(race: Race, user: Any, reason: str) -> ClassificationVersion | None:
    """After a decision: the race's public version becomes amended if it was official."""
    public = (
        race.classification_versions.select_for_update()
        .filter(
            status__in=[
                ClassificationStatus.OFFICIAL,
                ClassificationStatus.PROVISIONAL,
                ClassificationStatus.AMENDED,
            ]
        )
        .order_by("-version")
        .first()
    )
    if public is None or public.status != ClassificationStatus.OFFICIAL:
        return None
    _set_status(
        public,
        ClassificationStatus.AMENDED,
        user,
        action="results.classification.amended",
        reason=reason,
    )
    return public
