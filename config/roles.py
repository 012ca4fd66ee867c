"""A signed-in user's roles and the links the site header shows them: computed here only.

Templates read `nav_links` (config.context_processors); they never test roles themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from championships.models import Role
from championships.scoping import STAFF_ROLES, AnyUser, governed_series_ids, is_official
from entries import permissions


@dataclass(frozen=True)
class UserRoles:
    team_manager: bool  # a team manager role, or manages at least one team
    manages_teams: bool  # manages at least one team (may register entries)
    official: bool  # steward or series staff somewhere (or superuser): the steward pages
    staff: bool  # series staff somewhere (or superuser): the dashboard and the admin

    @property
    def any(self) -> bool:
        return self.team_manager or self.official or self.staff


NO_ROLES = UserRoles(team_manager=False, manages_teams=False, official=False, staff=False)


def user_roles(user: AnyUser) -> UserRoles:
    if not user.is_authenticated or not user.is_active:
        return NO_ROLES
    staff_ids = governed_series_ids(user, STAFF_ROLES)
    manages_teams = permissions.managed_teams(user).exists()
    return UserRoles(
        # Why the membership too: a manager whose team is not set up yet must still find their home.
        team_manager=manages_teams or user.memberships.filter(role=Role.TEAM_MANAGER).exists(),
        manages_teams=manages_teams,
        official=is_official(user),
        # Why is_staff as well: the admin refuses anyone else, so the link would only lead to a refusal.
        staff=user.is_staff and (staff_ids is None or bool(staff_ids)),
    )


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str


def header_links(user: AnyUser) -> list[NavLink]:
    """The header's links for this user, in a fixed order; signing in/out is added by base.html."""
    roles = user_roles(user)
    if not user.is_authenticated:
        return []
    links = [NavLink("My home", reverse("role_home"))]
    if roles.team_manager:
        links.append(NavLink("My entries", reverse("entries:my_entries")))
    # Why "My teams" for a person without a role too: that is where they join or register a team.
    if roles.team_manager or not roles.any:
        links.append(NavLink("My teams", reverse("entries:my_teams")))
    if roles.official:
        links.append(NavLink("Steward", reverse("results:steward_home")))
    if roles.staff:
        links.append(NavLink("Team requests", reverse("entries:staff_requests")))
        links.append(NavLink("People", reverse("staff_people")))
        links.append(NavLink("Admin", reverse("admin:index")))
    return links
