"""Read queries for governance data shown on public pages."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from championships.models import Event, Race, Season, Series


def series_list() -> QuerySet[Series]:
    return Series.objects.prefetch_related("governing_bodies", "seasons")


def season_get(series_code: str, season_name: str) -> Season:
    """The season or a 404: unknown codes in a URL are never a server error."""
    return get_object_or_404(Season.objects.select_related("series"), series__code=series_code, name=season_name)


def season_calendar(season: Season) -> QuerySet[Event]:
    races = Prefetch("races", queryset=Race.objects.order_by("round"))
    return season.events.select_related("circuit").prefetch_related(races).order_by("start_date")
