"""Public pages: series and their seasons, season calendars as iCalendar."""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from championships import selectors
from championships.http_caching import public_file, public_page
from championships.ical import season_ical


@public_page
def series_detail(request: HttpRequest, series_code: str) -> HttpResponse:
    """A series and its seasons, newest first."""
    series = selectors.series_get(series_code)
    seasons = series.seasons.filter(published=True)
    return render(request, "championships/series_detail.html", {"series": series, "seasons": seasons})


@public_file
def season_calendar_ics(request: HttpRequest, series_code: str, season_name: str) -> HttpResponse:
    """The season's calendar as an .ics file to subscribe to or import."""
    # Why the public view (None): the file is cached as public, so a draft is never in it, not even for staff.
    season = selectors.season_get(series_code, season_name, None)
    # Why the host in UIDs: they must be globally unique, and stay the same between downloads.
    host = request.get_host().split(":")[0] or "paddock"
    body = season_ical(season, selectors.season_calendar(season), timezone.now(), host=host)
    response = HttpResponse(body.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    # Why: a season name is free text; a quote in it must not break the header.
    filename = re.sub(r"[^A-Za-z0-9._-]", "_", season.code)
    response["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
    return response
