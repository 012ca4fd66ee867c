"""Celery tasks: thin wrappers that take ids and call services."""

from __future__ import annotations

from celery import shared_task

from results.standings.services import recalculate_season


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=False)
def recalculate_season_standings(season_id: int, force: bool = False) -> str:
    """Recompute a season's standings (coalesced, idempotent; see results.recalc)."""
    return recalculate_season(season_id, force=force)
