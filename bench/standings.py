"""Benchmark of the standings recalculation (issue 12, item 4).

    .venv/bin/python bench/standings.py [--postgres postgres://postgres@127.0.0.1:5432/paddock_bench]

On SQLite and on PostgreSQL (when reachable), for synthetic seasons of 12 races x 60 cars,
48 races x 60 cars and 12 races x 600 cars (3 classes, 3 drivers a car), it prints in one run:
- the pure engine alone on the season's input (target: <= 50 ms for 12 x 60),
- the title maths alone (``compute_titles``: champion / contender / out of every line),
- the floor: a plain read (the same SQL as the input builder, fetched as tuples, no objects)
  + the engine + the title maths (the pure computation of what is stored) + one COPY (one
  executemany on SQLite) of the same rows, committed,
- the full recalculation (inputs, engine, replace the stored rows, commit) and full / floor
  (target: <= 1.5),
- how the full recalculation grows: 48 races / 12 races (target: <= 4.5x) and 600 cars /
  60 cars (target: <= 11x), and the queries per recalculation (target: constant).
Every figure is the median of --repeats runs; full / floor is the median of the ratios of
each run, the floor and the full recalculation being measured back to back. Each backend runs in a child process because
Django reads DATABASE_URL once, at start-up.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASE, MORE_RACES, MORE_CARS = "12 races x 60 cars", "48 races x 60 cars", "12 races x 600 cars"
SIZES = {BASE: (12, 60, 3), MORE_RACES: (48, 60, 3), MORE_CARS: (12, 600, 3)}
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/paddock_bench"
TARGETS = {"engine_ms": 50.0, "full_over_floor": 1.5, "races_x4": 4.5, "cars_x10": 11.0}


def median_seconds(run: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def child(repeats: int, label: str) -> None:
    """Runs inside the configured database: build one season size, measure, print one JSON line."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from bench.synthetic import build_season
    from results.standings import store
    from results.standings.engine import compute_season, compute_titles
    from results.standings.inputs import build_season_input
    from results.standings.models import StandingCompetitor, StandingRow

    call_command("migrate", verbosity=0)
    races, cars, classes = SIZES[label]
    season_id = build_season(races=races, cars=cars, classes=classes, code="bench").season.id
    store.season_standings_write(season_id)

    # The floor's read: the very SQL the input builder sends, fetched as plain tuples.
    with CaptureQueriesContext(connection) as read_queries:
        season_input = build_season_input(season_id)
    read_sql = [query["sql"] for query in read_queries.captured_queries]
    standings, titles = store.season_standings_compute(season_id)
    competitor_values = [store.competitor_values(season_id, c) for c in standings.competitors]
    row_values = [store.row_values(season_id, line, titles.get(store.title_key(line))) for line in standings.lines]

    def plain_read() -> None:
        with connection.cursor() as cursor:
            for sql in read_sql:
                cursor.execute(sql)
                cursor.fetchall()

    def committed_copy() -> float:
        with transaction.atomic():
            # Why untimed: the floor writes into empty space; removing the previous rows is
            # part of what the full recalculation has to do on top of the floor.
            StandingRow.objects.filter(season_id=season_id).delete()
            StandingCompetitor.objects.filter(season_id=season_id).delete()
            started = time.perf_counter()
            store.insert_rows(StandingCompetitor, store.COMPETITOR_COLUMNS, competitor_values)
            store.insert_rows(StandingRow, store.ROW_COLUMNS, row_values)
        return time.perf_counter() - started  # after the commit

    # Why interleaved: the floor and the full recalculation are measured back to back in
    # each repetition, so a busy machine slows both alike and their ratio stays honest.
    runs: dict[str, list[float]] = {
        "read_s": [],
        "engine_s": [],
        "title_s": [],
        "copy_s": [],
        "full_s": [],
        "ratio": [],
    }
    queries = []
    for _ in range(repeats):
        read_s = median_seconds(plain_read, 1)
        engine_s = median_seconds(lambda: compute_season(season_input), 1)
        title_s = median_seconds(lambda: compute_titles(season_input, standings.lines), 1)
        copy_s = committed_copy()
        with CaptureQueriesContext(connection) as ctx:
            full_s = median_seconds(lambda: store.season_standings_write(season_id), 1)
        queries.append(len(ctx.captured_queries))
        measured = {"read_s": read_s, "engine_s": engine_s, "title_s": title_s, "copy_s": copy_s, "full_s": full_s}
        for name, value in measured.items():
            runs[name].append(value)
        runs["ratio"].append(full_s / (read_s + engine_s + title_s + copy_s))
    figures = {
        "rows": len(row_values),
        **{name: statistics.median(values) for name, values in runs.items()},
        "queries": sorted(set(queries)),
    }
    print(json.dumps({"vendor": connection.vendor, "label": label, "figures": figures}))


