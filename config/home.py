"""The role home (/home/, where login lands): each of the user's roles with what waits for it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from championships.mfa import must_enrol_mfa
from config.dashboard import dashboard_context
from config.roles import user_roles
from entries.home_selectors import manager_todo
from entries.onboarding_selectors import staff_team_requests
from results.classifications.home_selectors import (
    events_without_qualifying,
    qualifying_gaps,
    recent_late_changes,
    steward_todo,
    uploads_waiting_for_staff,
)


@login_required
def role_home(request: HttpRequest) -> HttpResponse:
    user = request.user
    roles = user_roles(user)
    # Why: official work is shown only once the account has its authenticator (as on the
    # official pages themselves); the home says so instead of listing it.
    mfa_missing = (roles.official or roles.staff) and must_enrol_mfa(user)
    show_official = roles.official and not mfa_missing
    context = {
        "roles": roles,
        "mfa_missing": mfa_missing,
        "entries_todo": manager_todo(user) if roles.team_manager else None,
        "steward": steward_todo(user) if show_official else None,
        "qualifying_todo": events_without_qualifying(user) if show_official else None,
        "qualifying_gaps": qualifying_gaps(user) if show_official else None,
        "dashboard": dashboard_context(user) if roles.staff and not mfa_missing else None,
        "waiting_for_staff": uploads_waiting_for_staff(user) if roles.staff and not mfa_missing else [],
        "late_changes": recent_late_changes(user) if roles.staff and not mfa_missing else [],
        "team_requests_waiting": staff_team_requests(user).count() if roles.staff and not mfa_missing else 0,
    }
    return render(request, "home/role_home.html", context)
