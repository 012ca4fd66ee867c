"""An SRO season as staff would set it up, with the real entries and crews of one real SRO race file."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from championships.models import Cup, Race, RacingClass, Season
from entries.models import Entry, EntryKind, EntryStatus, Nomination
from entries.names import split_name
from tests import factories
from tests.sro.files import BARCELONA

# The season's cups as staff name them; the files spell them their own way ("Pro-AM Cup").
CUP_NAMES = ("Pro Cup", "Silver Cup", "Pro-Am Cup", "Am Cup")


@dataclass
class Gtwc:
    season: Season
    gt3: RacingClass
    cups: dict[str, Cup]
    race: Race
    steward: Any
    entries: dict[str, Entry]


def build_gtwc(series: Any, path: Path = BARCELONA, *, cup_names: tuple[str, ...] = CUP_NAMES) -> Gtwc:
    """GTWC Europe 2021 with one class (GT3), its cups, and the race of `path` (Barcelona by default):
    every car of the file accepted in the cup its file names (Invitational cars as guests of the event),
    its crew nominated."""
    season = factories.SeasonFactory(series=series, name="2021")
    gt3 = factories.RacingClassFactory(season=season, code="GT3")
    cups = {
        name: factories.CupFactory(season=season, code=name, name=name, racing_class=gt3, order=order)
        for order, name in enumerate(cup_names)
    }
    event = factories.EventFactory(
        season=season, name="Barcelona", start_date=date(2021, 10, 9), end_date=date(2021, 10, 10)
    )
    race = factories.RaceFactory(event=event, round=1, scheduled_duration_min=180, race_date=date(2021, 10, 10))
    sro = series.governing_bodies.first()
    steward = factories.UserFactory(steward=True, organisation=sro, username="sro_steward")
    gtwc = Gtwc(season=season, gt3=gt3, cups=cups, race=race, steward=steward, entries={})
    by_key = {name.casefold().replace("-", " "): cup for name, cup in cups.items()}
    for line in csv.DictReader(path.open(encoding="utf-8")):
        guest = line["Class"] == "Invitational"
        entry = factories.EntryFactory(
            season=season,
            number=line["Car #"],
            racing_class=gt3,
            cup=None if guest else by_key.get(line["Class"].casefold().replace("-", " ")),
            team=factories.TeamFactory(name=line["Team"], country=""),
            kind=EntryKind.GUEST if guest else EntryKind.FULL_SEASON,
            status=EntryStatus.ACCEPTED,
            car_model=None,
        )
        if guest:
            entry.events.add(event)
        gtwc.entries[entry.number] = entry
        for name in line["Drivers"].split(","):
            first, last = split_name(name.strip())
            driver = factories.DriverFactory(first_name=first, last_name=last, nationality="")
            Nomination.objects.create(entry=entry, event=event, driver=driver)
    return gtwc
