"""Writes of championship data made outside the admin's plain saves: points rules and extra
championships (audited).

Who may write is championships.scoping's; every write leaves an audit record.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from championships import scoping
from championships.audit import audit_record, audit_saved, model_snapshot
from championships.extra_championships import ExtraChampionship
from championships.rules import PointsRules
from championships.scoping import AnyUser


def _ensure_can_manage(actor: AnyUser, series_id: int | None, what: str) -> None:
    if not scoping.can_manage(actor, series_id):
        raise PermissionDenied(f"Only the series staff can change {what}.")


def points_rules_save(*, actor: AnyUser, rules: PointsRules) -> PointsRules:
    """Create or change a season's (or a race's) points rules: staff of the season's series.

    Audited as championships.rules.created / championships.rules.updated (changed fields only).
    """
    _ensure_can_manage(actor, rules.season.series_id, "the points rules")
    with transaction.atomic():
        stored = PointsRules.objects.select_for_update().filter(pk=rules.pk).first() if rules.pk else None
        if stored is not None:
            # Why: the rules may be moved to another season; the one they leave must be the actor's too.
            _ensure_can_manage(actor, stored.season.series_id, "the points rules")
        before = model_snapshot(stored) if stored is not None else None
        rules.save()
        audit_saved(
            namespace="championships.rules", actor=actor, obj=rules, before=before, series=rules.season.series_id
        )
    return rules


def points_rules_delete(*, actor: AnyUser, rules: PointsRules) -> None:
    """Delete points rules (a race's override, or the season's): staff of the season's series."""
    _ensure_can_manage(actor, rules.season.series_id, "the points rules")
    with transaction.atomic():
        audit_record(
            action="championships.rules.deleted",
            actor=actor,
            obj=rules,
            series=rules.season.series_id,
            before=model_snapshot(rules),
        )
        rules.delete()


def extra_championship_save(*, actor: AnyUser, championship: ExtraChampionship) -> ExtraChampionship:
    """Create or change an extra championship (Japan Cup, Sprint Cup...): staff of the season's series.

    Audited as championships.championship.created / .updated (changed fields only); the save
    marks the season's standings stale (results.standings.invalidation).
    """
    _ensure_can_manage(actor, championship.season.series_id, "the championships")
    with transaction.atomic():
        stored = (
            ExtraChampionship.objects.select_for_update().filter(pk=championship.pk).first()
            if championship.pk
            else None
        )
        if stored is not None:
            # Why: it may be moved to another season; the one it leaves must be the actor's too.
            _ensure_can_manage(actor, stored.season.series_id, "the championships")
        before = model_snapshot(stored) if stored is not None else None
        championship.save()
        audit_saved(
            namespace="championships.championship",
            actor=actor,
            obj=championship,
            before=before,
            series=championship.season.series_id,
        )
    return championship


def extra_championship_delete(*, actor: AnyUser, championship: ExtraChampionship) -> None:
    """Delete an extra championship (its standings go at the next recalculation): staff of the series."""
    _ensure_can_manage(actor, championship.season.series_id, "the championships")
    with transaction.atomic():
        audit_record(
            action="championships.championship.deleted",
            actor=actor,
            obj=championship,
            series=championship.season.series_id,
            before=model_snapshot(championship),
        )
        championship.delete()
