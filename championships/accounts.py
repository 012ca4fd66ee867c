"""Accounts (django-allauth adapter): which addresses may sign up, login limits, links in e-mails."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core.internal import ratelimit
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse

from championships import login_limits
from championships.email_checks import email_problems
from championships.links import public_url


def known_addresses() -> set[str]:
    """Every e-mail address of an account (verified or not)."""
    users = get_user_model().objects.exclude(email="").values_list("email", flat=True)
    return {*EmailAddress.objects.values_list("email", flat=True), *users}


class PublicSite:
    """What allauth's e-mail templates read as `current_site`."""

    name = "Paddock"

    @property
    def domain(self) -> str:
        return urlsplit(public_url("/")).netloc


class AccountAdapter(DefaultAccountAdapter):
    """Paddock's account rules on top of allauth's."""

    def clean_email(self, email: str) -> str:
        email = super().clean_email(email).strip()
        known = known_addresses()
        # Why an account's own address passes: a password reset names it; only new addresses
        # (sign-up, an address added) are checked.
        if email.lower() in {address.lower() for address in known}:
            return email
        if problems := email_problems(email, known):
            raise ValidationError(problems)
        return email

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        # Why not allauth's: its per-account limit would let anyone lock the owner out
        # (championships.login_limits decides which limits apply to this attempt).
        login = credentials.get("email", credentials.get("username", "")) or ""
        config = login_limits.login_failed_rates(request, login, self.get_client_ip(request))
        self._login_failed_rl_usage = ratelimit.consume(
            request,
            app="allauth.account",
            action="login_failed",
            key=self._get_login_attempts_cache_key(request, **credentials),
            config=config,
        )
        if not self._login_failed_rl_usage:
            raise self.validation_error("too_many_login_attempts")

    def login(self, request: HttpRequest, user: AbstractBaseUser) -> None:
        super().login(request, user)
        email = getattr(user, "email", "") or ""
        if email:
            login_limits.remember(request, email, self.get_client_ip(request))

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # Why: allauth names the site after the request's host (an internal address behind a
        # proxy, "testserver" in tests); e-mails name the portal and its public address.
        context = {**context, "current_site": PublicSite()}
        super().send_mail(template_prefix, email, context)

    def get_email_confirmation_url(self, request: HttpRequest, emailconfirmation: Any) -> str:
        return public_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key: str) -> str:
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return public_url(path.replace("UID-KEY", quote(key)))
