"""Friendly 403/404/500 pages (DEBUG off, as in production)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error

from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def test_it_answers_an_unknown_page_with_the_site_404(world: Any, settings: Any) -> None:
    settings.DEBUG = False
    response = client_for(world.team_manager).get("/no/such/page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "<h1>Page not found</h1>" in body and "/no/such/page/" in body
    # The site's header, with the user's own links.
    assert ">My home</a>" in body and ">Log out</a>" in body


def test_it_answers_a_refusal_with_the_site_403_saying_why(world: Any, settings: Any) -> None:
    settings.DEBUG = False
    response = client_for(world.outsider).get("/my/entries/new/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "<h1>Not allowed</h1>" in body and "You do not manage any team." in body


def test_it_answers_a_failing_view_with_the_site_500(settings: Any) -> None:
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.site.error_urls"
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in response.content.decode()


def test_it_renders_the_500_page_without_the_database(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
