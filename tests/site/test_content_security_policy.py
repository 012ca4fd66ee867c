"""A Content-Security-Policy on every response; no template carries a script the policy would block
(tests/browser/test_csp.py checks the scripts and the chart in Chromium)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from tests import factories
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
# Templates of the project (the site's and the apps'); third-party ones are checked in the browser.
TEMPLATES = sorted([*ROOT.glob("templates/**/*.html"), *ROOT.glob("*/templates/**/*.html")])


@pytest.mark.parametrize("url", ["/", "/api/v1/series/", "/healthz", "/accounts/login/", "/no-such-page/"])
def test_it_sends_the_policy_on_every_public_response(url: str) -> None:
    policy = Client().get(url)["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]


def test_it_sends_the_policy_on_signed_in_pages() -> None:
    staff = factories.UserFactory(superuser=True)
    client = client_for(staff)
    for url in ("/admin/", "/steward/", "/home/"):
        assert "script-src 'self'" in client.get(url)["Content-Security-Policy"], url


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_it_keeps_scripts_out_of_templates(template: Path) -> None:
    text = template.read_text()
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", text)
    handlers = re.findall(r"<[^>]*\son[a-z]+\s*=", text)
    assert inline == [] and handlers == [], "move the script to a static file: script-src is 'self' only"
