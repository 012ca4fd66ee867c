"""Faults on a race weekend, measured in one run (issue 19, item 7).

    .venv/bin/python bench/faults.py [--postgres URL] [--cars 200] [--seconds 8]

Server mode on loopback only: a PostgreSQL database of its own (--postgres, default
`paddock_faults` on 127.0.0.1, created if missing and flushed), a `redis-server` of its own on
a free port, gunicorn (2 workers) and a Celery worker with its beat. Builds a season (12 races x
--cars cars x 3 classes), a signed-up user and a steward, then prints:
1. 500s while Redis is stopped: public pages and API, sign-in, steward pages (target: 0);
2. seconds from `kill -9` of the worker mid-recalculation to current standings (target <= 15 s
   after the new worker is up);
3. the worst hostile upload, time and memory (bench/hostile.py; targets 2 s, 100 MB) and a
   real 41-car file (100 ms);
4. p50/p99 of a mixed public + steward load while the season recalculates every 2 s;
5. the first request after a recalculation against a cached one (target <= 2x).
Every wait has a time-out; the run stops by itself (a few minutes). Exit status 1 when a
target is missed.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import hostile  # noqa: E402
from bench.serve import PYTHON, ROOT, free_port, manage, production_env, start_gunicorn  # noqa: E402

PASSWORD = "faults-bench-Pa55word!"  # noqa: S105 - a scratch user of a scratch database
SEASON = "/seasons/faults/2023/"
KILL_TARGET_S = 15.0
FIRST_REQUEST_RATIO = 2.0


# --- processes -------------------------------------------------------------------------------


class RedisServer:
    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(  # noqa: S603
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],  # noqa: S607
            cwd=self.workdir,
            stdout=subprocess.DEVNULL,
        )
        _wait(lambda: _redis_answers(self.port), 10, "redis-server to start")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait(timeout=10)
            self.proc = None


def _redis_answers(port: int) -> bool:
    import socket

    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


class CeleryWorker:
    def __init__(self, env: dict[str, str], workdir: Path) -> None:
        self.env = env
        self.workdir = workdir
        self.log = workdir / "worker.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [PYTHON, "-m", "celery", "-A", "config", "worker", "-B", f"--schedule={self.workdir / 'beat'}"]
        command += ["--pool=solo", "--loglevel=info", "--without-gossip", "--without-mingle", "--without-heartbeat"]
        with self.log.open("ab") as log:
            # Why a session of its own: `-B` forks the beat as a child; killing the group leaves no orphan beat.
            self.proc = subprocess.Popen(  # noqa: S603
                command, env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def ready_count(self) -> int:
        return self.log.read_text(errors="replace").count(" ready.") if self.log.exists() else 0

    def kill(self) -> None:
        if self.proc is not None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
            self.proc = None

    def stop(self) -> None:
        if self.proc is not None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
            self.proc = None


def _wait(check: Callable[[], object], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise SystemExit(f"timed out after {timeout:.0f} s waiting for {what}")


def django(env: dict[str, str], code: str) -> str:
    """Run `code` in a Django process of the scratch deployment; its stdout."""
    done = subprocess.run(  # noqa: S603 - our own interpreter and code
        [PYTHON, "-c", "import django; django.setup()\n" + code],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=600,
    )
    return done.stdout.decode()


# --- HTTP ------------------------------------------------------------------------------------


class Browser:
    """A visitor with cookies (urllib only; loopback only)."""

    def __init__(self, base: str) -> None:
        assert base.startswith("http://127.0.0.1:")
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, bytes, float]:
        return self._open(urllib.request.Request(self.base + path))  # noqa: S310

    def post(self, path: str, data: dict[str, str]) -> tuple[int, bytes, float]:
        body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})  # noqa: S310
        return self._open(request)

    def _open(self, request: urllib.request.Request) -> tuple[int, bytes, float]:
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read(), time.perf_counter() - started
        except urllib.error.HTTPError as error:
            return error.code, error.read(), time.perf_counter() - started
        except OSError:
            return 0, b"", time.perf_counter() - started

    def sign_in(self, email: str) -> int:
        status, page, _ = self.get("/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if token is None:
            return status
        status, _, _ = self.post(
            "/accounts/login/", {"csrfmiddlewaretoken": token.group(1).decode(), "login": email, "password": PASSWORD}
        )
        return status


# --- the run ---------------------------------------------------------------------------------

BUILD = """
from django.contrib.auth import get_user_model
from allauth.account.models import EmailAddress
from bench.synthetic import build_season
from championships.models import Membership, Organisation, Race, Role
from results.standings.services import recalculate_season
season = build_season(races=12, cars={cars}, classes=3, code="faults").season
org = Organisation.objects.create(code="faults-org", name="Faults body")
season.series.governing_bodies.add(org)
User = get_user_model()
for name, staff in (("visitor", False), ("steward", True)):
    user = User.objects.create_user(name, f"{{name}}@example.test", "{password}", is_staff=staff)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    if staff:
        Membership.objects.create(user=user, organisation=org, role=Role.STEWARD)
