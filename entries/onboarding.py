"""Writes of the self-service onboarding: a person asks to manage a team or registers a new one,
and the series staff approve or refuse it (with a reason the person reads)."""

from __future__ import annotations

import re

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from championships import people
from championships.audit import audit_record
from championships.links import public_url
from championships.models import Season
from championships.notify import notify, series_staff
from championships.scoping import AnyUser
from entries import permissions
from entries.errors import EntryRefused, NotAllowed
from entries.models import Team, TeamRequest, TeamRequestKind, TeamRequestStatus

COUNTRY_RE = re.compile(r"^[A-Z]{3}$")


def _signed_in(actor: AnyUser) -> User:
    if not isinstance(actor, User) or not actor.is_active:
        raise NotAllowed("Sign in first.")
    return actor


def _request_snapshot(request: TeamRequest) -> dict[str, object]:
    return {
        "kind": request.kind,
        "team": request.team.name,
        "requester": request.requester.get_username(),
        "season": str(request.season) if request.season_id else "",
        "status": request.status,
        "reason": request.reason,
    }


def _tell_staff(request: TeamRequest, series_ids: set[int]) -> None:
    person = request.requester.get_full_name() or request.requester.get_username()
    what = (
        f"{person} registered a new team, {request.team.name}, to enter {request.season}."
        if request.kind == TeamRequestKind.REGISTER
        else f"{person} asks to manage {request.team.name}."
    )
    staff = {user for series_id in sorted(series_ids) for user in series_staff(series_id)}
    body = "\n\n".join(
        [what, f"Message: {request.message}" if request.message else "", public_url(reverse("entries:staff_requests"))]
    )
    notify(staff, f"Team request: {request.team.name}", body.replace("\n\n\n\n", "\n\n"), digestible=True)


def team_register(
    *, actor: AnyUser, name: str, country: str, contact: str, season: Season, message: str = ""
) -> TeamRequest:
    """A new team managed by `actor`, entering `season` (registration open); approved later by its staff.

    The person can prepare the team's entries at once; none is accepted before the team is approved.
    """
    person = _signed_in(actor)
    name, country, contact = (name or "").strip(), (country or "").strip().upper(), (contact or "").strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = ["Give the team's name."]
    elif Team.objects.filter(name__iexact=name).exists():
        errors["name"] = [f"A team named {name} exists already: ask to manage it instead."]
    if not COUNTRY_RE.match(country):
        errors["country"] = [f"'{country}' is not a nationality: use the ISO alpha-3 code, e.g. JPN, GBR, FRA."]
    if not contact:
        errors["contact"] = ["Give the team's contact (an e-mail address or a telephone number)."]
    if not season.registration_open(timezone.now()):
        errors["season"] = [f"Registration for {season} is not open: ask its series staff."]
    if errors:
        raise EntryRefused(errors)
    try:
        with transaction.atomic():
            team = Team.objects.create(name=name, country=country, contact=contact, approved=False)
            team.managers.add(person)
            request = TeamRequest.objects.create(
                kind=TeamRequestKind.REGISTER, requester=person, team=team, season=season, message=message.strip()
            )
            audit_record(
                action="entries.team_request.registered",
                actor=actor,
                obj=request,
                series=season.series_id,
                after=_request_snapshot(request),
            )
            _tell_staff(request, {season.series_id})
    except IntegrityError as exc:
        raise EntryRefused({"name": [f"A team named {name} exists already: ask to manage it instead."]}) from exc
    return request


def team_join_request(*, actor: AnyUser, team: Team, message: str = "") -> TeamRequest:
    """Ask the staff of the team's series to make `actor` one of its managers."""
    person = _signed_in(actor)
    if permissions.manages_team(person, team):
        raise EntryRefused(f"You already manage {team.name}.")
    if TeamRequest.objects.filter(requester=person, team=team, status=TeamRequestStatus.PENDING).exists():
        raise EntryRefused(f"You already asked to manage {team.name}: the series staff will answer by e-mail.")
    with transaction.atomic():
        try:
            with transaction.atomic():
                request = TeamRequest.objects.create(
                    kind=TeamRequestKind.JOIN, requester=person, team=team, message=(message or "").strip()
                )
        except IntegrityError as exc:  # the same request sent twice at once: the constraint decides
            raise EntryRefused(f"You already asked to manage {team.name}.") from exc
        series_ids = permissions.team_request_series_ids(request)
        audit_record(
            action="entries.team_request.asked",
            actor=actor,
            obj=request,
            series=min(series_ids) if len(series_ids) == 1 else None,
            after=_request_snapshot(request),
        )
        _tell_staff(request, series_ids)
    return request


