"""A TOTP code is accepted once only (allauth remembers a used code for 30 s, but a code stays
valid for 90 s with MFA_TOTP_TOLERANCE = 1, so it could be replayed after 31 s)."""

from __future__ import annotations

from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from allauth.mfa.utils import decrypt
from django import forms
from django.db import transaction

USED_KEY = "paddock_last_counter"
REUSED = "This code was already used: wait for the next code of your authenticator app."


def _counter_of(authenticator: Authenticator, code: str) -> int | None:
    """The time step the code belongs to (within the tolerance), or None when it matches none."""
    secret = decrypt(authenticator.data["secret"])
    wanted = "".join(code.split())
    for counter in yield_hotp_counters_from_time():
        if format_hotp_value(hotp_value(secret, counter)) == wanted:
            return counter
    return None


def claim_code(authenticator: Authenticator, code: str) -> bool:
    """Record the code's time step as used; False when it (or a later step) was used already."""
    counter = _counter_of(authenticator, code)
    if counter is None:
        return True  # not a TOTP code of this authenticator (e.g. a recovery code): allauth decided
    with transaction.atomic():
        locked = Authenticator.objects.select_for_update().get(pk=authenticator.pk)
        # Why "or a later step": a code older than the last one used is as stale as a reused one.
        if counter <= int(locked.data.get(USED_KEY, -1)):
            return False
        locked.data = {**locked.data, USED_KEY: counter}
        locked.save(update_fields=["data"])
    return True


class _OnceOnly:
    """Mixin for allauth's code forms: refuse a TOTP code already used."""

    authenticator: Authenticator

    def clean_code(self) -> str:
        code: str = super().clean_code()  # type: ignore[misc]
        if self.authenticator.type == Authenticator.Type.TOTP and not claim_code(self.authenticator, code):
            raise forms.ValidationError(REUSED)
        return code


class OnceOnlyAuthenticateForm(_OnceOnly, AuthenticateForm):
    """The sign-in's second step."""


class OnceOnlyReauthenticateForm(_OnceOnly, ReauthenticateForm):
    """Confirming one's identity again before a sensitive change."""
