"""Officials (stewards and series staff) need an authenticator for every official page."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.messages import get_messages

from tests import factories
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

SETUP = "/accounts/2fa/totp/activate/"


@pytest.fixture(autouse=True)
def _mfa_on(settings: Any) -> None:
    settings.PADDOCK_STAFF_MFA_REQUIRED = True


@pytest.fixture
def race(world: Any) -> Any:
    return factories.RaceFactory(event=factories.EventFactory(season=world.aco_season))


def _enrol(user: Any) -> None:
    TOTP.activate(user, generate_totp_secret())
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


@pytest.mark.parametrize("page", ["/steward/", "race", "qualifying", "/admin/"])
def test_it_sends_a_steward_without_authenticator_to_the_setup(world: Any, race: Any, page: str) -> None:
    url = {"race": f"/steward/races/{race.pk}/", "qualifying": f"/steward/events/{race.event_id}/qualifying/"}.get(
        page, page
    )
    response = client_for(world.aco_steward).get(url)
    assert response.status_code == 302
    assert response["Location"] == SETUP
    told = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("must set up an authenticator app" in m for m in told)


def test_it_applies_to_stewards_without_admin_access(world: Any, race: Any) -> None:
    steward = factories.UserFactory(role="steward", organisation=world.aco_series.governing_bodies.first())
    assert not steward.is_staff
    assert client_for(steward).get("/steward/")["Location"] == SETUP


def test_it_opens_official_pages_once_the_authenticator_is_set_up(world: Any, race: Any) -> None:
    _enrol(world.aco_steward)
    client = client_for(world.aco_steward)
    assert client.get("/steward/").status_code == 200
    assert client.get(f"/steward/races/{race.pk}/").status_code == 200


def test_it_leaves_team_managers_and_public_pages_alone(world: Any, race: Any) -> None:
    client = client_for(world.team_manager)
    assert client.get("/my/entries/").status_code == 200
    assert client.get("/home/").status_code == 200
    # Not an official: the steward pages do not exist for them (no set-up page either).
    assert client.get("/steward/").status_code == 404
    assert client_for(world.aco_steward).get("/").status_code == 200


def test_it_lets_an_official_sign_out_of_the_admin(world: Any) -> None:
    assert client_for(world.aco_staff).post("/admin/logout/").status_code == 200


def test_it_says_on_the_home_that_official_work_needs_the_authenticator(world: Any, race: Any) -> None:
    body = client_for(world.aco_steward).get("/home/").content.decode()
    assert 'id="mfa-needed"' in body and SETUP in body
    assert 'id="steward-todo"' not in body
    _enrol(world.aco_steward)
    body = client_for(world.aco_steward).get("/home/").content.decode()
    assert 'id="mfa-needed"' not in body and 'id="steward-todo"' in body
