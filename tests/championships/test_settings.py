"""Settings come from the environment; production settings pass `check --deploy`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "REDIS_URL"}}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_it_refuses_to_start_without_secret_key_when_debug_is_off() -> None:
    result = run("import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup()", {})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_it_defaults_to_sqlite_and_eager_celery() -> None:
    result = run(
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings';"
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.DEBUG)",
        {"DEBUG": "1"},
    )
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True", "True"]


def test_it_uses_postgres_pool_and_redis_from_the_environment() -> None:
    result = run(
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings';"
        "from django.conf import settings as s; d=s.DATABASES['default'];"
        "print(d['ENGINE'], 'pool' in d['OPTIONS'], s.CELERY_BROKER_URL, s.CELERY_TASK_ALWAYS_EAGER,"
        " s.CACHES['default']['BACKEND'])",
        {
            "SECRET_KEY": "x" * 60,
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/paddock",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        },
    )
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "True",
        "redis://127.0.0.1:6379/0",
        "False",
        "config.cache.DegradingRedisCache",  # Redis that degrades to local memory (issue 19)
    ], result.stderr


def test_it_passes_check_deploy_with_production_settings() -> None:
    env = {
        "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        "ALLOWED_HOSTS": "paddock.example.org",
    }
    # A deployment has none of the variables the test run sets for itself (tests/testenv.py).
    test_only = {
        "DEBUG",
        "DATABASE_URL",
        "REDIS_URL",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "SECURE_SSL_REDIRECT",
        "SECURE_COOKIES",
    }
    clean = {k: v for k, v in os.environ.items() if k not in test_only}
    clean.update(env)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


SHOW_FLAGS = (
    "import os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings';"
    "from django.conf import settings as s;"
    "print(s.DEBUG, s.PADDOCK_STAFF_MFA_REQUIRED, s.SECURE_PROXY_SSL_HEADER is not None)"
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", "True"),
        ("true", "True"),
        ("  YES ", "True"),
        ("On", "True"),
        ("0", "False"),
        ("FALSE", "False"),
        (" no", "False"),
        ("off ", "False"),
    ],
)
def test_it_reads_every_known_spelling_of_a_boolean(value: str, expected: str) -> None:
    result = run(SHOW_FLAGS, {"DEBUG": "1", "STAFF_MFA_REQUIRED": value, "BEHIND_PROXY": value})
    assert result.stdout.split() == ["True", expected, expected], result.stderr


def test_it_keeps_the_default_of_an_unset_boolean() -> None:
    result = run(SHOW_FLAGS, {"DEBUG": "1"})
    assert result.stdout.split() == ["True", "True", "False"], result.stderr


@pytest.mark.parametrize("value", ["ture", "2", "enabled", "", "y"])
def test_it_refuses_a_boolean_it_does_not_know(value: str) -> None:
    result = run(SHOW_FLAGS, {"DEBUG": "1", "BEHIND_PROXY": value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"BEHIND_PROXY={value!r} is not a boolean" in result.stderr


def test_it_refuses_an_unknown_debug_value_instead_of_running_in_production_mode() -> None:
    result = run(SHOW_FLAGS, {"DEBUG": "ture", "SECRET_KEY": "x" * 60})
    assert result.returncode != 0
    assert "DEBUG='ture' is not a boolean: use one of 1, true, yes, on or 0, false, no, off" in result.stderr
