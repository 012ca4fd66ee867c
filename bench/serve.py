"""Serving benchmark (issue 11, item 6): the big synthetic season under gunicorn, cold and cached.

    .venv/bin/python bench/serve.py [--seconds 5] [--clients 8] [--postgres URL] [--redis URL]

Builds the 12 races x 600 cars x 3 classes season in a scratch database (a temporary SQLite
file, or the PostgreSQL database of --postgres, emptied first), collects the static files into
a temporary STATIC_ROOT, starts `gunicorn config.wsgi` with DEBUG off and 2 workers on a free
port, checks that the admin's CSS is served (200 with DEBUG off), then measures requests per
second with --clients threads (urllib) for --seconds each:
- cold:   a unique `bench=<n>` query parameter per request; the cache key holds the query
          string, so every request misses the body cache and renders the page in full;
- cached: the same URL again and again, served from the body cache (the default cache: local
          memory per worker without --redis, Redis shared by the workers with it);
- 304:    the same URL with the ETag in If-None-Match: no body at all.
The clients share the machine's cores with gunicorn: the cached and 304 figures are bounded by
the Python clients as much as by the server.

`start_gunicorn` and `production_env` are shared with tests/production/test_serving.py.
"""

from __future__ import annotations

import argparse
import itertools
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
SEASON = "/seasons/bench/2023/"
PAGE = SEASON + "standings/"
API = "/api/v1/series/bench/seasons/2023/standings/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def production_env(
    static_root: Path, sqlite_path: Path | None = None, database_url: str = "", redis_url: str = ""
) -> dict[str, str]:
    """The environment of a deployment with DEBUG off, over plain HTTP on 127.0.0.1."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "SQLITE_PATH", "DEBUG")}
    env.update(
        DEBUG="0",
        SECRET_KEY="bench-and-serving-test-only-secret-key-0123456789abcdef",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        STATIC_ROOT=str(static_root),
        DJANGO_SETTINGS_MODULE="config.settings",
        PYTHONPATH=str(ROOT),
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    elif sqlite_path is not None:
        env["SQLITE_PATH"] = str(sqlite_path)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, check=True)  # noqa: S603 (our own commands)


def get(url: str, headers: dict[str, str] | None = None, timeout: float = 30) -> tuple[int, dict[str, str], bytes]:
    if not url.startswith("http://127.0.0.1:"):
        raise ValueError(f"only the local server is measured, not {url}")
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (checked above)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:  # 304, 404, 503 are answers too
        return error.code, dict(error.headers), error.read()


@contextmanager
def start_gunicorn(env: dict[str, str], workers: int = 2, timeout: float = 30) -> Iterator[str]:
    """gunicorn config.wsgi on a free port until the block ends; yields its base URL."""
    port = free_port()
    command = [PYTHON, "-m", "gunicorn", "config.wsgi", "--workers", str(workers), "--bind", f"127.0.0.1:{port}"]
    # Why a file: a pipe nobody reads would block gunicorn once its buffer is full.
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        try:
            deadline = time.monotonic() + timeout
            while not _listening(port):
                if process.poll() is not None:
                    log.seek(0)
                    raise RuntimeError(f"gunicorn exited with {process.returncode}: {log.read().decode()[-2000:]}")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not listen on port {port} within {timeout} s")
                time.sleep(0.2)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def build(env: dict[str, str]) -> None:
    """Migrate and fill the scratch database (a child process: Django reads the env at start-up)."""
    manage(env, "migrate", "--noinput", "-v", "0")
    code = (
        "import django; django.setup()\n"
        "from bench.synthetic import build_season\n"
        "from results.standings.services import recalculate_season\n"
        "season = build_season(races=12, cars=600, classes=3, code='bench').season\n"
        "assert recalculate_season(season.id, force=True) in ('computed', 'clean')\n"
    )
    subprocess.run([PYTHON, "-c", code], env=env, cwd=ROOT, check=True)  # noqa: S603 (fixed code)


Request = Callable[[int], tuple[str, dict[str, str]]]


def measure(base: str, make_request: Request, seconds: float, clients: int) -> tuple[float, set[int]]:
    """Requests per second of `clients` threads for `seconds`; the statuses seen."""
    counter = itertools.count()
    done = [0] * clients
    statuses: set[int] = set()
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(slot: int) -> None:
        while time.monotonic() < stop:
            path, headers = make_request(next(counter))
            status, _, _ = get(base + path, headers)
            done[slot] += 1
            with lock:
                statuses.add(status)

    started = time.monotonic()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    return sum(done) / (time.monotonic() - started), statuses


def scenarios(path: str, etag: str) -> dict[str, Request]:
    def cold(n: int) -> tuple[str, dict[str, str]]:
        return f"{path}{'&' if '?' in path else '?'}bench={n}", {}

    def cached(n: int) -> tuple[str, dict[str, str]]:
        return path, {}

    def not_modified(n: int) -> tuple[str, dict[str, str]]:
        return path, {"If-None-Match": etag}

    return {"cold": cold, "cached": cached, "304": not_modified}


def run(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="paddock-serve-") as scratch:
        tmp = Path(scratch)
        database_url = args.postgres or ""
        # Why Redis for gunicorn only: with REDIS_URL the build would also send its recalculation
        # tasks to a broker no worker reads; the build recalculates inline instead.
        env = production_env(tmp / "static", tmp / "bench.sqlite3", database_url)
        server_env = production_env(tmp / "static", tmp / "bench.sqlite3", database_url, args.redis or "")
        if database_url:
            # Why flush: a scratch database, emptied so the season's codes are free.
            manage(env, "migrate", "--noinput", "-v", "0")
            manage(env, "flush", "--noinput", "-v", "0")
        started = time.monotonic()
        build(env)
        print(
            f"built 12 races x 600 cars x 3 classes in {time.monotonic() - started:.1f} s "
            f"({'PostgreSQL' if database_url else 'SQLite ' + str(tmp / 'bench.sqlite3')})"
        )
        manage(env, "collectstatic", "--noinput", "-v", "0")
        with start_gunicorn(server_env, workers=args.workers) as base:
            status, headers, body = get(base + "/static/admin/css/base.css", {"Accept-Encoding": "gzip"})
            print(
                f"/static/admin/css/base.css with DEBUG off: {status} {headers.get('Content-Type', '')}"
                f" {headers.get('Content-Encoding', 'identity')} ({len(body)} bytes)"
            )
            rows = []
            for label, path in (("standings page", PAGE), ("standings API", API)):
                status, headers, body = get(base + path)
                if status != 200:
                    raise SystemExit(f"{path}: {status}")
                etag = headers["ETag"]
                for kind, make in scenarios(path, etag).items():
                    rps, statuses = measure(base, make, args.seconds, args.clients)
                    rows.append((label, kind, rps, statuses, len(body)))
        cache = "Redis" if args.redis else "local memory per worker"
        print(f"\n{args.clients} clients x {args.seconds:g} s each, gunicorn {args.workers} workers, cache: {cache}")
        print("cold = a unique query parameter per request (misses the body cache: a full render)")
        print(f"{'url':<16}{'kind':<8}{'req/s':>10}  {'statuses':<10}{'body bytes':>11}")
        for label, kind, rps, statuses, size in rows:
            print(f"{label:<16}{kind:<8}{rps:>10.1f}  {','.join(map(str, sorted(statuses))):<10}{size:>11}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="per measurement (default 5)")
    parser.add_argument("--clients", type=int, default=8, help="client threads (default 8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--postgres", metavar="URL", help="a scratch PostgreSQL database (flushed) instead of SQLite")
    parser.add_argument("--redis", metavar="URL", help="a Redis cache shared by the workers")
    run(parser.parse_args())


if __name__ == "__main__":
    main()
