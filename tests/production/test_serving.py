"""The deployment as it runs: gunicorn with DEBUG off serves the site and its static files.

`collectstatic` into a temporary STATIC_ROOT, then `gunicorn config.wsgi` in a subprocess on a
free port with the production storage (WhiteNoise's manifest): the admin's CSS must come back
200, as CSS, gzipped for a client that accepts it; /healthz and / must answer 200. The server
always runs on a scratch SQLite file in embedded mode, so it needs neither the suite's database
nor a Celery worker, and the test runs the same in both CI modes (about 15 s).
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

pytest.importorskip("gunicorn", reason="gunicorn is not installed: the serving test needs it")

from bench.serve import get, manage, production_env, start_gunicorn  # noqa: E402

pytestmark = pytest.mark.serving


def test_it_serves_pages_and_static_files_with_debug_off(tmp_path: Path) -> None:
    env = production_env(static_root=tmp_path / "static", sqlite_path=tmp_path / "site.sqlite3")
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    assert (tmp_path / "static" / "staticfiles.json").exists()

    with start_gunicorn(env, workers=1) as base:
        status, headers, body = get(base + "/static/admin/css/base.css", {"Accept-Encoding": "gzip"})
        assert status == 200
        assert headers["Content-Type"].startswith("text/css")
        assert headers.get("Content-Encoding") == "gzip"
        assert b"body" in gzip.decompress(body)
        plain_status, plain_headers, plain = get(base + "/static/admin/css/base.css")
        assert plain_status == 200 and "Content-Encoding" not in plain_headers and plain == gzip.decompress(body)

        status, headers, body = get(base + "/healthz")
        assert status == 200, body.decode()
        status, headers, body = get(base + "/")
        assert status == 200 and b"Paddock" in body
        assert headers["Cache-Control"] == "public, max-age=60"
