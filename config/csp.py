"""Content-Security-Policy on every response (issue 19): no script the site did not serve itself.

Why our own small middleware rather than a nonce-based package: public pages are stored in the
shared cache and served to many visitors (championships.http_caching); a per-request nonce in a
stored body would not match the next visitor's header. So every script is a static file
(`script-src 'self'`), and no page carries an inline script or an on* attribute.
Styles may be inline (`'unsafe-inline'` for style only): the progression chart and a few pages
use style attributes, which cannot run code.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        # data: for the authenticator-app QR code of the MFA set-up (an inline SVG image).
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.policy: str = getattr(settings, "PADDOCK_CSP", POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response
