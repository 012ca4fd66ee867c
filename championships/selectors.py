"""Read queries for governance data shown on public pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from championships.models import Event, Race, Season, Series
from championships.scoping import AnyUser, visible_seasons


def series_list() -> QuerySet[Series]:
    """Every series with its published seasons (``series.seasons.all()``: drafts are left out)."""
    return Series.objects.prefetch_related("governing_bodies", public_seasons())


def public_seasons(lookup: str = "seasons") -> Prefetch[Any]:
    """Prefetch of a series' published seasons, newest first: what public lists show."""
    return Prefetch(lookup, queryset=Season.objects.filter(published=True).order_by("-name"))


def series_get(series_code: str) -> Series:
    """The series (with its governing bodies) or a 404."""
    return get_object_or_404(Series.objects.prefetch_related("governing_bodies"), code=series_code)


def season_get(series_code: str, season_name: str, viewer: AnyUser | None = None) -> Season:
    """The season or a 404: unknown codes in a URL are never a server error, and a draft season
    is unknown to everybody but its officials (scoping.visible_seasons); no viewer: the public."""
    if "\x00" in season_name:
        # Why: PostgreSQL refuses NUL in a string parameter; that would be a 500, not a 404.
        raise Http404("No such season")
    seasons = visible_seasons(viewer).select_related("series")
    return get_object_or_404(seasons, series__code=series_code, name=season_name)


class UnknownSeason(LookupError):
    """A season code that names no season, or more than one (AmbiguousSeason)."""


class AmbiguousSeason(UnknownSeason):
    pass


def season_by_code(code: str, seasons: QuerySet[Season] | None = None) -> Season:
    """'aslms-2023-24' → the season, looked up among `seasons` (default: all of them).

    A code is <series_code>-<season name> and both parts may contain dashes (gtwc-asia-2022,
    aslms-2023-24), so every split at a dash is tried; a code two seasons could answer to is
    refused rather than guessed.
    """
    code = (code or "").strip()
    queryset = (seasons if seasons is not None else Season.objects.all()).select_related("series")
    splits = [(code[:at], code[at + 1 :]) for at, char in enumerate(code) if char == "-"]
    # Why the NUL check: PostgreSQL refuses NUL in a string parameter; that is a bad code, not a 500.
    if "\x00" in code or not splits:
        found: list[Season] = []
    else:
        query = Q()
        for series_code, name in splits:
            if series_code and name:
                query |= Q(series__code__iexact=series_code, name__iexact=name)
        found = list(queryset.filter(query).order_by("series__code", "name")) if query else []
    if len(found) > 1:
        readings = "; ".join(f"series '{s.series.code}' season '{s.name}'" for s in found)
        raise AmbiguousSeason(f"season code '{code}' is ambiguous: it reads as {readings}")
    if not found:
        known = ", ".join(sorted(s.code for s in queryset))
        raise UnknownSeason(f"unknown season '{code}' (known: {known or 'none'})")
    return found[0]


def zone_label(time_zone: str, on: date) -> str:
    """'Asia/Tokyo (JST, UTC+9)'; numeric abbreviations ('+04') are left out as they repeat the offset."""
    if time_zone == "UTC":
        return "UTC"
    try:
        zone = ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        return time_zone
    # Why noon: the offset of the day the event runs, not of midnight around a DST change.
    moment = datetime.combine(on, time(12), tzinfo=zone)
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    utc = "UTC" if minutes == 0 else f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")
    abbreviation = moment.tzname() or ""
    if abbreviation and abbreviation[0] not in "+-" and abbreviation != "UTC":
        return f"{time_zone} ({abbreviation}, {utc})"
    return f"{time_zone} ({utc})"


@dataclass(frozen=True)
class CalendarEvent:
    """An event of the season with its races (as the caller's race queryset gives them)."""

    event: Event
    races: list[Race]
    zone_label: str


def season_calendar(season: Season, races: QuerySet[Race] | None = None) -> list[CalendarEvent]:
    """The season's events in date order with their races; two queries whatever the size.

    `races` lets a page that knows more about races (e.g. whether results are published)
    annotate them without this layer knowing about results.
    """
    race_queryset = races if races is not None else Race.objects.order_by("round")
    events = (
        season.events.select_related("circuit")
        .prefetch_related(Prefetch("races", queryset=race_queryset))
        .order_by("start_date", "name")
    )
    return [
        CalendarEvent(event, list(event.races.all()), zone_label(event.circuit.time_zone, event.start_date))
        for event in events
    ]
