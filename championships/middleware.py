"""Staff must protect their account with a second factor before touching the admin."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse


class StaffMfaRequiredMiddleware:
    """Redirect staff without a TOTP authenticator from the admin to the TOTP set-up page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._must_enrol(request):
            messages.warning(request, "Staff accounts must set up an authenticator app before using the admin.")
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    @staticmethod
    def _must_enrol(request: HttpRequest) -> bool:
        if not getattr(settings, "PADDOCK_STAFF_MFA_REQUIRED", True):
            return False
        user = request.user
        if not (user.is_authenticated and user.is_staff and request.path.startswith("/admin/")):
            return False
        if request.path.startswith("/admin/logout/"):
            return False
        from allauth.mfa.models import Authenticator

        return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
