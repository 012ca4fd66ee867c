"""Public entry lists per season and per event (HTML and CSV)."""

from __future__ import annotations

import csv

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render

from championships import selectors as championship_selectors
from championships.http_caching import public_page
from championships.models import Event, Season
from championships.scoping import visible_seasons
from entries.public_selectors import PublicEntry, public_entry_list

CSV_HEADER = ["number", "status", "class", "cup", "team", "car", "entry", "drivers"]
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value: str) -> str:
    """Neutralise spreadsheet formulas (a team called '=HYPERLINK(...)' stays text)."""
    return f"'{value}" if value.startswith(FORMULA_PREFIXES) else value


def _csv_row(row: PublicEntry) -> list[str]:
    drivers = "; ".join(f"{d.name} ({d.nationality}, {d.category or '-'})" for d in row.drivers)
    cells = [
        row.number,
        "reserve" if row.reserve else "accepted",
        row.racing_class,
        row.cup,
        row.team,
        row.car,
        row.kind,
        drivers,
    ]
    return [escape_formula(cell) for cell in cells]


def _respond(request: HttpRequest, season: Season, event: Event | None) -> HttpResponse:
    rows = public_entry_list(season, event)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        suffix = f"-event-{event.pk}" if event else ""
        response["Content-Disposition"] = f'attachment; filename="entries-{season.code}{suffix}.csv"'
        writer = csv.writer(response)
        writer.writerow(CSV_HEADER)
        writer.writerows(_csv_row(row) for row in rows)
        return response
    events = season.events.filter(cancelled=False).order_by("start_date")
    return render(
        request,
        "entries/public_entries.html",
        {"season": season, "event": event, "rows": rows, "events": events},
    )


@public_page
def season_entries(request: HttpRequest, series_code: str, season_name: str) -> HttpResponse:
    """A season's public entry list (?event= narrows it to one event, ?format=csv)."""
    season = championship_selectors.season_get(series_code, season_name, request.user)
    event = None
    if "event" in request.GET:
        raw = request.GET["event"]
        if not raw.isdecimal():
            return HttpResponseBadRequest("The event parameter must be an event number.")
        event = get_object_or_404(Event, pk=int(raw), season=season)
    return _respond(request, season, event)


@public_page
def event_entries(request: HttpRequest, event_id: int) -> HttpResponse:
    """The public entry list of one event."""
    events = Event.objects.filter(season__in=visible_seasons(request.user)).select_related("season__series")
    event = get_object_or_404(events, pk=event_id)
    return _respond(request, event.season, event)
