"""Builders for the API tests: more events, more entries, to show query counts stay flat."""

from __future__ import annotations

from datetime import date, timedelta

from championships.models import Race, Season
from entries.models import Entry
from tests import factories


def add_events(season: Season, count: int) -> None:
    """`count` more events of two one-hour races each, at Suzuka, after the season's existing ones."""
    circuit = factories.CircuitFactory(name="Suzuka Circuit", country="Japan", time_zone="Asia/Tokyo")
    existing = season.events.count()
    for i in range(existing, existing + count):
        start = date(2022, 5, 20) + timedelta(days=14 * i)
        event = factories.EventFactory(
            season=season, name=f"Suzuka {i + 1}", circuit=circuit, start_date=start, end_date=start + timedelta(days=2)
        )
        for n in (1, 2):
            round_ = Race.objects.filter(season=season).count() + 1
            factories.RaceFactory(
                event=event,
                round=round_,
                name=f"Race {n}",
                race_date=start + timedelta(days=n),
                scheduled_duration_min=60,
            )


def add_entries(season: Season, count: int, status: str = "accepted") -> list[Entry]:
    """`count` entries of the season's first class, each with a Silver and a Bronze driver nominated."""
    racing_class = season.classes.order_by("order").first() or factories.RacingClassFactory(season=season, code="GT3")
    event = season.events.order_by("start_date").first() or factories.EventFactory(season=season)
    entries = []
    for _ in range(count):
        entry = factories.EntryFactory(season=season, racing_class=racing_class, status=status)
        for category in ("silver", "bronze"):
            driver = factories.DriverFactory(nationality="JPN")
            factories.DriverCategoryFactory(driver=driver, season=season, category=category)
            factories.NominationFactory(entry=entry, event=event, driver=driver)
        entries.append(Entry.objects.get(pk=entry.pk))
    return entries
