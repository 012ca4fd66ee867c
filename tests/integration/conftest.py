"""A real Celery worker (subprocess) against the test database, for server-mode tests.

Why a subprocess started here rather than one started by CI: the worker must use the test
database that pytest-django created (test_<name>), which only exists during the test run.
"""

from __future__ import annotations

import os
import subprocess
import sys
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
