"""Writes of championship adjustments (deductions, disqualifications, exclusions), audited.

The standings follow by signal (results.standings.invalidation); who may write is the series staff.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from championships.audit import audit_record, audit_saved, model_snapshot
from championships.scoping import AnyUser, can_manage
from results.standings.models import ChampionshipAdjustment

# Why: who entered it and when are the record's own facts, not fields that change.
NOT_AUDITED = ("created_by", "created_at")


def _ensure_can_manage(actor: AnyUser, adjustment: ChampionshipAdjustment) -> None:
    if not can_manage(actor, adjustment.season.series_id):
        raise PermissionDenied(f"Only the staff of {adjustment.season.series} can adjust its championships.")


def adjustment_save(*, actor: AnyUser, adjustment: ChampionshipAdjustment) -> ChampionshipAdjustment:
    """Add or change an adjustment: results.adjustment.created / .updated (changed fields only)."""
    _ensure_can_manage(actor, adjustment)
    with transaction.atomic():
        stored = (
            ChampionshipAdjustment.objects.select_for_update().select_related("season__series").get(pk=adjustment.pk)
            if adjustment.pk
            else None
        )
        if stored is not None:
            _ensure_can_manage(actor, stored)  # moved from another season: that one must be the actor's too
        else:
            adjustment.created_by = actor if actor.is_authenticated else None  # type: ignore[assignment]
        before = model_snapshot(stored, NOT_AUDITED) if stored is not None else None
        adjustment.save()
        audit_saved(
            namespace="results.adjustment",
            actor=actor,
            obj=adjustment,
            before=before,
            series=adjustment.season.series_id,
            exclude=NOT_AUDITED,
        )
    return adjustment


def adjustment_delete(*, actor: AnyUser, adjustment: ChampionshipAdjustment) -> None:
    """Delete an adjustment (the standings lose it on the next recalculation): results.adjustment.deleted."""
    _ensure_can_manage(actor, adjustment)
    with transaction.atomic():
        audit_record(
            action="results.adjustment.deleted",
            actor=actor,
            obj=adjustment,
            series=adjustment.season.series_id,
            before=model_snapshot(adjustment, NOT_AUDITED),
        )
        adjustment.delete()
