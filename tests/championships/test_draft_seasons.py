"""Draft seasons (issue 20): invisible to the public everywhere until staff publish them; the
series' officials preview them as the public will see them. Publishing is audited."""

from __future__ import annotations

from typing import Any

import pytest

from championships.models import AuditEntry
from tests import factories
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/seasons/gtwc-asia/2025/",
    "/seasons/gtwc-asia/2025/calendar.ics",
    "/seasons/gtwc-asia/2025/standings/",
    "/seasons/gtwc-asia/2025/invitations/",
    "/seasons/gtwc-asia/2025/entries/",
    "/api/v1/series/gtwc-asia/seasons/2025/",
    "/api/v1/series/gtwc-asia/seasons/2025/events/",
    "/api/v1/series/gtwc-asia/seasons/2025/standings/",
    "/api/v1/series/gtwc-asia/seasons/2025/entries/",
]


@pytest.fixture
def draft(world: Any) -> Any:
    season = factories.SeasonFactory(series=world.sro_series, name="2025", published=False)
    gt3 = factories.RacingClassFactory(season=season, code="GT3")
    factories.RaceFactory(event=factories.EventFactory(season=season, name="Sepang"), round=1)
    factories.EntryFactory(season=season, racing_class=gt3, status="accepted")
    return season


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_it_hides_a_draft_season_from_the_public(client: Any, draft: Any, url: str) -> None:
    assert client.get(url).status_code == 404


def test_it_hides_the_entry_list_of_a_draft_seasons_event(client: Any, draft: Any) -> None:
    event = draft.events.get()
    assert client.get(f"/events/{event.pk}/entries/").status_code == 404


def test_it_leaves_a_draft_out_of_every_public_list(client: Any, world: Any, draft: Any) -> None:
    for url in ("/", "/series/gtwc-asia/"):
        body = client.get(url).content.decode()
        assert "/seasons/gtwc-asia/2022/" in body and "/seasons/gtwc-asia/2025/" not in body
    listing = client.get("/api/v1/series/").json()
    names = {season["name"] for series in listing["results"] for season in series["seasons"]}
    assert "2022" in names and "2025" not in names


def test_it_lets_the_series_officials_preview_a_draft_and_nobody_else(world: Any, draft: Any) -> None:
    page = client_for(world.sro_staff).get("/seasons/gtwc-asia/2025/")
    assert page.status_code == 200
    assert "Draft preview:" in page.content.decode()
    assert page["Cache-Control"].startswith("private")
    assert client_for(world.aco_staff).get("/seasons/gtwc-asia/2025/").status_code == 404
    assert client_for(world.team_manager).get("/seasons/gtwc-asia/2025/").status_code == 404
    # The calendar feed is cached as public: never a draft, not even for its staff.
    assert client_for(world.sro_staff).get("/seasons/gtwc-asia/2025/calendar.ics").status_code == 404


def test_it_publishes_a_draft_from_the_admin_audited(client: Any, world: Any, draft: Any) -> None:
    staff = client_for(world.sro_staff)
    response = staff.post("/admin/championships/season/", {"action": "publish", "_selected_action": [str(draft.pk)]})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.published
    record = AuditEntry.objects.get(action="championships.season.published")
    assert (record.actor, record.series_id, record.after) == (world.sro_staff, world.sro_series.pk, {"published": True})
    body = client.get("/seasons/gtwc-asia/2025/").content.decode()
    assert "Sepang" in body and "Draft preview" not in body


def test_it_refuses_to_publish_another_organisations_season(world: Any, draft: Any) -> None:
    response = client_for(world.aco_staff).post(
        "/admin/championships/season/", {"action": "publish", "_selected_action": [str(draft.pk)]}
    )
    assert response.status_code in (200, 302, 403)
    draft.refresh_from_db()
    assert not draft.published
    assert not AuditEntry.objects.filter(action="championships.season.published").exists()


def test_it_creates_new_seasons_as_drafts(world: Any) -> None:
    response = client_for(world.sro_staff).post(
        "/admin/championships/season/add/",
        {
            "series": str(world.sro_series.pk),
            "name": "2026",
            **{f"{prefix}-{key}": value for prefix in ("classes", "cups") for key, value in FORMSET.items()},
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert world.sro_series.seasons.get(name="2026").published is False


FORMSET = {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0", "MAX_NUM_FORMS": "1000"}
