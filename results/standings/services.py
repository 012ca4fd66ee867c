"""Marking seasons dirty and recalculating their standings, safely under concurrency.

The protocol, in short:
- every change that affects standings reaches `mark_season_dirty` inside its own transaction,
  through the signals of `results.standings.invalidation` (the one list of triggers): it bumps
  the season's `generation` and sends one Celery task *on commit* (never before: the worker
  must see the change), once per season and transaction however many rows changed;
- a task claims the season with a conditional UPDATE (one runner at a time; a claim older
  than CLAIM_LEASE is considered crashed and may be taken over), computes the generation it
  read, writes all rows in one transaction, then releases the claim;
- sending the task never fails a save: a broker error is logged, and the periodic
  `resend_pending_recalculations` (Celery beat) re-sends every season still pending, so a
  lost message, a broker outage or a killed worker only delays the standings;
- bursts coalesce: a task that finds nothing pending, or the season already claimed, exits;
  the runner re-sends itself if the generation moved while it was computing.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from results.standings.models import SeasonStandingsState
from results.standings.store import season_standings_write

logger = logging.getLogger(__name__)

# Why this short: a whole season recalculates in about a second (bench/standings.py: 1.5 s
# for 12 races x 600 cars), so a claim this old belongs to a run that died (a killed worker)
# and must not keep the season pending. On PostgreSQL a live run also holds an advisory lock
# for its whole transaction (`_hold_run_lock`): PostgreSQL drops it the moment the run's
# connection dies, so a claim without its lock is taken over after CLAIM_GRACE, not the lease,
# and two runs of one season never overlap however long one takes.
CLAIM_LEASE = timedelta(seconds=30)
# The time between a claim and its lock being taken (a few queries); a claim younger than this
# counts as live even before its lock shows.
CLAIM_GRACE = timedelta(seconds=2)
# First key of the two-key advisory lock: this lock space is the standings runs (second key: the season).
_RUN_LOCK_SPACE = 1919


@dataclass(frozen=True)
class _Recalculation:
    """The on-commit callback of a marked season; its type tells a second mark it is not needed."""

    season_id: int

    def __call__(self) -> None:
        schedule_recalculation(self.season_id)


def _already_pending_in_this_transaction(season_id: int) -> bool:
    """True when this transaction already marked the season and nothing has computed it since.

    Django keeps the callbacks of the open transaction (and drops those of a rolled-back
    savepoint), so a `_Recalculation` among them will run on commit and compute every change
    made until then. The pending check covers a recalculation run inline in between.
    """
    connection = transaction.get_connection()
    registered = connection.in_atomic_block and any(
        isinstance(callback, _Recalculation) and callback.season_id == season_id
        for _, callback, _ in connection.run_on_commit
    )
    return (
        registered
        and SeasonStandingsState.objects.filter(season_id=season_id)
        .exclude(computed_generation=F("generation"))
        .exists()
    )


def mark_season_dirty(season_id: int, reason: str) -> None:
    """Record that a season's standings are stale and schedule a recalculation on commit."""
    if _already_pending_in_this_transaction(season_id):
        logger.debug("season %s already marked dirty in this transaction: %s", season_id, reason)
        return
    state, _ = SeasonStandingsState.objects.get_or_create(season_id=season_id)
    now = timezone.now()
    SeasonStandingsState.objects.filter(pk=state.pk).update(generation=F("generation") + 1)
    SeasonStandingsState.objects.filter(pk=state.pk, dirty_since__isnull=True).update(dirty_since=now)
    logger.info("season %s marked dirty: %s", season_id, reason)
    transaction.on_commit(_Recalculation(season_id))


def schedule_recalculation(season_id: int) -> None:
    """Send the Celery task (runs in-process in embedded mode).

    Runs on commit: the change is saved whatever happens here, so a broker that is down
    must not turn the user's successful save into an error. The season stays pending and
    the periodic re-send picks it up when the broker is back.
    """
    from results.standings.tasks import recalculate_season_standings

    if settings.CELERY_TASK_ALWAYS_EAGER:
        recalculate_season_standings.delay(season_id)  # in-process: errors are our own bugs
        return
    try:
        recalculate_season_standings.delay(season_id)
    except Exception:  # kombu/redis raise several unrelated types for "broker unreachable"
        logger.exception("could not send the recalculation of season %s; the periodic re-send will", season_id)


