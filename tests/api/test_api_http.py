"""HTTP behaviour of the API: caching headers, conditional GET, errors, methods, the OpenAPI schema."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils.http import http_date

from championships.models import Race, Season
from results.classifications.models import ClassificationVersion
from results.standings.models import SeasonStandingsState

pytestmark = pytest.mark.django_db

SEASON = "/api/v1/series/elms/seasons/2014/"


@pytest.fixture
def elms(elms_once_per_module: int) -> Season:
    # Why once per module: these many cases only read the season (a test's writes are rolled back).
    return Season.objects.get(pk=elms_once_per_module)


def classification_url(season: Season) -> str:
    return f"/api/v1/races/{Race.objects.get(season=season).pk}/classification/"


@pytest.mark.parametrize(
    "path", ["series/", "series/elms/", "series/elms/seasons/2014/events/", "series/elms/seasons/2014/standings/"]
)
def test_it_sends_cache_headers_and_an_etag(client: Client, elms: Season, path: str) -> None:
    response = client.get(f"/api/v1/{path}")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60"
    # Accept-Encoding: bodies of 200 bytes and more may be gzipped (GZipMiddleware).
    assert response["Vary"] in {"Accept", "Accept, Accept-Encoding"}
    assert response["ETag"].startswith('"') and len(response["ETag"]) == 34


def test_it_answers_304_when_the_etag_matches(client: Client, elms: Season) -> None:
    first = client.get(SEASON + "entries/")
    again = client.get(SEASON + "entries/", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"] and again["Cache-Control"] == "public, max-age=60"
    other = client.get(SEASON + "entries/", headers={"if-none-match": '"something-else"'})
    assert other.status_code == 200


def test_it_changes_the_etag_when_the_data_changes(client: Client, elms: Season) -> None:
    before = client.get("/api/v1/series/elms/")["ETag"]
    Season.objects.create(series=elms.series, name="2015", published=True)
    after = client.get("/api/v1/series/elms/", headers={"if-none-match": before})
    assert after.status_code == 200 and after["ETag"] != before


def test_it_answers_head_with_the_same_headers(client: Client, elms: Season) -> None:
    get, head = client.get("/api/v1/series/"), client.head("/api/v1/series/")
    assert head.status_code == 200 and head.content == b"" and head["ETag"] == get["ETag"]


def test_it_dates_a_classification_by_its_publication(client: Client, elms: Season) -> None:
    version = ClassificationVersion.objects.get(race__season=elms)
    assert version.status_changed_at is not None
    response = client.get(classification_url(elms))
    assert response["Last-Modified"] == http_date(version.status_changed_at.timestamp())
    later = http_date((version.status_changed_at + timedelta(seconds=5)).timestamp())
    assert client.get(classification_url(elms), headers={"if-modified-since": later}).status_code == 304
    earlier = http_date((version.status_changed_at - timedelta(hours=1)).timestamp())
    assert client.get(classification_url(elms), headers={"if-modified-since": earlier}).status_code == 200


def test_it_dates_standings_by_their_computation(client: Client, elms: Season) -> None:
    state = SeasonStandingsState.objects.get(season=elms)
    response = client.get(SEASON + "standings/")
    assert state.computed_at is not None
    assert response["Last-Modified"] == http_date(state.computed_at.timestamp())
    since = response["Last-Modified"]
    assert client.get(SEASON + "standings/", headers={"if-modified-since": since}).status_code == 304
    # Why: If-None-Match wins over If-Modified-Since (RFC 9110), so a stale tag means a full answer.
    stale = client.get(SEASON + "standings/", headers={"if-modified-since": since, "if-none-match": '"old"'})
    assert stale.status_code == 200


def test_it_sends_no_last_modified_without_a_natural_timestamp(client: Client, elms: Season) -> None:
    assert "Last-Modified" not in client.get("/api/v1/series/")


@pytest.mark.parametrize(
    ("path", "detail"),
    [
        ("series/nope/", "No Series matches the given query."),
        ("series/elms/seasons/1999/", "No Season matches the given query."),
        ("series/nope/seasons/2014/events/", "No Season matches the given query."),
        ("series/elms/seasons/1999/entries/", "No Season matches the given query."),
        ("series/elms/seasons/2014/standings/?class=LMP9", "No drivers standings for class 'LMP9' cup ''"),
        ("series/elms/seasons/2014/standings/?class=GTC&cup=PRO", "No drivers standings for class 'GTC' cup 'PRO'"),
        ("series/elms/seasons/2014/standings/?after_round=7", "No standings after round 7"),
        ("series/elms/seasons/2014/standings/?after_round=0", "No standings after round 0"),
        ("races/2147483648/classification/", "No such race"),
        ("races/99999999999999999999999/classification/", "No such race"),
        ("races/abc/classification/", "No such API endpoint."),
        ("nothing/here/", "No such API endpoint."),
    ],
)
def test_it_answers_unknown_things_with_a_json_404(client: Client, elms: Season, path: str, detail: str) -> None:
    response = client.get(f"/api/v1/{path}")
    assert response.status_code == 404
    assert response.json() == {"detail": detail}


def test_it_refuses_an_unknown_api_version(client: Client, elms: Season) -> None:
    response = client.get("/api/v2/series/")
    assert response.status_code == 404 and response.json() == {"detail": "Invalid version in URL path."}


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("series/elms/seasons/2014/standings/?after_round=abc", "after_round"),
        ("series/elms/seasons/2014/standings/?after_round=-1", "after_round"),
        ("series/elms/seasons/2014/standings/?after_round=99999999999999999999", "after_round"),
        ("series/elms/seasons/2014/standings/?championship=nations", "championship"),
        ("series/?limit=-1", "limit"),
        ("series/?limit=0", "limit"),
        ("series/?limit=ten", "limit"),
        ("series/elms/seasons/2014/entries/?offset=-5", "offset"),
        ("series/elms/seasons/2014/events/?offset=%C2%B2", "offset"),
    ],
)
def test_it_answers_malformed_parameters_with_a_400_naming_them(
    client: Client, elms: Season, path: str, parameter: str
) -> None:
    response = client.get(f"/api/v1/{path}")
    assert response.status_code == 400
    [message] = response.json()[parameter]
    assert f"'{parameter}'" in message


def test_it_caps_the_page_size(client: Client, elms: Season) -> None:
    body = client.get(SEASON + "entries/?limit=100000&offset=30").json()
    assert body["count"] == 38 and len(body["results"]) == 8


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ["series/", "series/elms/seasons/2014/standings/", "schema/"])
def test_it_refuses_writes_with_405(client: Client, elms: Season, method: str, path: str) -> None:
    response = getattr(client, method)(f"/api/v1/{path}", data="{}", content_type="application/json")
    assert response.status_code == 405
    assert "not allowed" in response.json()["detail"]


def test_it_answers_options(client: Client, elms: Season) -> None:
    response = client.options("/api/v1/series/")
    assert response.status_code == 200 and response["Allow"] == "GET, HEAD, OPTIONS"


def test_it_serves_a_valid_openapi_document(client: Client, elms: Season) -> None:
    from drf_spectacular.validation import validate_schema

    response = client.get("/api/v1/schema/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert response["ETag"] and response["Cache-Control"] == "public, max-age=60"
    schema = response.json()
    validate_schema(schema)
    assert sorted(schema["paths"]) == [
        "/api/v1/races/{race_id}/analysis/",
        "/api/v1/races/{race_id}/classification/",
        "/api/v1/races/{race_id}/qualifying/",
        "/api/v1/series/",
        "/api/v1/series/{series_code}/",
        "/api/v1/series/{series_code}/seasons/{season_name}/",
        "/api/v1/series/{series_code}/seasons/{season_name}/entries/",
        "/api/v1/series/{series_code}/seasons/{season_name}/events/",
        "/api/v1/series/{series_code}/seasons/{season_name}/standings/",
    ]
    assert all(list(operations) == ["get"] for operations in schema["paths"].values())
    assert client.get("/api/v1/schema/?format=yaml").content.startswith(b"openapi: 3.0.3")


def test_it_generates_the_schema_from_the_command_line_without_warnings(tmp_path: Path) -> None:
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--file", str(target), "--validate", "--fail-on-warn")
    assert "/api/v1/series/{series_code}/seasons/{season_name}/standings/:" in target.read_text()
