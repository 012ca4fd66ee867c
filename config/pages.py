"""Pages that combine every app (top layer): the home page and a season's page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from championships import selectors
from championships.http_caching import public_page
from results.classifications.qualifying_selectors import events_with_qualifying
from results.classifications.selectors import races_with_publication


@public_page
def home(request: HttpRequest) -> HttpResponse:
    """Every series with its seasons."""
    return render(request, "championships/home.html", {"series_list": selectors.series_list()})


@public_page
def season_detail(request: HttpRequest, series_code: str, season_name: str) -> HttpResponse:
    """The season's calendar with links to its entry list, standings, qualifying and published results."""
    season = selectors.season_get(series_code, season_name, request.user)
    calendar = selectors.season_calendar(season, races=races_with_publication())
    published = [(item.event, race) for item in calendar for race in item.races if race.has_published]  # type: ignore[attr-defined]
    with_qualifying = events_with_qualifying(season.pk)
    return render(
        request,
        "championships/season_detail.html",
        {
            "season": season,
            "calendar": calendar,
            "published": published,
            "qualifying": [item.event for item in calendar if item.event.pk in with_qualifying],
        },
    )
