"""Writes of the season's drive-time rules (DriveTimeRule): series staff only, audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from championships import scoping
from championships.audit import audit_record, audit_saved, model_snapshot
from championships.scoping import AnyUser
from results.classifications.lap_models import DriveTimeRule


def _ensure_can_manage(actor: AnyUser, series_id: int) -> None:
    if not scoping.can_manage(actor, series_id):
        raise PermissionDenied("Only the series staff can change the drive-time rules.")


def drive_time_rule_save(*, actor: AnyUser, rule: DriveTimeRule) -> DriveTimeRule:
    """Create or change a rule; audited as results.drive_time_rule.created / .updated (changed fields)."""
    _ensure_can_manage(actor, rule.season.series_id)
    with transaction.atomic():
        stored = DriveTimeRule.objects.select_for_update().filter(pk=rule.pk).first() if rule.pk else None
        if stored is not None:
            # Why: a rule moved to another season must leave one of the actor's series too.
            _ensure_can_manage(actor, stored.season.series_id)
        before = model_snapshot(stored) if stored is not None else None
        rule.full_clean()
        rule.save()
        audit_saved(
            namespace="results.drive_time_rule", actor=actor, obj=rule, before=before, series=rule.season.series_id
        )
    return rule


def drive_time_rule_delete(*, actor: AnyUser, rule: DriveTimeRule) -> None:
    _ensure_can_manage(actor, rule.season.series_id)
    with transaction.atomic():
        audit_record(
            action="results.drive_time_rule.deleted",
            actor=actor,
            obj=rule,
            series=rule.season.series_id,
            before=model_snapshot(rule),
        )
        rule.delete()
