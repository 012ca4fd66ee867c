"""EMAIL_URL → Django's e-mail settings (one variable instead of six)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}
_YES = ("1", "true", "yes", "on")


def email_settings(url: str) -> dict[str, Any]:
    """smtp://user:password@host:587?tls=1 (STARTTLS), smtps://user:password@host:465 (TLS from the
    start), console:, locmem: or dummy:. User and password are URL-encoded (%40 for @)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in _BACKENDS:
        raise ImproperlyConfigured(f"EMAIL_URL: unknown scheme {parts.scheme!r}: use one of {', '.join(_BACKENDS)}")
    result: dict[str, Any] = {"EMAIL_BACKEND": _BACKENDS[parts.scheme]}
    if not parts.scheme.startswith("smtp"):
        return result
    if not parts.hostname:
        raise ImproperlyConfigured(
            "EMAIL_URL: give the SMTP host, e.g. smtp://user:password@smtp.example.org:587?tls=1"
        )
    query = {key: values[-1].lower() for key, values in parse_qs(parts.query).items()}
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured("EMAIL_URL: the port is not a number") from None
    result |= {
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port or (465 if parts.scheme == "smtps" else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": parts.scheme == "smtps" or query.get("ssl") in _YES,
        "EMAIL_USE_TLS": query.get("tls") in _YES,
        # Why a timeout: a dead SMTP server must fail the Celery task (retried), not hang it.
        "EMAIL_TIMEOUT": int(query.get("timeout", "10")),
    }
    if result["EMAIL_USE_SSL"] and result["EMAIL_USE_TLS"]:
        raise ImproperlyConfigured("EMAIL_URL: choose smtps:// (TLS from the start) or ?tls=1 (STARTTLS), not both")
    return result
