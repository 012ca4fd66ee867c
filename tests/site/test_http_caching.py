"""HTTP caching of public pages and API bodies, from the outside: 304s that render nothing, the
shared body cache, validators that move when the standings or a classification change,
Cache-Control on pages, API and iCal, and signed-in officials never served the public copy."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.synthetic import SyntheticSeason
from championships.models import Race
from entries.models import Entry
from results.classifications.models import PenaltyKind
from results.classifications.services.decisions import Penalty, decision_record
from results.standings.models import SeasonStandingsState, StandingRow
from results.standings.services import recalculate_season
from tests import factories
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

PAGE = "/seasons/synth/2023/standings/?championship=teams&class=C1"
API = "/api/v1/series/synth/seasons/2023/standings/?championship=teams&class=C1"
PUBLIC = "public, max-age=60"


def _computed_an_hour_ago(synthetic: SyntheticSeason) -> None:
    # Why recalculate_season: the fixture stores rows without the state's generations and time.
    assert recalculate_season(synthetic.season.id, force=True) == "computed"
    # Why an hour ago: Last-Modified counts whole seconds; the fixture and the test share one.
    hour_ago = timezone.now() - timedelta(hours=1)
    SeasonStandingsState.objects.filter(season=synthetic.season).update(computed_at=hour_ago)


def _leader(synthetic: SyntheticSeason) -> StandingRow:
    rows = StandingRow.objects.filter(season=synthetic.season, championship="teams", class_code="C1", cup_code="")
    return rows.order_by("-after_round", "position").first()


@pytest.mark.parametrize("url", [PAGE, API])
def test_it_answers_a_matching_etag_with_a_304_without_rendering(
    client: Client, synthetic: SyntheticSeason, url: str
) -> None:
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    assert first["Cache-Control"] == PUBLIC
    with (
        mock.patch("results.standings.views.render", side_effect=AssertionError("rendered")),
        mock.patch("results.standings.api.StandingsView.get", side_effect=AssertionError("rendered")),
        CaptureQueriesContext(connection) as queries,
    ):
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"] and again["Last-Modified"] == first["Last-Modified"]
    assert again["Cache-Control"] == PUBLIC
    assert len(queries) <= 2, [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("url", [PAGE, API])
def test_it_serves_the_stored_body_to_the_next_visitor(client: Client, synthetic: SyntheticSeason, url: str) -> None:
    first = client.get(url)
    with (
        mock.patch("results.standings.views.render", side_effect=AssertionError("rendered")),
        mock.patch("results.standings.api.StandingsView.get", side_effect=AssertionError("rendered")),
        CaptureQueriesContext(connection) as queries,
    ):
        second = Client().get(url)
    assert second.status_code == 200 and second.content == first.content
    assert second["Content-Type"] == first["Content-Type"] and second["ETag"] == first["ETag"]
    assert len(queries) <= 2


def test_it_keeps_each_table_and_format_apart(client: Client, synthetic: SyntheticSeason) -> None:
    c1, c2 = client.get(PAGE), client.get(PAGE.replace("C1", "C2"))
    csv = client.get(PAGE + "&format=csv")
    assert len({c1["ETag"], c2["ETag"], csv["ETag"]}) == 3
    assert csv["Content-Type"] == "text/csv; charset=utf-8" and csv["Content-Disposition"].endswith('.csv"')
    assert client.get(PAGE + "&format=csv")["Content-Disposition"] == csv["Content-Disposition"]


def test_it_moves_etag_and_last_modified_when_the_standings_change(client: Client, synthetic: SyntheticSeason) -> None:
    _computed_an_hour_ago(synthetic)
    leader = _leader(synthetic)
    before_page, before_api = client.get(PAGE), client.get(API)
    assert before_api.json()["recalculation_pending"] is False
    assert before_api.json()["rows"][0]["points"] == f"{leader.points.normalize():f}"

    factories.ChampionshipAdjustmentFactory(
        season=synthetic.season, class_code="C1", competitor_key=leader.competitor_key, points=100, reason="Fuel"
    )
    pending = client.get(API, HTTP_IF_NONE_MATCH=before_api["ETag"])
    assert pending.status_code == 200 and pending.json()["recalculation_pending"] is True
    assert "Recalculation pending" in client.get(PAGE).content.decode()

    assert recalculate_season(synthetic.season.id) == "computed"
    after_page = client.get(PAGE, HTTP_IF_NONE_MATCH=before_page["ETag"])
    after_api = client.get(API, HTTP_IF_NONE_MATCH=before_api["ETag"])
    for before, after in ((before_page, after_page), (before_api, after_api)):
        assert after.status_code == 200
        assert after["ETag"] != before["ETag"] and after["Last-Modified"] != before["Last-Modified"]
    body = after_api.json()
    assert body["recalculation_pending"] is False
    row = next(r for r in body["rows"] if r["competitor_key"] == leader.competitor_key)
    assert row["points"] == f"{(leader.points - 100).normalize():f}" and row["position"] > 1
    assert client.get(API, HTTP_IF_NONE_MATCH=after_api["ETag"]).status_code == 304


def test_it_moves_the_classification_validator_with_a_decision(client: Client, synthetic: SyntheticSeason) -> None:
    race = Race.objects.filter(season=synthetic.season).order_by("round").first()
    page, api = f"/races/{race.pk}/classification/", f"/api/v1/races/{race.pk}/classification/"
    before_page, before_api = client.get(page), client.get(api)
    assert before_page["Cache-Control"] == PUBLIC and before_api["Cache-Control"] == PUBLIC
    assert client.get(page, HTTP_IF_NONE_MATCH=before_page["ETag"]).status_code == 304
    assert client.get(api, HTTP_IF_NONE_MATCH=before_api["ETag"]).status_code == 304

    decision_record(
        race=race,
        user=factories.UserFactory(superuser=True),
        number="1",
        entry=Entry.objects.get(season=synthetic.season, number="1"),
        penalty=Penalty(kind=PenaltyKind.POSITION_DROP, offence="Speeding in the pit lane", positions_dropped=1),
    )
    after_page = client.get(page, HTTP_IF_NONE_MATCH=before_page["ETag"])
    after_api = client.get(api, HTTP_IF_NONE_MATCH=before_api["ETag"])
    assert after_page.status_code == 200 and "Speeding in the pit lane" in after_page.content.decode()
    assert after_api.status_code == 200 and [d["offence"] for d in after_api.json()["decisions"]] == [
        "Speeding in the pit lane"
    ]
    assert after_page["ETag"] != before_page["ETag"] and after_api["ETag"] != before_api["ETag"]


def test_it_still_gives_its_own_404s(client: Client, synthetic: SyntheticSeason) -> None:
    assert client.get("/seasons/synth/1999/standings/").status_code == 404
    response = client.get("/api/v1/series/synth/seasons/1999/standings/")
    assert response.status_code == 404 and "detail" in response.json()
    assert client.get("/races/999999/classification/").status_code == 404


@pytest.mark.parametrize(
    "url",
    ["/", "/series/synth/", "/seasons/synth/2023/", "/seasons/synth/2023/entries/", PAGE],
)
def test_it_lets_shared_caches_keep_public_pages_a_minute(client: Client, synthetic: SyntheticSeason, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == PUBLIC and "Cookie" in response["Vary"]


def test_it_lets_caches_keep_the_ical_feed_a_minute(client: Client, synthetic: SyntheticSeason) -> None:
    response = client.get("/seasons/synth/2023/calendar.ics")
    assert response.status_code == 200 and response["Cache-Control"] == PUBLIC


@pytest.mark.parametrize("url", [PAGE, "/seasons/synth/2023/"])
def test_it_never_serves_a_signed_in_steward_the_public_copy(synthetic: SyntheticSeason, url: str) -> None:
    anonymous = Client().get(url)
    assert "Log in" in anonymous.content.decode()
    steward: Any = factories.UserFactory(steward=True, organisation=factories.OrganisationFactory())
    theirs = client_for(steward).get(url, HTTP_IF_NONE_MATCH=anonymous.get("ETag", '"none"'))
    assert theirs.status_code == 200
    assert theirs["Cache-Control"] == "private, no-cache" and "Cookie" in theirs["Vary"]
    body = theirs.content.decode()
    assert steward.email in body and "Log out" in body  # their own header, not the public one
    assert "ETag" not in theirs
    # ... and their page is not stored for the next anonymous visitor either.
    assert steward.email not in Client().get(url).content.decode()


def test_it_does_not_share_a_page_carrying_a_visitors_message(client: Client, synthetic: SyntheticSeason) -> None:
    client.get(PAGE)  # stored
    session = client.session
    session.save()
    client.cookies["sessionid"] = session.session_key
    with mock.patch("championships.http_caching.messages.get_messages", return_value=["Signed out."]):
        response: Any = client.get(PAGE)
    assert response["Cache-Control"] == "private, no-cache"
