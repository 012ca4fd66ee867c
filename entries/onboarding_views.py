"""Onboarding pages: a person asks to manage a team or registers a new one (/my/teams/...), and
the series staff decide (/staff/requests/). Thin: forms collect, entries.onboarding decides."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from championships import scoping
from entries import onboarding, onboarding_forms, onboarding_selectors, permissions
from entries.errors import NotAllowed, messages_of


def _refuse_on_form(form: Form, exc: ValidationError | PermissionDenied) -> None:
    form.add_error(None, exc if isinstance(exc, ValidationError) else messages_of(exc))


@login_required
def team_join(request: HttpRequest) -> HttpResponse:
    """Ask the series staff to be made a manager of an existing team."""
    form = onboarding_forms.JoinTeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            asked = onboarding.team_join_request(actor=request.user, **form.cleaned_data)
        except (ValidationError, NotAllowed) as exc:
            _refuse_on_form(form, exc)
        else:
            messages.success(request, f"Asked to manage {asked.team.name}: the series staff will answer by e-mail.")
            return redirect("entries:my_teams")
    return render(request, "entries/team_join.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def team_register(request: HttpRequest) -> HttpResponse:
    """Register a new team and the season it enters."""
    seasons = onboarding_selectors.open_registration_seasons()
    form = onboarding_forms.RegisterTeamForm(request.POST or None, seasons=seasons)
    if request.method == "POST" and form.is_valid():
        try:
            registered = onboarding.team_register(actor=request.user, **form.cleaned_data)
        except (ValidationError, NotAllowed) as exc:
            _refuse_on_form(form, exc)
        else:
            messages.success(
                request,
                f"{registered.team.name} is registered. Now register its car for {registered.season}; "
                "the series staff approve the team and the entry.",
            )
            return redirect(f"/my/entries/new/?season={registered.season_id}&team={registered.team_id}")
    context = {"form": form, "seasons": seasons}
    return render(request, "entries/team_register.html", context, status=400 if form.errors else 200)


def _staff_only(request: HttpRequest) -> None:
    staff_of = scoping.governed_series_ids(request.user, scoping.STAFF_ROLES)
    if staff_of is not None and not staff_of:
        raise PermissionDenied("Team requests are decided by series staff.")


@login_required
def staff_requests(request: HttpRequest) -> HttpResponse:
    """Waiting requests of the teams racing in (or entering) the user's series, and the last decided."""
    _staff_only(request)
    context = {
        "pending": onboarding_selectors.staff_team_requests(request.user),
        "decided": onboarding_selectors.staff_team_requests(request.user, pending=False),
    }
    return render(request, "entries/staff_requests.html", context)


@login_required
@require_POST
def staff_request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve, or refuse with a reason (the person is told by e-mail)."""
    _staff_only(request)
    team_request = get_object_or_404(permissions.decidable_team_requests(request.user), pk=pk)
    form = onboarding_forms.DecideRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose approve or refuse.")
        return redirect("entries:staff_requests")
    approve = form.cleaned_data["decision"] == "approve"
    try:
        onboarding.team_request_decide(
            actor=request.user, request=team_request, approve=approve, reason=form.cleaned_data["reason"]
        )
    except (ValidationError, NotAllowed) as exc:
        for message in messages_of(exc):
            messages.error(request, message)
    else:
        person = team_request.requester.get_full_name() or team_request.requester.get_username()
        verb = "approved" if approve else "refused"
        messages.success(request, f"{team_request.get_kind_display()} – {team_request.team.name} ({person}): {verb}.")
    return redirect("entries:staff_requests")
