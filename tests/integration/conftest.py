"""A real Celery worker (subprocess) against the test database, for server-mode tests.

Why a subprocess started here rather than one started by CI: the worker must use the test
database that pytest-django created (test_<name>), which only exists during the test run.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def _test_database_url() -> str:
    db = settings.DATABASES["default"]
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


def worker_command(*options: str) -> list[str]:
    """`celery worker` as the integration tests run it: one process, no cluster chatter."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        *options,
        "--pool=solo",
        "--loglevel=info",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]


@pytest.fixture
def celery_worker_process(transactional_db: None) -> Iterator[subprocess.Popen[str]]:
    """Start `celery worker` on the test database; stop it after the test."""
    env = {**os.environ, "DATABASE_URL": _test_database_url(), "DJANGO_SETTINGS_MODULE": "config.settings"}
    # Drop stale messages from earlier runs so the worker only sees this test's tasks.
    from config.celery import app

    app.control.purge()
    log = open(ROOT / "celery-test-worker.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(
        worker_command(),
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"celery worker exited: {(ROOT / 'celery-test-worker.log').read_text()[-2000:]}")
            replies = app.control.ping(timeout=1.0)
            if replies:
                break
        else:
            raise RuntimeError("celery worker did not answer a ping within 60 s")
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def wait_until(check: Callable[[], Any], timeout: float = 60.0, what: str = "condition") -> Any:
    """Poll `check` until it returns something truthy (the worker runs asynchronously)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


# --- a Redis of the test's own, and a worker (with its beat) on it: fault tests ----------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Redis:
    """A throw-away redis-server that a test may stop and start again on the same port."""

    def __init__(self, workdir: Path) -> None:
        self.port = _free_port()
        self.workdir = workdir
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(  # noqa: S603
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=self.workdir,
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait(timeout=10)
            self.proc = None


class Worker:
    """`celery worker -B` (beat inside) on the test database and the test's Redis."""

    def __init__(self, redis: Redis, workdir: Path) -> None:
        self.redis = redis
        self.workdir = workdir
        self.proc: subprocess.Popen[str] | None = None
        self.log = workdir / "worker.log"

    def start(self) -> None:
        env = {
            **os.environ,
            "DATABASE_URL": _test_database_url(),
            "REDIS_URL": self.redis.url,
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
        with self.log.open("a") as log:
            self.proc = subprocess.Popen(  # noqa: S603
                worker_command("-B", f"--schedule={self.workdir / 'beat-schedule'}"),
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                text=True,
            )

    def kill(self) -> None:
        if self.proc is not None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
            self.proc = None

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
            self.proc = None


def _use_broker(url: str) -> None:
    """Send this process's tasks (and control messages) to `url` from now on."""
    from kombu import pools

    from config.celery import app

    app.conf.broker_url = url
    # Why all three: Celery's connection pool, its producer pool and kombu's global pools each
    # keep connections to the previous broker, and control.ping would go on using them.
    app.close()
    app.amqp._producer_pool = None
    pools.reset()


@pytest.fixture
def own_redis(transactional_db: None) -> Iterator[tuple[Redis, Worker]]:
    """This process's Celery app sends to the test's Redis for the duration of the test."""
    from config.celery import app

    previous = app.conf.broker_url
    with tempfile.TemporaryDirectory() as tmp:
        redis = Redis(Path(tmp))
        redis.start()
        worker = Worker(redis, Path(tmp))
        _use_broker(redis.url)
        try:
            yield redis, worker
        finally:
            worker.stop()
            redis.stop()
            _use_broker(previous)
            log = worker.log.read_text() if worker.log.exists() else ""
            print(log[-4000:])  # shown when the test fails
