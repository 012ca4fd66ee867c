"""Accounts: e-mail login, mandatory verification, MFA required for staff."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from tests import factories
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def test_it_requires_email_verification_before_login(client: Client) -> None:
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new.manager@example.test",
            "first_name": "Nadia",
            "last_name": "Newman",
            "password1": "a-Strong-pass-123",
            "password2": "a-Strong-pass-123",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert len(mail.outbox) == 1
    assert "new.manager@example.test" in mail.outbox[0].to
    response = client.post("/accounts/login/", {"login": "new.manager@example.test", "password": "a-Strong-pass-123"})
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_it_logs_in_with_email(client: Client) -> None:
    user = factories.UserFactory(username="verified")
    response = client.post("/accounts/login/", {"login": user.email, "password": factories.PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_it_sends_a_password_reset_email(client: Client) -> None:
    user = factories.UserFactory(username="forgetful")
    client.post("/accounts/password/reset/", {"email": user.email})
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_it_sends_staff_without_authenticator_to_totp_setup(world: Any, settings: Any) -> None:
    settings.PADDOCK_STAFF_MFA_REQUIRED = True
    response = client_for(world.sro_staff).get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_it_rate_limits_failed_logins(client: Client) -> None:
    user = factories.UserFactory(username="target")
    for _ in range(5):
        client.post("/accounts/login/", {"login": user.email, "password": "wrong"})
    # Even the right password is refused once the failure budget is spent.
    response = client.post("/accounts/login/", {"login": user.email, "password": factories.PASSWORD})
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