def run_size(env_extra: dict[str, str], repeats: int, label: str) -> dict | None:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update({"DEBUG": "1", **env_extra})
    proc = subprocess.run(  # noqa: S603 (our own script, fixed arguments)
        [sys.executable, __file__, "--child", label, "--repeats", str(repeats)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        print(proc.stderr[-3000:], file=sys.stderr)
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_backend(backend: str, postgres_url: str, repeats: int) -> dict | None:
    """Every size on one backend, each in a fresh database and a fresh process (so that a
    size is never measured in a heap or a database the previous one filled)."""
    figures: dict[str, dict] = {}
    vendor = backend
    for label in SIZES:
        with tempfile.TemporaryDirectory() as tmp:
            if backend == "sqlite":
                env = {"SQLITE_PATH": str(Path(tmp) / "bench.sqlite3")}
            elif recreate_pg_database(postgres_url):
                env = {"DATABASE_URL": postgres_url}
            else:
                return None
            result = run_size(env, repeats, label)
        if result is None:
            return None
        vendor = result["vendor"]
        figures[label] = result["figures"]
    return {"vendor": vendor, "figures": figures}


def recreate_pg_database(url: str) -> bool:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        print(f"PostgreSQL not available ({exc.__class__.__name__}: {exc}); skipping it", file=sys.stderr)
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", default=DEFAULT_PG, help="a scratch database URL (dropped and recreated)")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--child", choices=list(SIZES), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.repeats, args.child)
        return

    results = [r for r in (run_backend(b, args.postgres, args.repeats) for b in ("sqlite", "postgresql")) if r]
    print(f"Standings recalculation benchmark (median of {args.repeats} runs; times in ms)")
    print(
        f"{'backend':<11}{'season':<22}{'rows':>7}{'read':>7}{'engine':>8}{'title':>7}{'copy':>7}{'floor':>8}"
        f"{'full':>8}{'full/floor':>11}  queries"
    )
    for result in results:
        for label, f in result["figures"].items():
            print(
                f"{result['vendor']:<11}{label:<22}{f['rows']:>7}{f['read_s'] * 1000:>7.1f}"
                f"{f['engine_s'] * 1000:>8.1f}{f['title_s'] * 1000:>7.1f}{f['copy_s'] * 1000:>7.1f}"
                f"{floor_s(f) * 1000:>8.1f}"
                f"{f['full_s'] * 1000:>8.1f}{f['ratio']:>11.2f}  {','.join(map(str, f['queries']))}"
            )
    print("(queries as Django logs them; on PostgreSQL the two COPY statements are not logged)")
    print()
    for result in results:
        print(result["vendor"])
        for line in verdicts(result["figures"]):
            print(f"  {line}")


def floor_s(figures: dict) -> float:
    return figures["read_s"] + figures["engine_s"] + figures["title_s"] + figures["copy_s"]


def verdicts(figures: dict) -> list[str]:
    base, races, cars = figures[BASE], figures[MORE_RACES], figures[MORE_CARS]

    def line(what: str, value: float, target: float, unit: str = "") -> str:
        return f"{what}: {value:.2f}{unit} (target <= {target}{unit}) {'OK' if value <= target else 'MISSED'}"

    return [
        line(f"engine, {BASE}", base["engine_s"] * 1000, TARGETS["engine_ms"], " ms"),
        *(line(f"full / floor, {label}", f["ratio"], TARGETS["full_over_floor"]) for label, f in figures.items()),
        line(f"full, {MORE_RACES} / {BASE}", races["full_s"] / base["full_s"], TARGETS["races_x4"], "x"),
        line(f"full, {MORE_CARS} / {BASE}", cars["full_s"] / base["full_s"], TARGETS["cars_x10"], "x"),
        f"queries per recalculation: {' / '.join(str(f['queries']) for f in figures.values())} "
        f"{'OK (constant)' if len({str(f['queries']) for f in figures.values()}) == 1 else 'MISSED (not constant)'}",
    ]


if __name__ == "__main__":
    main()