recalculate_season(season.id, force=True)
print(season.id, Race.objects.filter(season=season).order_by("round").first().pk)
"""

CHANGE = """
from decimal import Decimal
from results.standings.models import ChampionshipAdjustment, StandingRow
row = StandingRow.objects.filter(season_id={season}, championship="teams", position=1).first()
ChampionshipAdjustment.objects.create(season_id={season}, championship="teams", class_code=row.class_code,
    competitor_key=row.competitor_key, kind="deduction", points=Decimal(1), after_round=1, reason="faults bench")
"""

CHANGES_EVERY_2_S = """
import time
from decimal import Decimal
from results.standings.models import ChampionshipAdjustment, StandingRow
row = StandingRow.objects.filter(season_id={season}, championship="teams", position=1).first()
deadline = time.monotonic() + {seconds}
while time.monotonic() < deadline:
    ChampionshipAdjustment.objects.create(season_id={season}, championship="teams", class_code=row.class_code,
        competitor_key=row.competitor_key, kind="deduction", points=Decimal(1), after_round=1, reason="load")
    time.sleep(2)
"""


def _state(env: dict[str, str], season: int) -> tuple[bool, bool]:
    """(current, running) of the season's standings, read with psycopg (no Django start-up)."""
    import psycopg

    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
        row = conn.execute(
            "SELECT computed_generation = generation AND running_since IS NULL, running_since IS NOT NULL "
            "FROM results_seasonstandingsstate WHERE season_id = %s",
            [season],
        ).fetchone()
    return (bool(row[0]), bool(row[1])) if row else (False, False)


@contextmanager
def deployment(args: argparse.Namespace) -> Iterator[tuple[dict[str, str], RedisServer, CeleryWorker, str, int, int]]:
    with tempfile.TemporaryDirectory(prefix="paddock-faults-") as scratch:
        tmp = Path(scratch)
        _ensure_database(args.postgres)
        redis = RedisServer(tmp)
        redis.start()
        env = production_env(tmp / "static", database_url=args.postgres, redis_url=redis.url)
        env["STAFF_MFA_REQUIRED"] = "0"  # the steward signs in with a password only (a scratch user)
        build_env = {k: v for k, v in env.items() if k != "REDIS_URL"}  # build inline, no broker
        manage(build_env, "migrate", "--noinput", "-v", "0")
        manage(build_env, "flush", "--noinput", "-v", "0")
        manage(build_env, "collectstatic", "--noinput", "-v", "0")
        started = time.monotonic()
        season, race = map(int, django(build_env, BUILD.format(cars=args.cars, password=PASSWORD)).split())
        print(f"built 12 races x {args.cars} cars x 3 classes in {time.monotonic() - started:.0f} s")
        worker = CeleryWorker(env, tmp)
        worker.start()
        _wait(lambda: worker.ready_count() > 0, 120, "the worker")
        try:
            with start_gunicorn(env, workers=2, timeout=60) as base:
                yield env, redis, worker, base, season, race
        finally:
            worker.stop()
            redis.stop()


def _ensure_database(url: str) -> None:
    import psycopg

    name = urllib.parse.urlparse(url).path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')  # a name of our own choosing (--postgres)


def redis_outage(base: str, redis: RedisServer, race: int, seconds: float) -> dict[str, int]:
    public = [
        "/",
        SEASON,
        SEASON + "standings/",
        "/api/v1/series/faults/seasons/2023/standings/",
        f"/races/{race}/classification/",
    ]
    steward = Browser(base)
    steward.sign_in("steward@example.test")
    for path in public:
        Browser(base).get(path)  # warm: stored in Redis
    redis.stop()
    counts = {"public": 0, "sign-in": 0, "steward": 0, "500": 0, "other errors": 0}
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            for path in public:
                status, _, _ = Browser(base).get(path)
                _count(counts, "public", status)
            _count(counts, "sign-in", Browser(base).sign_in("visitor@example.test"))
            for path in ("/steward/", f"/steward/races/{race}/"):
                _count(counts, "steward", steward.get(path)[0])
    finally:
        redis.start()
    return counts


