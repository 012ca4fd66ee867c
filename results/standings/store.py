"""Write a season's standings: inputs from the database → pure engine → stored rows.

The whole season is recomputed from scratch and replaced in one transaction, so running it
twice gives identical rows and a failure leaves the previous standings in place. The query
count is fixed: inputs come from a constant number of queries, and each of the two tables
is written with one statement (COPY on PostgreSQL, one executemany elsewhere): one row per
competitor and table with its races (``StandingCompetitor``), one per competitor, table
and round with what changes per round (``StandingRow``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.db import connection, models, transaction

from results.standings.engine import (
    CompetitorKey,
    CompetitorSeason,
    SeasonStandings,
    TableLine,
    TitleChance,
    compute_season,
    compute_titles,
    cyclic_gc_paused,
)
from results.standings.inputs import build_season_input
from results.standings.models import StandingCompetitor, StandingRow

COMPETITOR_COLUMNS = (
    "season_id",
    "championship",
    "class_code",
    "cup_code",
    "competitor_key",
    "races",
    "adjustments",
)
ROW_COLUMNS = (
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
    "tie_break",
    "dropped",
    "title",
    "title_available",
    "title_needs",
    "title_races_left",
)
_COMPACT = (",", ":")


_TitleIndex = dict[tuple[int, str, str, str, CompetitorKey], TitleChance]


def title_key(line: TableLine | TitleChance) -> tuple[int, str, str, str, CompetitorKey]:
    """Which table line a title chance is about."""
    return (line.after_round, line.championship, line.class_code, line.cup_code, line.competitor_key)


def season_standings_compute(season_id: int) -> tuple[SeasonStandings, _TitleIndex]:
    """The season's standings after every round and the title maths of every line, as the
    engine computes them (nothing written)."""
    season = build_season_input(season_id)
    standings = compute_season(season)
    titles = {title_key(chance): chance for chance in compute_titles(season, standings.lines)}
    return standings, titles


def competitor_values(season_id: int, competitor: CompetitorSeason) -> tuple[Any, ...]:
    return (
        season_id,
        competitor.championship,
        competitor.class_code,
        competitor.cup_code,
        str(competitor.competitor_key),
        json.dumps(competitor.races_as_json(), separators=_COMPACT),
        json.dumps(competitor.adjustments_as_json(), separators=_COMPACT),
    )


def row_values(season_id: int, line: TableLine, title: TitleChance | None = None) -> tuple[Any, ...]:
    season = line.season
    return (
        season_id,
        line.after_round,
        season.championship,
        season.class_code,
        season.cup_code,
        str(season.competitor_key),
        line.competitor_name[:300],
        line.number[:40],
        line.position,
        line.points,
        line.results[:500],
        line.wins,
        line.tied,
        line.status,
        line.tie_break,
        json.dumps(line.dropped) if line.dropped else "[]",
        title.status if title else "",
        title.available if title else 0,
        title.needs if title else "",
        title.races_left if title else 0,
    )


def insert_rows(model: type[models.Model], columns: Sequence[str], values: Sequence[tuple[Any, ...]]) -> None:
    """One statement whatever the number of rows: COPY on PostgreSQL, one executemany elsewhere."""
    # Why raw SQL: bulk_create splits into batches whose number grows with the season, and
    # builds a model instance per row; one COPY / executemany keeps the query count constant.
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for value in values:
                    copy.write_row(value)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", values)  # noqa: S608


def _insert(competitors: Sequence[tuple[Any, ...]], rows: Sequence[tuple[Any, ...]]) -> None:
    if competitors:
        insert_rows(StandingCompetitor, COMPETITOR_COLUMNS, competitors)
    if rows:
        insert_rows(StandingRow, ROW_COLUMNS, rows)


def season_standings_write(season_id: int) -> int:
    """Recompute and replace all stored standings of a season; returns the number of rows."""
    with cyclic_gc_paused():  # see there: building inputs and rows allocates as much as the engine
        standings, titles = season_standings_compute(season_id)
        competitors = [competitor_values(season_id, competitor) for competitor in standings.competitors]
        rows = [row_values(season_id, line, titles.get(title_key(line))) for line in standings.lines]
    with transaction.atomic():
        StandingRow.objects.filter(season_id=season_id).delete()
        StandingCompetitor.objects.filter(season_id=season_id).delete()
        _insert(competitors, rows)
    return len(rows)