def _locked_season_ids() -> list[int]:
    """Seasons whose run lock another database session holds (PostgreSQL; elsewhere none)."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT objid FROM pg_locks WHERE locktype = 'advisory' AND classid = %s AND objsubid = 2 "
            "AND granted AND pid <> pg_backend_pid()",
            [_RUN_LOCK_SPACE],
        )
        return [int(row[0]) for row in cursor.fetchall()]


def _free_claim() -> Q:
    """States no live run holds: no claim, a claim past its lease, or (PostgreSQL) a claim whose
    run lock is gone, i.e. whose worker died."""
    now = timezone.now()
    free = Q(running_since__isnull=True) | Q(running_since__lt=now - CLAIM_LEASE)
    if connection.vendor == "postgresql":
        free |= Q(running_since__lt=now - CLAIM_GRACE) & ~Q(season_id__in=_locked_season_ids())
    return free


def _hold_run_lock(season_id: int) -> bool:
    """Take the season's run lock for the current transaction (PostgreSQL); False if another run has it."""
    if connection.vendor != "postgresql":
        return True  # SQLite: one writer at a time anyway (IMMEDIATE transactions)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [_RUN_LOCK_SPACE, season_id])
        return bool(cursor.fetchone()[0])


def pending_season_ids() -> list[int]:
    """Seasons whose standings are behind their changes and that no live run holds."""
    return list(
        SeasonStandingsState.objects.exclude(computed_generation=F("generation"))
        .filter(_free_claim())
        .values_list("season_id", flat=True)
    )


def resend_pending_recalculations() -> list[int]:
    """Re-send the recalculation of every pending season (after a broker outage, a lost
    message or a killed worker); returns their ids. Harmless when they are already queued:
    the first run computes, the others find the season clean."""
    season_ids = pending_season_ids()
    for season_id in season_ids:
        schedule_recalculation(season_id)
    if season_ids:
        logger.info("re-sent the recalculation of seasons %s", season_ids)
    return season_ids


def recalculation_request(season_id: int, reason: str) -> str:
    """Staff's "recalculate now": 'running' when a live run holds the season (its result
    follows, and this request is queued behind it), else 'requested'."""
    running = (
        SeasonStandingsState.objects.filter(season_id=season_id, running_since__isnull=False)
        .exclude(_free_claim())
        .exists()
    )
    with transaction.atomic():
        mark_season_dirty(season_id, reason=reason)
    return "running" if running else "requested"


def _claim(season_id: int) -> int | None:
    """Take the season's run slot; returns the generation to compute, or None if not ours."""
    claimed = SeasonStandingsState.objects.filter(_free_claim(), season_id=season_id).update(
        running_since=timezone.now()
    )
    if not claimed:
        return None
    return SeasonStandingsState.objects.values_list("generation", flat=True).get(season_id=season_id)


def recalculate_season(season_id: int, force: bool = False) -> str:
    """Recalculate if pending (or forced). Returns what happened: computed / clean / busy / failed."""
    SeasonStandingsState.objects.get_or_create(season_id=season_id)
    state = SeasonStandingsState.objects.get(season_id=season_id)
    if not force and not state.pending and state.computed_at is not None:
        return "clean"
    generation = _claim(season_id)
    if generation is None:
        return "busy"
    started = time.perf_counter()
    try:
        # Why one transaction around the whole run: the run lock lives exactly as long as the
        # run (released on commit, rollback or a dead connection), and the inputs are read in
        # one snapshot. Only reads until the final writes; a save that marks this season dirty
        # meanwhile waits for the state row while the public bodies are rendered ahead (server
        # mode: about a second for a season of 3 classes; README "No visitor renders standings").
        with transaction.atomic():
            if not _hold_run_lock(season_id):
                # A run whose claim we took over is alive after all: it finishes the job.
                return "busy"
            season_standings_write(season_id)
            _record_success(season_id, generation, started)
            if settings.PADDOCK_PRERENDER:
                _prerender(season_id)
    except Exception as exc:
        # Why: the rows were written in one transaction that rolled back, so the last good
        # standings stay public; staff see the error on the season's standings state.
        logger.exception("standings of season %s failed", season_id)
        SeasonStandingsState.objects.filter(season_id=season_id).update(
            running_since=None, last_error=f"{type(exc).__name__}: {exc}", last_error_at=timezone.now()
        )
        return "failed"
    if SeasonStandingsState.objects.filter(season_id=season_id).exclude(generation=generation).exists():
        # Changes arrived while we computed: run again for them.
        transaction.on_commit(_Recalculation(season_id))
    return "computed"


def _record_success(season_id: int, generation: int, started: float) -> None:
    duration_ms = int((time.perf_counter() - started) * 1000)
    SeasonStandingsState.objects.filter(season_id=season_id).update(
        running_since=None,
        computed_generation=generation,
        computed_at=timezone.now(),
        duration_ms=duration_ms,
        last_error="",
        last_error_at=None,
    )
    SeasonStandingsState.objects.filter(season_id=season_id, generation=generation).update(dirty_since=None)


def _prerender(season_id: int) -> None:
    """Render and store the season's public bodies before the new standings commit, so the first
    visitor of the new version gets a stored body (results.standings.prerender). A failure here
    never costs the computed standings: they are then rendered on demand."""
    from results.standings.prerender import claim_season_bodies, prerender_season

    try:
        with transaction.atomic():  # a savepoint: an error here leaves the run's transaction usable
            prerender_season(claim_season_bodies(season_id))
    except Exception:
        logger.exception("could not pre-render the standings of season %s; they render on demand", season_id)
