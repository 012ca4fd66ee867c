"""Staff manage their own people (issue 18 item 2): invite by e-mail, grant and revoke roles in
their own scope, audited, from /staff/people/; no superuser needed."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from championships.models import AuditEntry, Membership, Role
from tests import factories
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _public_address(settings: Any) -> None:
    settings.PADDOCK_PUBLIC_URL = "https://paddock.example.org"


def test_it_invites_a_new_steward_who_sets_a_password_from_the_link(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    aco = world.aco_series.governing_bodies.get()
    staff = client_for(world.aco_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            "/staff/people/",
            {
                "email": "rita.steward@aco.example",
                "first_name": "Rita",
                "last_name": "Steward",
                "grant": f"org:{aco.pk}:{Role.STEWARD}",
            },
        )
    assert response.status_code == 302
    rita = get_user_model().objects.get(email="rita.steward@aco.example")
    assert Membership.objects.filter(user=rita, organisation=aco, role=Role.STEWARD).exists() and rita.is_staff
    assert AuditEntry.objects.filter(action="championships.role.granted", actor=world.aco_staff).exists()
    (invitation,) = mail.outbox
    link = next(
        w for w in invitation.body.split() if w.startswith("https://paddock.example.org/accounts/password/reset/key/")
    )
    page = client_for(None).get(link.removeprefix("https://paddock.example.org"), follow=True)
    assert page.status_code == 200 and "password1" in page.content.decode()


def test_it_offers_only_roles_of_the_staffs_own_organisation(world: Any) -> None:
    sro = world.sro_series.governing_bodies.get()
    body = client_for(world.aco_staff).get("/staff/people/").content.decode()
    assert "SRO" not in body
    response = client_for(world.aco_staff).post(
        "/staff/people/",
        {"email": world.outsider.email, "grant": f"org:{sro.pk}:{Role.SERIES_STAFF}"},
    )
    assert response.status_code == 400
    assert not Membership.objects.filter(user=world.outsider, organisation=sro).exists()


def test_it_refuses_the_people_page_to_stewards_and_team_managers(world: Any) -> None:
    assert client_for(world.aco_steward).get("/staff/people/").status_code == 403
    assert client_for(world.team_manager).get("/staff/people/").status_code == 403


def test_it_makes_someone_manager_of_a_team_entered_in_the_staffs_series_and_takes_it_back(world: Any) -> None:
    team = factories.TeamFactory(name="Nova Racing")
    factories.EntryFactory(season=world.aco_season, team=team)
    other = factories.TeamFactory(name="Elsewhere")
    factories.EntryFactory(season=world.sro_season, team=other)
    staff = client_for(world.aco_staff)
    body = staff.get("/staff/people/").content.decode()
    assert "Team manager of Nova Racing" in body and "Elsewhere" not in body
    staff.post("/staff/people/", {"email": world.outsider.email, "grant": f"team:{team.pk}"})
    assert team.managers.filter(pk=world.outsider.pk).exists()
    refused = staff.post("/staff/people/", {"email": world.outsider.email, "grant": f"team:{other.pk}"})
    assert refused.status_code == 400 and not other.managers.exists()
    staff.post(f"/staff/people/teams/{team.pk}/managers/{world.outsider.pk}/revoke/")
    assert not team.managers.exists()
    assert AuditEntry.objects.filter(action="entries.team.manager_removed").exists()


def test_it_revokes_a_role_but_never_the_staffs_own(world: Any) -> None:
    aco = world.aco_series.governing_bodies.get()
    steward_role = Membership.objects.get(user=world.aco_steward, organisation=aco)
    own = Membership.objects.get(user=world.aco_staff, organisation=aco)
    staff = client_for(world.aco_staff)
    staff.post(f"/staff/people/roles/{own.pk}/revoke/")
    assert Membership.objects.filter(pk=own.pk).exists()
    staff.post(f"/staff/people/roles/{steward_role.pk}/revoke/")
    assert not Membership.objects.filter(pk=steward_role.pk).exists()
    world.aco_steward.refresh_from_db()
    assert not world.aco_steward.is_staff
    sro_staff_role = Membership.objects.get(user=world.sro_staff)
    assert staff.post(f"/staff/people/roles/{sro_staff_role.pk}/revoke/").status_code == 404


def test_it_lets_staff_choose_one_digest_a_day(world: Any) -> None:
    from championships.models import NotificationPreference

    staff = client_for(world.aco_staff)
    staff.post("/staff/people/notices/", {"daily_digest": "1"})
    assert NotificationPreference.objects.get(user=world.aco_staff).daily_digest
    assert 'value="1" checked' in staff.get("/staff/people/").content.decode()
