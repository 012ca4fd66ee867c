"""Holes of issue 18 in accounts, probed from the outside: TOTP replay, login lock-outs, sign-up
addresses, officials' addresses shown to other organisations."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.test import Client

from tests import factories
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

LOCKED = "Too many failed login attempts"
SIGNUP = {
    "first_name": "Nadia",
    "last_name": "Newman",
    "password1": "a-Strong-pass-123",
    "password2": "a-Strong-pass-123",
}


def _login(client: Client, email: str, password: str = factories.PASSWORD) -> Any:
    return client.post("/accounts/login/", {"login": email, "password": password})


# --- a TOTP code is never accepted twice -------------------------------------------------------


def _code(secret: str, at: float) -> str:
    return format_hotp_value(hotp_value(secret, int(at) // 30))


def _second_step(email: str, code: str) -> Client:
    client = Client()
    response = _login(client, email)
    assert response["Location"] == "/accounts/2fa/authenticate/"
    client.post("/accounts/2fa/authenticate/", {"code": code})
    return client


def test_it_refuses_a_totp_code_used_31_seconds_earlier() -> None:
    steward = factories.UserFactory(username="steward")
    secret = generate_totp_secret()
    TOTP.activate(steward, secret)
    start = 1_800_000_000.0  # the start of a 30 s step
    code = _code(secret, start)
    with mock.patch("time.time", return_value=start + 1):
        assert "_auth_user_id" in _second_step(steward.email, code).session
    # Still within the tolerance window (the previous step), but already used.
    with mock.patch("time.time", return_value=start + 31):
        replay = _second_step(steward.email, code)
    assert "_auth_user_id" not in replay.session


# --- repeated failed logins slow the attacker without locking the owner out ---------------------


def test_it_lets_the_owner_in_from_a_known_device_while_someone_else_guesses() -> None:
    steward = factories.UserFactory(username="steward")
    owners_browser = Client(REMOTE_ADDR="198.51.100.5")
    _login(owners_browser, steward.email)
    owners_browser.post("/accounts/logout/")
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(6):
        _login(attacker, steward.email, "wrong")
    # The attacker's address is held back; the owner's known browser still gets in.
    assert LOCKED in _login(attacker, steward.email).content.decode()
    response = _login(owners_browser, steward.email)
    assert response.status_code == 302 and "_auth_user_id" in owners_browser.session


def test_it_lets_the_owner_in_from_a_known_address_in_a_new_browser() -> None:
    steward = factories.UserFactory(username="steward")
    _login(Client(REMOTE_ADDR="198.51.100.5"), steward.email)
    for _ in range(6):
        _login(Client(REMOTE_ADDR="203.0.113.9"), steward.email, "wrong")
    fresh_browser = Client(REMOTE_ADDR="198.51.100.5")
    assert "_auth_user_id" in (_login(fresh_browser, steward.email) and fresh_browser.session)


def test_it_slows_down_the_attackers_address_whatever_account_it_tries() -> None:
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(10):
        _login(attacker, f"guess{n}@example.test", "wrong")
    assert LOCKED in _login(attacker, "guess99@example.test", "wrong").content.decode()


# --- e-mail addresses are validated on sign-up ------------------------------------------------


@pytest.mark.parametrize(
    ("email", "told"),
    [
        ("a" * 300 + "@example.org", "at most 254"),
        ("jane@localhost", "is not an internet domain"),
        ("STEWARD@ac0.org", "looks like the address of another account"),
        ("s.teward@aco.org", "looks like the address of another account"),
    ],
)
def test_it_refuses_an_address_that_is_too_long_has_no_domain_or_looks_like_another(
    client: Client, email: str, told: str
) -> None:
    factories.UserFactory(username="steward", email="steward@aco.org")
    response = client.post("/accounts/signup/", {"email": email, **SIGNUP})
    assert response.status_code == 200
    assert told in response.content.decode()
    assert not factories.UserFactory._meta.model.objects.filter(first_name="Nadia").exists()


def test_it_accepts_an_ordinary_address(client: Client) -> None:
    factories.UserFactory(username="steward", email="steward@aco.org")
    response = client.post("/accounts/signup/", {"email": "nadia.newman@racing-team.co.uk", **SIGNUP})
    assert response.status_code == 302


# --- officials see another organisation's officials by name, not e-mail ------------------------


def test_it_shows_another_organisations_official_by_name_only(world: Any) -> None:
    from championships.models import AuditEntry

    aco = world.aco_series.governing_bodies.get()
    almem = factories.OrganisationFactory(code="almem", name="ALMEM")
    world.aco_series.governing_bodies.add(almem)
    almem_staff = factories.UserFactory(
        series_staff=True, organisation=almem, username="alm", first_name="Ana", last_name="Lima"
    )
    AuditEntry.objects.create(action="championships.test.done", actor=almem_staff, series=world.aco_series)
    for page in ("/admin/", "/admin/championships/auditentry/"):
        body = client_for(world.aco_staff).get(page).content.decode()
        assert "Ana Lima" in body and almem_staff.email not in body, page
    # Searching the log by someone's address tells nothing either.
    found = client_for(world.aco_staff).get("/admin/championships/auditentry/", {"q": almem_staff.email})
    assert "Ana Lima" not in found.content.decode()
    same_org = factories.UserFactory(series_staff=True, organisation=almem, username="alm2")
    assert almem_staff.email in client_for(same_org).get("/admin/").content.decode()
    assert aco  # (the series is governed by both)
