"""Officials must protect their account with a second factor before using any official page."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from championships.mfa import is_official_path, must_enrol_mfa

MFA_MESSAGE = (
    "Stewards and series staff must set up an authenticator app before using official pages. "
    "Confirm your password if asked, then scan the code with your authenticator app and enter the code it shows."
)


class StaffMfaRequiredMiddleware:
    """Redirect officials without a TOTP authenticator from official pages to the TOTP set-up page.

    Official pages: championships.mfa.OFFICIAL_PATH_PREFIXES (admin, steward and staff pages).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Why the path first: public pages must not pay a query for the rule.
        if is_official_path(request.path) and must_enrol_mfa(request.user):
            messages.warning(request, MFA_MESSAGE)
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
