"""Writes of championship data made outside the admin's plain saves: points rules, extra
championships and publishing a season (audited).

Who may write is championships.scoping's; every write leaves an audit record.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from championships import scoping
from championships.audit import audit_record, audit_saved, model_snapshot
from championships.extra_championships import ExtraChampionship
from championships.models import Season
from championships.rules import PointsRules
from championships.scoping import AnyUser


def ensure_can_manage(actor: AnyUser, series_id: int | None, what: str) -> None:
    if not scoping.can_manage(actor, series_id):
        raise PermissionDenied(f"Only the series staff can change {what}.")


def _season_row_save[R: (PointsRules, ExtraChampionship)](*, actor: AnyUser, row: R, namespace: str, what: str) -> R:
    """Create or change a row of a season's rules: staff of the season's series; audited as
    <namespace>.created / <namespace>.updated (changed fields only)."""
    ensure_can_manage(actor, row.season.series_id, what)
    with transaction.atomic():
        stored = type(row)._default_manager.select_for_update().filter(pk=row.pk).first() if row.pk else None
        if stored is not None:
            # Why: the row may be moved to another season; the one it leaves must be the actor's too.
            ensure_can_manage(actor, stored.season.series_id, what)
        before = model_snapshot(stored) if stored is not None else None
        row.save()
        audit_saved(namespace=namespace, actor=actor, obj=row, before=before, series=row.season.series_id)
    return row


def _season_row_delete(*, actor: AnyUser, row: PointsRules | ExtraChampionship, action: str, what: str) -> None:
    ensure_can_manage(actor, row.season.series_id, what)
    with transaction.atomic():
        audit_record(action=action, actor=actor, obj=row, series=row.season.series_id, before=model_snapshot(row))
        row.delete()


def points_rules_save(*, actor: AnyUser, rules: PointsRules) -> PointsRules:
    """Create or change a season's (or a race's) points rules: staff of the season's series.

    Audited as championships.rules.created / championships.rules.updated (changed fields only).
    """
    return _season_row_save(actor=actor, row=rules, namespace="championships.rules", what="the points rules")


def points_rules_delete(*, actor: AnyUser, rules: PointsRules) -> None:
    """Delete points rules (a race's override, or the season's): staff of the season's series."""
    _season_row_delete(actor=actor, row=rules, action="championships.rules.deleted", what="the points rules")


def extra_championship_save(*, actor: AnyUser, championship: ExtraChampionship) -> ExtraChampionship:
    """Create or change an extra championship (Japan Cup, Sprint Cup...): staff of the season's series.

    Audited as championships.championship.created / .updated (changed fields only); the save
    marks the season's standings stale (results.standings.invalidation).
    """
    return _season_row_save(
        actor=actor, row=championship, namespace="championships.championship", what="the championships"
    )


def extra_championship_delete(*, actor: AnyUser, championship: ExtraChampionship) -> None:
    """Delete an extra championship (its standings go at the next recalculation): staff of the series."""
    _season_row_delete(
        actor=actor, row=championship, action="championships.championship.deleted", what="the championships"
    )


def season_publish(*, actor: AnyUser, season: Season, published: bool = True) -> Season:
    """Make a draft season public (or take it back to draft): series staff only, audited as
    championships.season.published / championships.season.unpublished."""
    ensure_can_manage(actor, season.series_id, f"whether {season} is public")
    with transaction.atomic():
        stored = Season.objects.select_for_update().get(pk=season.pk)
        if stored.published == published:
            return stored
        stored.published = published
        stored.save(update_fields=["published"])
        action = "championships.season.published" if published else "championships.season.unpublished"
        audit_record(
            action=action,
            actor=actor,
            obj=stored,
            series=stored.series_id,
            before={"published": not published},
            after={"published": published},
        )
    return stored
