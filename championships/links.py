"""Absolute links to the portal, built from its one public address (settings.PADDOCK_PUBLIC_URL).

Why one setting rather than the request's host: e-mails are also sent by Celery workers, which
have no request, and a request may arrive through an internal address the reader cannot open.
"""

from __future__ import annotations

from django.conf import settings


def public_url(path: str) -> str:
    """`path` ("/my/entries/3/") on the configured public address, e.g. https://paddock.example.org/my/entries/3/."""
    base = str(settings.PADDOCK_PUBLIC_URL).rstrip("/")
    return f"{base}/{path.lstrip('/')}"
