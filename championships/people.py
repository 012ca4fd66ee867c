"""Writes of people by their organisation's staff: invite by e-mail, grant and revoke roles.

Scope (the one rule): series staff of an organisation give or take the roles of that
organisation only (series staff, steward); superusers any. Every change is audited.
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import get_adapter
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet

from championships.audit import audit_record
from championships.email_checks import email_problems
from championships.links import public_url
from championships.models import Membership, Organisation, Role
from championships.notify import notify
from championships.scoping import AnyUser

OFFICIAL_ROLE_CODES = (Role.SERIES_STAFF, Role.STEWARD)


def staff_organisations(user: AnyUser) -> QuerySet[Organisation]:
    """The organisations whose people `user` manages: where they are series staff (all: superuser)."""
    if not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(memberships__user=user, memberships__role=Role.SERIES_STAFF).distinct()


def ensure_can_manage_people_of(user: AnyUser, organisation: Organisation) -> None:
    if not staff_organisations(user).filter(pk=organisation.pk).exists():
        raise PermissionDenied(f"Only the series staff of {organisation} can change its people.")


def set_password_link(user: Any) -> str:
    key = f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"
    return str(get_adapter().get_reset_password_from_key_url(key))


def person_find_or_invite(*, actor: AnyUser, email: str, first_name: str = "", last_name: str = "") -> tuple[Any, bool]:
    """The account of `email`, or a new one (its owner is sent a link to choose a password).

    Returns (user, invited). Only series staff (or superusers) invite.
    """
    if not staff_organisations(actor).exists():
        raise PermissionDenied("Only series staff can invite people.")
    email = (email or "").strip()
    User = get_user_model()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        return existing, False
    others = {*User.objects.exclude(email="").values_list("email", flat=True)}
    if problems := email_problems(email, others):
        raise ValidationError({"email": problems})
    if not (first_name or "").strip() or not (last_name or "").strip():
        raise ValidationError("Give the person's first and last name: people are shown to each other by name.")
    with transaction.atomic():
        username = email.split("@")[0][:100]
        base, n = username, 1
        while User.objects.filter(username=username).exists():
            n += 1
            username = f"{base}{n}"
        user = User(username=username, email=email, first_name=first_name.strip(), last_name=last_name.strip())
        user.set_unusable_password()
        user.save()
        # Why verified: the person proves the address by opening the link sent to it.
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        audit_record(action="championships.person.invited", actor=actor, obj=user, after={"email": email})
    return user, True


def _invitation_lines(user: Any, invited: bool) -> list[str]:
    if not invited:
        return [f"Sign in: {public_url('/accounts/login/')}"]
    return [
        "An account was opened for you on Paddock.",
        f"Choose your password here (the link works once): {set_password_link(user)}",
    ]


def role_grant(
    *, actor: AnyUser, user: Any, organisation: Organisation, role: str, invited: bool = False
) -> Membership:
    """Give `user` a role of `organisation` (series staff or steward of its series); audited, the person told."""
    ensure_can_manage_people_of(actor, organisation)
    if role not in OFFICIAL_ROLE_CODES:
        raise ValidationError("Team managers are given a team, not an organisation role.")
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
        if not created:
            raise ValidationError(f"{user.get_full_name() or user.get_username()} is already {membership}.")
        if not user.is_staff:
            # Why: the admin (series set-up) opens only to is_staff accounts; the role decides the rest.
            type(user).objects.filter(pk=user.pk).update(is_staff=True)
        audit_record(
            action="championships.role.granted",
            actor=actor,
            obj=membership,
            after={"user": user.get_username(), "organisation": organisation.code, "role": role},
        )
        label = Role(role).label
        lines = [
            f"You are now {label.lower()} of {organisation.name} on Paddock.",
            *_invitation_lines(user, invited),
            "Officials set up an authenticator app (TOTP) at their first sign-in.",
        ]
        notify([user], f"{organisation}: you are {label.lower()}", "\n\n".join(lines))
    return membership


def role_revoke(*, actor: AnyUser, membership: Membership) -> None:
    """Take a role away (never one's own: another staff member does it); audited, the person told."""
    ensure_can_manage_people_of(actor, membership.organisation)
    if membership.user_id == getattr(actor, "pk", None):
        raise ValidationError("You cannot take away your own role: ask another staff member.")
    user = membership.user
    with transaction.atomic():
        audit_record(
            action="championships.role.revoked",
            actor=actor,
            obj=membership,
            before={"user": user.get_username(), "organisation": membership.organisation.code, "role": membership.role},
        )
        Membership.objects.filter(pk=membership.pk).delete()
        still_official = Membership.objects.filter(user=user, role__in=OFFICIAL_ROLE_CODES).exists()
        if not still_official and not user.is_superuser:
            type(user).objects.filter(pk=user.pk).update(is_staff=False)
        notify(
            [user],
            f"{membership.organisation}: role removed",
            f"You are no longer {membership.get_role_display().lower()} of {membership.organisation.name} on Paddock.",
        )


def organisation_people(actor: AnyUser) -> QuerySet[Membership]:
    """The official roles of the organisations `actor` manages the people of."""
    return (
        Membership.objects.filter(organisation__in=staff_organisations(actor), role__in=OFFICIAL_ROLE_CODES)
        .select_related("user", "organisation")
        .order_by("organisation__code", "role", "user__last_name", "user__first_name")
    )
