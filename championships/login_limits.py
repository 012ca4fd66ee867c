"""Failed-login limits that slow an attacker's address without locking the owner out.

The per-account limit (5 failures in 5 minutes) would let anyone lock a steward out on a race
weekend by typing wrong passwords on purpose. So it applies only to attempts from a device or an
address the account has never signed in from; the owner, from a browser that signed in before
(a signed cookie) or from an address they signed in from (remembered 90 days), meets only the
limits of their own address. Every address is slowed down on its own: 10 failures a minute,
then 30 an hour. Kept in one module (the `login_failed_rates` function decides) so the login
code around it can change without touching this rule.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

# Per client address (both always) and per account typed (only from an unknown device/address).
ADDRESS_RATES = "10/m/ip,30/h/ip"
ACCOUNT_RATE = "5/5m/key"
KNOWN_DEVICE_COOKIE = "paddock_known"
KNOWN_FOR_S = 90 * 24 * 3600
_SALT = "paddock.login.known-device"
_KEEP_LOGINS = 5


def _login_hash(login: str) -> str:
    return hashlib.sha256(login.strip().lower().encode()).hexdigest()[:32]


def _address_key(login: str, address: str) -> str:
    return f"paddock:login:known:{_login_hash(login)}:{hashlib.sha256(address.encode()).hexdigest()[:32]}"


def _device_logins(request: HttpRequest) -> list[str]:
    raw = request.COOKIES.get(KNOWN_DEVICE_COOKIE, "")
    try:
        value = signing.loads(raw, salt=_SALT, max_age=KNOWN_FOR_S) if raw else []
    except signing.BadSignature:
        return []
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def is_known(request: HttpRequest, login: str, address: str) -> bool:
    """The account `login` signed in before from this browser or from this address."""
    if _login_hash(login) in _device_logins(request):
        return True
    return bool(address) and cache.get(_address_key(login, address)) is not None


def login_failed_rates(request: HttpRequest, login: str, address: str) -> dict[str, str]:
    """The allauth rate-limit config for this login attempt (see the module's docstring)."""
    rates = ADDRESS_RATES if is_known(request, login, address) else f"{ADDRESS_RATES},{ACCOUNT_RATE}"
    return {**settings.ACCOUNT_RATE_LIMITS, "login_failed": rates}


def remember(request: HttpRequest, login: str, address: str) -> None:
    """After a successful sign-in: this address is known; the response marks the browser (see below)."""
    if address:
        cache.set(_address_key(login, address), 1, KNOWN_FOR_S)
    logins = [_login_hash(login), *(h for h in _device_logins(request) if h != _login_hash(login))]
    request._paddock_known_device = logins[:_KEEP_LOGINS]  # type: ignore[attr-defined]


class KnownDeviceMiddleware:
    """Sets the known-device cookie on the response of a successful sign-in (`remember`)."""

    def __init__(self, get_response: object) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response: HttpResponse = self.get_response(request)  # type: ignore[operator]
        logins = getattr(request, "_paddock_known_device", None)
        if logins:
            response.set_cookie(
                KNOWN_DEVICE_COOKIE,
                signing.dumps(logins, salt=_SALT),
                max_age=KNOWN_FOR_S,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
