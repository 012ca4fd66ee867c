"""Failed logins are limited per account and per client IP: one person's failures behind a shared
proxy lock their own account and address, not the others'. The counters live in the cache, which
tests/conftest.py clears before every test."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db

PROXY = "192.0.2.10"  # REMOTE_ADDR of every request: the reverse proxy in front of the portal
LOCKED = "Too many failed login attempts"


@pytest.fixture(autouse=True)
def _one_trusted_proxy(settings: Any) -> None:
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


@dataclass
class Attempt:
    signed_in: bool
    locked: bool


def attempt(email: str, password: str, client_ip: str) -> Attempt:
    """A login from `client_ip` as the proxy reports it (X-Forwarded-For)."""
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=client_ip)
    response = client.post("/accounts/login/", {"login": email, "password": password})
    return Attempt(signed_in="_auth_user_id" in client.session, locked=LOCKED in response.content.decode())


def test_it_locks_an_account_after_five_failures_even_from_another_address() -> None:
    alice = factories.UserFactory(outsider=True, username="alice")
    for _ in range(5):
        assert not attempt(alice.email, "wrong", "203.0.113.1").signed_in
    elsewhere = attempt(alice.email, factories.PASSWORD, "198.51.100.7")
    assert elsewhere.locked and not elsewhere.signed_in


def test_it_lets_another_user_behind_the_same_proxy_log_in() -> None:
    alice = factories.UserFactory(outsider=True, username="alice")
    bob = factories.UserFactory(outsider=True, username="bob")
    for _ in range(5):
        attempt(alice.email, "wrong", "203.0.113.1")
    assert attempt(bob.email, factories.PASSWORD, "203.0.113.2").signed_in


def test_it_locks_one_client_address_past_its_limit_and_only_that_one() -> None:
    carol = factories.UserFactory(outsider=True, username="carol")
    # Ten failures a minute from one address, each on an account of its own (no account lock).
    for n in range(10):
        attempt(f"guess{n}@example.test", "wrong", "203.0.113.66")
    there = attempt(carol.email, factories.PASSWORD, "203.0.113.66")
    assert there.locked and not there.signed_in
    assert attempt(carol.email, factories.PASSWORD, "203.0.113.67").signed_in


def test_without_a_trusted_proxy_the_forwarded_address_is_ignored(settings: Any) -> None:
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    dave = factories.UserFactory(outsider=True, username="dave")
    # Why this matters: a client could otherwise pick a fresh X-Forwarded-For per guess.
    for n in range(10):
        attempt(f"guess{n}@example.test", "wrong", f"203.0.113.{n}")
    assert attempt(dave.email, factories.PASSWORD, "203.0.113.200").locked
