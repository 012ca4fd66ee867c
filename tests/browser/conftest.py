"""Playwright drives Debian's /usr/bin/chromium (no browser download) against live_server."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from playwright.sync_api import Page

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


def enrol_totp(user: Any) -> str:
    """Give `user` a TOTP authenticator; returns the secret to compute codes from."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    return secret


def current_totp_code(secret: str) -> str:
    import time

    # Why: don't type a code in the last seconds of its 30 s step (it could expire on the way).
    if int(time.time()) % 30 > 26:
        time.sleep(4)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def log_in(
    page: Page,
    base_url: str,
    email: str,
    password: str,
    totp_secret: str | None = None,
    next_url: str | None = "/",
) -> None:
    """Sign in through the real allauth pages (and its TOTP step when enrolled).

    next_url=None: no ?next=, the user lands where login sends them (their role home).
    """
    page.goto(f"{base_url}/accounts/login/" + (f"?next={next_url}" if next_url else ""))
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    if totp_secret:
        page.wait_for_selector("input[name=code]")
        page.fill("input[name=code]", current_totp_code(totp_secret))
        page.click("button[type=submit]")
    page.wait_for_load_state()


def shoot(page: Page, directory: str, name: str) -> None:
    """Full-page screenshots at 1280 and 390 px wide: <directory>/<name>-<width>.png (to look at)."""
    from pathlib import Path

    Path(directory).mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{directory}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
