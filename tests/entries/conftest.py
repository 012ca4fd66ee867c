"""Entries fixtures: two teams with their managers on GT World Challenge Asia 2022 (SRO), the
seeded line-up rules, two events, and an Asian Le Mans 2023 season governed by the ACO."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from championships.models import Cup, Event, RacingClass, Season
from entries import lineup_seed
from entries.models import CarModel, Driver, Entry, EntryStatus, Nomination, Team
from tests import factories
from tests.conftest import World


@dataclass
class Paddock:
    world: World
    season: Season
    gt3: RacingClass
    cups: dict[str, Cup]
    sepang: Event
    suzuka: Event
    team_a: Team
    team_b: Team
    manager_a: Any
    manager_b: Any
    sro_steward: Any
    car: CarModel
    aslms: Season

    def driver(self, category: str, nationality: str = "JPN", season: Season | None = None, **kw: Any) -> Driver:
        """A driver with an FIA category for the season (GTWC Asia 2022 unless given)."""
        driver = factories.DriverFactory(nationality=nationality, **kw)
        factories.DriverCategoryFactory(driver=driver, season=season or self.season, category=category)
        return driver

    def entry(
        self,
        team: Team | None = None,
        cup: str | None = "PRO-AM",
        status: str = EntryStatus.DRAFT,
        number: str | None = None,
        **kw: Any,
    ) -> Entry:
        extra = {"number": number} if number else {}
        return factories.EntryFactory(
            season=self.season,
            team=team or self.team_a,
            racing_class=self.gt3,
            cup=self.cups[cup] if cup else None,
            car_model=self.car,
            status=status,
            **extra,
            **kw,
        )

    def nominate(self, entry: Entry, *drivers: Driver, event: Event | None = None) -> list[Nomination]:
        return [Nomination.objects.create(entry=entry, event=event or self.sepang, driver=d) for d in drivers]


@pytest.fixture
def paddock(world: World) -> Paddock:
    season = world.sro_season
    lineup_seed.seed_gtwc_asia_2022(season)
    sro = world.sro_series.governing_bodies.get()
    manager_b = factories.UserFactory(team_manager=True, organisation=sro, username="manager_b")
    steward = factories.UserFactory(steward=True, organisation=sro, username="sro_steward")
    aco = world.aco_series.governing_bodies.get()
    aslms_series = factories.SeriesFactory(code="aslms", name="Asian Le Mans Series", governing_bodies=[aco])
    aslms = factories.SeasonFactory(series=aslms_series, name="2023")
    lineup_seed.seed_aslms_2023(aslms)
    return Paddock(
        world=world,
        season=season,
        gt3=RacingClass.objects.get(season=season, code="GT3"),
        cups={c.code: c for c in Cup.objects.filter(season=season)},
        sepang=factories.EventFactory(
            season=season, name="Sepang", start_date=date(2022, 5, 20), end_date=date(2022, 5, 22)
        ),
        suzuka=factories.EventFactory(
            season=season, name="Suzuka", start_date=date(2022, 7, 15), end_date=date(2022, 7, 17)
        ),
        team_a=factories.TeamFactory(name="Absolute Racing", managers=[world.team_manager]),
        team_b=factories.TeamFactory(name="Team Bee", managers=[manager_b]),
        manager_a=world.team_manager,
        manager_b=manager_b,
        sro_steward=steward,
        car=factories.CarModelFactory(manufacturer=factories.ManufacturerFactory(name="Porsche"), name="911 GT3 R"),
        aslms=aslms,
    )