def team_request_decide(*, actor: AnyUser, request: TeamRequest, approve: bool, reason: str = "") -> TeamRequest:
    """Approve (the person manages the team; a new team is approved) or refuse with a reason."""
    reason = (reason or "").strip()
    if not approve and not reason:
        raise EntryRefused("Give the reason for the refusal: the person will read it.")
    with transaction.atomic():
        locked = (
            TeamRequest.objects.select_for_update(of=("self",)).select_related("team", "requester").get(pk=request.pk)
        )
        permissions.ensure_can_decide_team_request(actor, locked)
        if locked.status != TeamRequestStatus.PENDING:
            raise EntryRefused(f"This request was already {locked.get_status_display().lower()}.")
        before = _request_snapshot(locked)
        locked.status = TeamRequestStatus.APPROVED if approve else TeamRequestStatus.REFUSED
        locked.reason = "" if approve else reason
        locked.decided_by = permissions.as_user(actor)
        locked.decided_at = timezone.now()
        locked.save()
        team = locked.team
        if approve:
            team.managers.add(locked.requester)
            if locked.kind == TeamRequestKind.REGISTER and not team.approved:
                Team.objects.filter(pk=team.pk).update(approved=True)
        elif locked.kind == TeamRequestKind.REGISTER:
            # Why: the person registered the team to enter; refused, they no longer act for it.
            team.managers.remove(locked.requester)
        series_ids = permissions.team_request_series_ids(locked)
        audit_record(
            action=f"entries.team_request.{'approved' if approve else 'refused'}",
            actor=actor,
            obj=locked,
            series=min(series_ids) if len(series_ids) == 1 else None,
            before={"status": before["status"]},
            after={"status": locked.status, "reason": locked.reason},
            reason=locked.reason,
        )
        _tell_requester(locked)
    request.status, request.reason = locked.status, locked.reason
    return locked


def _tell_requester(request: TeamRequest) -> None:
    team = request.team.name
    if request.status == TeamRequestStatus.APPROVED:
        subject = f"{team}: you manage the team" if request.kind == TeamRequestKind.JOIN else f"{team} approved"
        lines = [
            f"The series staff approved your request: you manage {team} on Paddock."
            if request.kind == TeamRequestKind.JOIN
            else f"The series staff approved {team}: its entries in {request.season} can now be accepted.",
            f"Your teams and entries: {public_url(reverse('entries:my_teams'))}",
        ]
    else:
        subject = f"{team}: request refused"
        lines = [
            f"The series staff refused your request ({request.get_kind_display().lower()}: {team}).",
            f"Reason: {request.reason}",
            f"Your requests: {public_url(reverse('entries:my_teams'))}",
        ]
    notify([request.requester], subject, "\n\n".join(lines))


def team_manager_grant(*, actor: AnyUser, team: Team, user: User, invited: bool = False) -> None:
    """Staff of a series the team is entered in make `user` one of its managers (audited, told)."""
    permissions.ensure_can_manage_team_people(actor, team)
    with transaction.atomic():
        if team.managers.filter(pk=user.pk).exists():
            raise EntryRefused(f"{user} already manages {team.name}.")
        team.managers.add(user)
        audit_record(
            action="entries.team.manager_added",
            actor=actor,
            obj=team,
            after={"manager": user.get_username()},
        )
        lines = [f"You now manage {team.name} on Paddock: its entries and line-ups are yours to keep."]
        lines.append(
            f"Choose your password: {people.set_password_link(user)}"
            if invited
            else f"Your teams: {public_url(reverse('entries:my_teams'))}"
        )
        notify([user], f"{team.name}: you are a team manager", "\n\n".join(lines))


def team_manager_revoke(*, actor: AnyUser, team: Team, user: User) -> None:
    """Take a manager off a team (audited, told)."""
    permissions.ensure_can_manage_team_people(actor, team)
    with transaction.atomic():
        team.managers.remove(user)
        audit_record(
            action="entries.team.manager_removed",
            actor=actor,
            obj=team,
            before={"manager": user.get_username()},
        )
        notify([user], f"{team.name}: no longer a team manager", f"You no longer manage {team.name} on Paddock.")
