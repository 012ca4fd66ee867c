"""Benchmark of the standings recalculation (issue: 'Standings', item 7).

    .venv/bin/python bench/standings.py [--postgres postgres://postgres@127.0.0.1:5432/paddock_bench]

For a synthetic season of 12 races x 60 cars x 3 classes, and one 10x larger (600 cars),
on SQLite and on PostgreSQL (when reachable), it prints in one run:
- the pure engine alone on the season's input (median of N runs),
- the full recalculation (load inputs, engine, replace stored rows) (median of N runs),
- their ratio (target: within 3x), the queries per recalculation (target: constant),
- and whether the 12-race season is under 1 s on PostgreSQL.
Each backend runs in a child process because Django reads DATABASE_URL once, at start-up.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = {"12 races x 60 cars": (12, 60, 3), "12 races x 600 cars (10x)": (12, 600, 3)}
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/paddock_bench"


def child(repeats: int) -> None:
    """Runs inside the configured database: build each size, measure, print one JSON line."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.synthetic import build_season
    from results.standings.engine import compute_standings
    from results.standings.inputs import build_season_input
    from results.standings.store import season_standings_write

    call_command("migrate", verbosity=0)
    figures = {}
    for index, (label, (races, cars, classes)) in enumerate(SIZES.items()):
        synthetic = build_season(races=races, cars=cars, classes=classes, code=f"bench{index}")
        season_id = synthetic.season.id
        season_input = build_season_input(season_id)
        engine_times, full_times, queries, rows = [], [], [], 0
        for _ in range(repeats):
            started = time.perf_counter()
            compute_standings(season_input)
            engine_times.append(time.perf_counter() - started)
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                rows = season_standings_write(season_id)
                full_times.append(time.perf_counter() - started)
            queries.append(len(ctx.captured_queries))
        figures[label] = {
            "engine_s": statistics.median(engine_times),
            "full_s": statistics.median(full_times),
            "queries": sorted(set(queries)),
            "rows": rows,
        }
    print(json.dumps({"vendor": connection.vendor, "figures": figures}))


def run_backend(env_extra: dict[str, str], repeats: int) -> dict | None:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update({"DEBUG": "1", **env_extra})
    proc = subprocess.run(  # noqa: S603 (our own script, fixed arguments)
        [sys.executable, __file__, "--child", "--repeats", str(repeats)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        print(proc.stderr[-3000:], file=sys.stderr)
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


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
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.repeats)
        return

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        sqlite = run_backend({"SQLITE_PATH": str(Path(tmp) / "bench.sqlite3")}, args.repeats)
        if sqlite:
            results.append(sqlite)
    if recreate_pg_database(args.postgres):
        pg = run_backend({"DATABASE_URL": args.postgres}, args.repeats)
        if pg:
            results.append(pg)

    print(f"Standings recalculation benchmark (median of {args.repeats} runs)")
    print(f"{'backend':<11}{'season':<28}{'rows':>7}{'engine s':>10}{'full s':>9}{'ratio':>7}  queries")
    for result in results:
        for label, f in result["figures"].items():
            ratio = f["full_s"] / f["engine_s"] if f["engine_s"] else float("inf")
            print(
                f"{result['vendor']:<11}{label:<28}{f['rows']:>7}{f['engine_s']:>10.3f}{f['full_s']:>9.3f}"
                f"{ratio:>7.2f}  {','.join(map(str, f['queries']))}"
            )
    print("(queries as Django logs them; on PostgreSQL the single COPY of the rows is not logged: add 1)")
    print()
    for result in results:
        base = result["figures"]["12 races x 60 cars"]
        big = result["figures"]["12 races x 600 cars (10x)"]
        ratio = base["full_s"] / base["engine_s"]
        print(
            f"{result['vendor']}: full/engine ratio {ratio:.2f} (target <= 3): {'OK' if ratio <= 3 else 'MISSED'}; "
            f"queries {base['queries']} vs 10x {big['queries']} (target: constant): "
            f"{'OK' if base['queries'] == big['queries'] else 'MISSED'}"
        )
        if result["vendor"] == "postgresql":
            print(
                f"postgresql: 12-race season full recalculation {base['full_s']:.3f} s (target < 1 s): "
                f"{'OK' if base['full_s'] < 1 else 'MISSED'}"
            )


if __name__ == "__main__":
    main()
