"""Production settings of issue 11: JSON log lines, optional Sentry, the trusted proxy count."""

from __future__ import annotations

import json
import logging
import sys

import pytest

from config.logging import JsonFormatter
from tests.championships.test_settings import run

SETTINGS = "import os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; import django; django.setup();"


def record(message: str, *args: object, exc_info: bool = False) -> logging.LogRecord:
    info = sys.exc_info() if exc_info else None
    return logging.LogRecord("results.standings", logging.ERROR, __file__, 1, message, args, info)


def test_it_formats_a_log_line_as_one_json_object() -> None:
    line = JsonFormatter().format(record("Recalculation of %s failed", "elms-2014"))
    assert "\n" not in line
    data = json.loads(line)
    assert set(data) == {"timestamp", "level", "logger", "message"}
    assert (data["level"], data["logger"], data["message"]) == (
        "ERROR",
        "results.standings",
        "Recalculation of elms-2014 failed",
    )
    assert data["timestamp"].endswith("+00:00")


def test_it_keeps_the_traceback_inside_the_json_object() -> None:
    try:
        raise ValueError("bad scale")
    except ValueError:
        line = JsonFormatter().format(record("boom", exc_info=True))
    data = json.loads(line)
    assert "ValueError: bad scale" in data["exception"] and "Traceback" in data["exception"]
    assert len(line.splitlines()) == 1


def test_it_logs_json_lines_when_asked() -> None:
    result = run(
        SETTINGS + "import logging; logging.getLogger('paddock').warning('hello %s', 'world')",
        {"DEBUG": "1", "PADDOCK_LOG_FORMAT": "json"},
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stderr.strip().splitlines()[-1])
    assert (data["level"], data["logger"], data["message"]) == ("WARNING", "paddock", "hello world")


def test_it_refuses_an_unknown_log_format() -> None:
    result = run(SETTINGS, {"DEBUG": "1", "PADDOCK_LOG_FORMAT": "xml"})
    assert result.returncode != 0 and "PADDOCK_LOG_FORMAT='xml'" in result.stderr


def test_it_does_not_load_sentry_without_a_dsn() -> None:
    result = run(SETTINGS + "import sys; print('sentry_sdk' in sys.modules)", {"DEBUG": "1", "SENTRY_DSN": ""})
    assert result.stdout.split() == ["False"], result.stderr


def test_it_reports_errors_of_django_and_celery_to_sentry_with_a_dsn() -> None:
    result = run(
        SETTINGS + "import sentry_sdk; c = sentry_sdk.get_client();"
        "print(c.is_active(), sorted(n for n in c.integrations if n in ('django', 'celery')))",
        {"DEBUG": "1", "SENTRY_DSN": "https://public@sentry.example.invalid/1"},
    )
    assert result.stdout.strip() == "True ['celery', 'django']", result.stderr


@pytest.mark.parametrize(("value", "expected"), [(None, "0"), ("2", "2")])
def test_it_reads_the_trusted_proxy_count(value: str | None, expected: str) -> None:
    env = {"DEBUG": "1"} | ({"PADDOCK_TRUSTED_PROXY_COUNT": value} if value else {})
    result = run(SETTINGS + "from django.conf import settings as s; print(s.ALLAUTH_TRUSTED_PROXY_COUNT)", env)
    assert result.stdout.split() == [expected], result.stderr


@pytest.mark.parametrize("value", ["one", "-1"])
def test_it_refuses_a_trusted_proxy_count_that_is_not_a_count(value: str) -> None:
    result = run(SETTINGS, {"DEBUG": "1", "PADDOCK_TRUSTED_PROXY_COUNT": value})
    assert result.returncode != 0 and f"PADDOCK_TRUSTED_PROXY_COUNT={value}" in result.stderr.replace("'", "")
