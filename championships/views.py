"""Public pages: series, seasons, calendars."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from championships import selectors
from championships.models import Series


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "championships/home.html", {"series_list": selectors.series_list()})


def series_detail(request: HttpRequest, series_code: str) -> HttpResponse:
    series = get_object_or_404(Series.objects.prefetch_related("governing_bodies"), code=series_code)
    return render(request, "championships/series_detail.html", {"series": series, "seasons": series.seasons.all()})


def season_detail(request: HttpRequest, series_code: str, season_name: str) -> HttpResponse:
    season = selectors.season_get(series_code, season_name)
    events = selectors.season_calendar(season)
    return render(request, "championships/season_detail.html", {"season": season, "events": events})
