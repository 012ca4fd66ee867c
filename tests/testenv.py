"""Loaded by pytest before Django settings (see addopts in pyproject.toml).

Why: settings refuse to start without SECRET_KEY when DEBUG is off, which is right for a
deployment but the test run must work on a fresh clone with no environment at all.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-production-0123456789")
# Playwright's sync API runs an event loop in the test thread; Django's ORM guard would
# otherwise refuse the database calls the browser tests make to set up their data.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Tests run plain HTTP (test client, live_server).
os.environ.setdefault("SECURE_SSL_REDIRECT", "False")
os.environ.setdefault("SECURE_COOKIES", "False")
