"""Who must have a TOTP authenticator before using official pages: the one place it is decided."""

from __future__ import annotations

from django.conf import settings

from championships.scoping import AnyUser, is_official

# Pages only officials use: the admin, the steward pages and any staff page.
OFFICIAL_PATH_PREFIXES = ("/admin/", "/steward/", "/staff/")
# Why: an official without an authenticator must still be able to sign out of the admin.
_EXEMPT_PATHS = ("/admin/logout/",)


def is_official_path(path: str) -> bool:
    return path.startswith(OFFICIAL_PATH_PREFIXES) and not path.startswith(_EXEMPT_PATHS)


def is_official_account(user: AnyUser) -> bool:
    """Stewards, series staff, superusers and anyone allowed into the admin."""
    return bool(user.is_authenticated and (user.is_staff or is_official(user)))


def must_enrol_mfa(user: AnyUser) -> bool:
    """An official account without a TOTP authenticator while the rule is on (PADDOCK_STAFF_MFA_REQUIRED)."""
    if not getattr(settings, "PADDOCK_STAFF_MFA_REQUIRED", True) or not is_official_account(user):
        return False
    from allauth.mfa.models import Authenticator

    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
