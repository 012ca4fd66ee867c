"""Celery tasks: thin wrappers that take ids and call services."""

from __future__ import annotations

from celery import shared_task

from results.standings.services import recalculate_season, resend_pending_recalculations
from results.standings.worker_health import record_heartbeat


# Why ignore_result: nobody waits on a recalculation; its outcome is on SeasonStandingsState.
# Sending it then never touches the result backend, so only the broker can fail a send.
@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def recalculate_season_standings(season_id: int, force: bool = False) -> str:
    """Recompute a season's standings (coalesced, idempotent; see services)."""
    return recalculate_season(season_id, force=force)


@shared_task(ignore_result=True)
def resend_pending_recalculations_task() -> list[int]:
    """Celery beat, every 30 s: re-send the recalculation of every season still pending."""
    return resend_pending_recalculations()


@shared_task(ignore_result=True)
def worker_heartbeat() -> str:
    """Celery beat, every 30 s: proves beat, broker and a worker all work (/healthz reads it)."""
    return record_heartbeat()