def _count(counts: dict[str, int], kind: str, status: int) -> None:
    counts[kind] += 1
    if status >= 500 or status == 0:
        counts["500"] += 1
    elif status >= 400:
        counts["other errors"] += 1


def kill_and_recover(env: dict[str, str], worker: CeleryWorker, season: int) -> tuple[float, float]:
    django(env, CHANGE.format(season=season))
    _wait(lambda: _state(env, season)[1], 60, "the worker to start recalculating")
    worker.kill()
    killed = time.monotonic()
    ready_before = worker.ready_count()
    worker.start()
    _wait(lambda: worker.ready_count() > ready_before, 120, "the new worker")
    up = time.monotonic()
    _wait(lambda: _state(env, season)[0], 120, "current standings after the kill")
    done = time.monotonic()
    return done - killed, done - up


def mixed_load(env: dict[str, str], base: str, season: int, race: int, seconds: float) -> tuple[float, float, int]:
    changer = threading.Thread(target=django, args=(env, CHANGES_EVERY_2_S.format(season=season, seconds=seconds)))
    changer.start()
    latencies: list[float] = []
    errors = [0]
    steward = Browser(base)
    steward.sign_in("steward@example.test")
    paths = [SEASON + "standings/", "/api/v1/series/faults/seasons/2023/standings/", f"/races/{race}/classification/"]
    deadline = time.monotonic() + seconds

    def visitor(slot: int) -> None:
        browser = steward if slot == 0 else Browser(base)
        n = 0
        while time.monotonic() < deadline:
            path = f"/steward/races/{race}/" if slot == 0 else paths[n % len(paths)]
            status, _, took = browser.get(path)
            latencies.append(took)
            errors[0] += status >= 500 or status == 0
            n += 1

    threads = [threading.Thread(target=visitor, args=(slot,)) for slot in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    changer.join()
    cuts = statistics.quantiles(latencies, n=100)
    return cuts[49], cuts[98], errors[0]


def first_request(env: dict[str, str], base: str, season: int, rounds: int = 5) -> tuple[float, float, float]:
    """Seconds of the first standings request after each of `rounds` recalculations (median and
    worst) and of a cached request (median); each request on a new connection, as a visitor's."""
    firsts: list[float] = []
    cached: list[float] = []
    for _ in range(rounds):
        django(env, CHANGE.format(season=season))
        _wait(lambda: _state(env, season)[0], 120, "the recalculation")
        firsts.append(Browser(base).get(SEASON + "standings/")[2])
        cached.extend(Browser(base).get(SEASON + "standings/")[2] for _ in range(3))
    return statistics.median(firsts), max(firsts), statistics.median(cached)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/paddock_faults", metavar="URL")
    parser.add_argument("--cars", type=int, default=200, help="cars per class x 3 classes (default 200)")
    parser.add_argument("--seconds", type=float, default=8.0, help="Redis outage and mixed load (default 8)")
    args = parser.parse_args()
    missed: list[str] = []
    with deployment(args) as (env, redis, worker, base, season, race):
        counts = redis_outage(base, redis, race, args.seconds)
        print(
            f"1. Redis stopped {args.seconds:g} s: {counts['public']} public, {counts['sign-in']} sign-in, "
            f"{counts['steward']} steward requests: {counts['500']} x 500 (other 4xx: {counts['other errors']})"
        )
        if counts["500"]:
            missed.append("500s during a Redis outage")
        _wait(lambda: _state(env, season)[0], 120, "the standings to settle")
        from_kill, from_up = kill_and_recover(env, worker, season)
        print(f"2. kill -9 -> current standings: {from_up:.1f} s after the new worker is up ({from_kill:.1f} s in all)")
        if from_up > KILL_TARGET_S:
            missed.append("recovery after kill -9")
        p50, p99, errors = mixed_load(env, base, season, race, args.seconds)
        print(
            "4. mixed public + steward load, recalculating every 2 s: "
            f"p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, {errors} x 5xx"
        )
        first, worst, cached = first_request(env, base, season)
        print(
            f"5. first standings request after a recalculation: median {first * 1000:.0f} ms "
            f"(worst {worst * 1000:.0f} ms), cached {cached * 1000:.0f} ms: {first / cached:.1f}x"
        )
        if first > FIRST_REQUEST_RATIO * cached:
            missed.append("first request after a recalculation")
    print("3. hostile uploads (a fresh process per file):")
    figures = hostile.run()
    if (
        figures["worst_s"] > hostile.MAX_SECONDS
        or figures["worst_mb"] > hostile.MAX_GROWTH_MB
        or figures["not_refused"]
    ):
        missed.append("hostile uploads")
    print("targets met" if not missed else f"TARGETS MISSED: {', '.join(missed)}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
