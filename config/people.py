"""The staff's people page (/staff/people/): invite people by e-mail, grant and revoke roles within
their own scope. Thin: championships.people (organisation roles) and entries.onboarding (team
managers) decide who may do what."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from championships import notify, people
from championships.models import Role
from entries import onboarding, permissions
from entries.errors import messages_of
from entries.models import Team


def _grant_choices(user: Any) -> list[tuple[str, str]]:
    choices = []
    for organisation in people.staff_organisations(user):
        choices.append((f"org:{organisation.pk}:{Role.SERIES_STAFF}", f"Series staff of {organisation.name}"))
        choices.append((f"org:{organisation.pk}:{Role.STEWARD}", f"Steward of {organisation.name}'s series"))
    for team in permissions.teams_staff_manage_people_of(user).order_by("name"):
        choices.append((f"team:{team.pk}", f"Team manager of {team.name}"))
    return choices


class InviteForm(forms.Form):
    """Who (their e-mail; names for a new account) and which role."""

    email = forms.EmailField(max_length=254)
    first_name = forms.CharField(max_length=150, required=False, help_text="For a person new to the portal")
    last_name = forms.CharField(max_length=150, required=False)
    grant = forms.ChoiceField(label="Role")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grant"].choices = _grant_choices(user)  # type: ignore[attr-defined]


def _ensure_staff(request: HttpRequest) -> None:
    if not people.staff_organisations(request.user).exists():
        raise PermissionDenied("The people page is for series staff.")


@login_required
def staff_people(request: HttpRequest) -> HttpResponse:
    """The organisation's officials and the managers of the teams in its series, with the invite form."""
    _ensure_staff(request)
    form = InviteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            _invite(request, form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, messages_of(exc))
        else:
            return redirect("staff_people")
    teams = permissions.teams_staff_manage_people_of(request.user).prefetch_related("managers").order_by("name")
    context = {
        "form": form,
        "memberships": people.organisation_people(request.user),
        "teams": teams,
        "daily_digest": notify.wants_digest(request.user),
    }
    return render(request, "home/staff_people.html", context, status=400 if form.errors else 200)


def _invite(request: HttpRequest, data: dict[str, Any]) -> None:
    user, invited = people.person_find_or_invite(
        actor=request.user, email=data["email"], first_name=data["first_name"], last_name=data["last_name"]
    )
    kind, _, rest = data["grant"].partition(":")
    if kind == "team":
        team = get_object_or_404(Team, pk=int(rest))
        onboarding.team_manager_grant(actor=request.user, team=team, user=user, invited=invited)
        what = f"team manager of {team.name}"
    else:
        org_id, _, role = rest.partition(":")
        organisation = get_object_or_404(people.staff_organisations(request.user), pk=int(org_id))
        people.role_grant(actor=request.user, user=user, organisation=organisation, role=role, invited=invited)
        what = f"{Role(role).label.lower()} of {organisation}"
    name = user.get_full_name() or user.get_username()
    messages.success(request, f"{name} is now {what}{' (invited by e-mail)' if invited else ''}.")


@login_required
@require_POST
def staff_notices(request: HttpRequest) -> HttpResponse:
    """The staff member's own choice: notices one by one, or one digest a day."""
    _ensure_staff(request)
    digest = request.POST.get("daily_digest") == "1"
    notify.preference_set(actor=request.user, daily_digest=digest)
    messages.success(request, "Your notices now come " + ("in one digest a day." if digest else "one e-mail each."))
    return redirect("staff_people")


@login_required
@require_POST
def staff_role_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _ensure_staff(request)
    membership = get_object_or_404(people.organisation_people(request.user), pk=pk)
    try:
        people.role_revoke(actor=request.user, membership=membership)
    except (ValidationError, PermissionDenied) as exc:
        for message in messages_of(exc):
            messages.error(request, message)
    else:
        messages.success(request, f"{membership.user.get_full_name() or membership.user} is no longer {membership}.")
    return redirect("staff_people")


@login_required
@require_POST
def staff_team_manager_revoke(request: HttpRequest, team_id: int, user_id: int) -> HttpResponse:
    _ensure_staff(request)
    team = get_object_or_404(permissions.teams_staff_manage_people_of(request.user), pk=team_id)
    user = get_object_or_404(get_user_model(), pk=user_id, managed_teams=team)
    try:
        onboarding.team_manager_revoke(actor=request.user, team=team, user=user)
    except (ValidationError, PermissionDenied) as exc:
        for message in messages_of(exc):
            messages.error(request, message)
    else:
        messages.success(request, f"{user.get_full_name() or user} no longer manages {team.name}.")
    return redirect("staff_people")
