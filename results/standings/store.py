"""Write a season's standings: inputs from the database → pure engine → stored rows.

The whole season is recomputed from scratch and replaced in one transaction, so running it
twice gives identical rows and a failure leaves the previous standings in place. The query
count is fixed: inputs come from a constant number of queries, and the rows are written
with one statement (COPY on PostgreSQL, one executemany elsewhere).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.db import connection, transaction

from results.standings.engine import StandingRow as EngineRow
from results.standings.engine import compute_standings
from results.standings.inputs import build_season_input
from results.standings.models import StandingRow

COLUMNS = (
    "season_id",
    "after_round",
    "championship",
    "class_code",
    "cup_code",
    "competitor_key",
    "competitor_name",
    "number",
    "position",
    "points",
    "results",
    "wins",
    "tied",
    "status",
    "breakdown",
)


def season_standings_compute(season_id: int) -> list[EngineRow]:
    """The season's standings after every round, as the engine computes them (nothing written)."""
    return compute_standings(build_season_input(season_id))


def _values(season_id: int, row: EngineRow) -> tuple[Any, ...]:
    return (
        season_id,
        row.after_round,
        row.championship,
        row.class_code,
        row.cup_code,
        row.competitor_key,
        row.competitor_name[:300],
        row.number[:40],
        row.position,
        row.points,
        row.results[:500],
        row.wins,
        row.tied,
        row.status,
        json.dumps(row.breakdown.as_dict(), separators=(",", ":")),
    )


def _insert(values: Sequence[tuple[Any, ...]]) -> None:
    # Why raw SQL: bulk_create splits into batches whose number grows with the season, and
    # builds a model instance per row; one COPY / executemany keeps the query count constant.
    table = connection.ops.quote_name(StandingRow._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for value in values:
                    copy.write_row(value)
        else:
            placeholders = ", ".join(["%s"] * len(COLUMNS))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", values)  # noqa: S608


def season_standings_write(season_id: int) -> int:
    """Recompute and replace all stored standings rows of a season; returns the row count."""
    values = [_values(season_id, row) for row in season_standings_compute(season_id)]
    with transaction.atomic():
        StandingRow.objects.filter(season_id=season_id).delete()
        if values:
            _insert(values)
    return len(values)
