"""Builders for results tests: the ELMS 2014 Silverstone entry list, built from the real file."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import factory

from championships.models import Race, RacingClass, Season
from entries.models import Driver, Entry, EntryKind, EntryStatus, Nomination, Team
from tests import factories
from tests.classifications.parsing_builders import SILVERSTONE, silverstone_bytes

__all__ = ["SILVERSTONE", "Elms", "build_elms", "silverstone_bytes", "split_name"]


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")


class DriverFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Driver

    first_name = factory.Sequence(lambda n: f"Driver{n}")
    last_name = "Racer"
    nationality = "GBR"


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entry

    season = factory.SubFactory(factories.SeasonFactory)
    team = factory.SubFactory(TeamFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    racing_class = factory.SubFactory(factories.RacingClassFactory, season=factory.SelfAttribute("..season"))
    kind = EntryKind.FULL_SEASON
    status = EntryStatus.ACCEPTED


# Stored without accents / in other spellings, so matching must ignore accents and case.
RESPELLED = {
    "Sébastien CRUBILÉ": ("Sebastien", "Crubile"),
    "François PERRODO": ("FRANCOIS", "perrodo"),
}


def split_name(name: str) -> tuple[str, str]:
    """'Paul VAN SPLUNTEREN' → ('Paul', 'Van Splunteren'): Al Kamel prints surnames in capitals."""
    name = name.strip()
    if name in RESPELLED:
        return RESPELLED[name]
    tokens = name.split()
    first = [t for t in tokens if t != t.upper()]
    last = [t for t in tokens if t == t.upper()]
    return " ".join(first), " ".join(last).title()


@dataclass
class Elms:
    season: Season
    race: Race
    classes: dict[str, RacingClass]
    entries: dict[str, Entry]
    drivers: dict[str, Driver] = field(default_factory=dict)


def build_elms(series: Any) -> Elms:
    """ELMS 2014 R1 Silverstone: classes LMP2/LMGTE/GTC, every car accepted, crews nominated."""
    season = factories.SeasonFactory(series=series, name="2014")
    classes = {
        code: factories.RacingClassFactory(season=season, code=code, order=i)
        for i, code in enumerate(("LMP2", "LMGTE", "GTC"))
    }
    event = factories.EventFactory(
        season=season,
        name="4 Hours of Silverstone",
        start_date=date(2014, 4, 18),
        end_date=date(2014, 4, 19),
    )
    race = factories.RaceFactory(event=event, round=1, scheduled_duration_min=240, race_date=date(2014, 4, 19))
    elms = Elms(season=season, race=race, classes=classes, entries={})
    text = silverstone_bytes().decode("utf-8")
    for line in csv.DictReader(io.StringIO(text), delimiter=";"):
        entry = EntryFactory(
            season=season,
            number=line["NUMBER"],
            racing_class=classes[line["CLASS"]],
            team=TeamFactory(name=line["TEAM"].strip()),
        )
        elms.entries[entry.number] = entry
        for column in ("DRIVER_1", "DRIVER_2", "DRIVER_3", "DRIVER_4"):
            if line[column].strip():
                first, last = split_name(line[column])
                driver = DriverFactory(first_name=first, last_name=last)
                elms.drivers[line[column].strip()] = driver
                Nomination.objects.create(entry=entry, event=event, driver=driver)
    return elms
