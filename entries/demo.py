"""Demo data of this app, loaded by `manage.py load_demo` after the calendars (idempotent).

Line-up rules of DESIGN.md, car models, two demo teams with their managers, and a few accepted
entries with their crews for the first events. Team and driver names are plausible, not records.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from championships.models import Cup, Event, RacingClass, Season
from entries import lineup_seed
from entries.models import (
    ACTIVE_STATUSES,
    CarModel,
    Driver,
    DriverCategory,
    Entry,
    EntryStatus,
    Manufacturer,
    Nomination,
    Team,
)

CAR_MODELS = (
    ("Oreca", "07"),
    ("Ligier", "JS P320"),
    ("Duqueine", "D08"),
    ("Ferrari", "296 GT3"),
    ("Ferrari", "488 GT3 Evo"),
    ("Porsche", "911 GT3 R"),
    ("Mercedes-AMG", "GT3"),
    ("Audi", "R8 LMS GT3 Evo II"),
    ("BMW", "M4 GT3"),
    ("Lamborghini", "Huracán GT3 Evo 2"),
    ("Aston Martin", "Vantage AMR GT3"),
    ("McLaren", "720S GT3"),
)
# The classes each car is eligible for (the entry review checks them); GT3 cars race in the
# AsLMS "GT" class and the GTWC Asia "GT3" class.
CAR_CLASSES = {"07": "LMP2", "JS P320": "LMP3", "D08": "LMP3"}
GT3_CLASSES = "GT, GT3"

# team name, country, manager e-mail (or None)
TEAMS = (
    ("Absolute Racing", "CHN", "manager@paddock.test"),
    ("Craft-Bamboo Racing", "HKG", None),
    ("Team Sunrise Motorsport", "JPN", None),
    ("Graff Racing", "FRA", "manager2@paddock.test"),
    ("Algarve Pro Racing", "PRT", None),
    ("Kessel Racing", "CHE", None),
)


@dataclass(frozen=True)
class DemoEntry:
    series: str
    season: str
    number: str
    team: str
    class_code: str
    cup_code: str | None
    car: tuple[str, str]
    # (first name, last name, nationality, FIA category) nominated at the first event(s)
    crew: tuple[tuple[str, str, str, str], ...]


ENTRIES = (
    DemoEntry(
        "gtwc-asia",
        "2022",
        "6",
        "Absolute Racing",
        "GT3",
        "PRO-AM",
        ("Porsche", "911 GT3 R"),
        (("Kenji", "Arakawa", "JPN", "bronze"), ("Oliver", "Braddock", "GBR", "gold")),
    ),
    DemoEntry(
        "gtwc-asia",
        "2022",
        "77",
        "Craft-Bamboo Racing",
        "GT3",
        "SILVER",
        ("Mercedes-AMG", "GT3"),
        (("Marcus", "Leung", "HKG", "silver"), ("Daniel", "Kerr", "AUS", "silver")),
    ),
    DemoEntry(
        "gtwc-asia",
        "2022",
        "18",
        "Team Sunrise Motorsport",
        "GT3",
        "AM",
        ("Ferrari", "296 GT3"),
        (("Takuma", "Onishi", "JPN", "bronze"), ("Shinji", "Morimoto", "JPN", "bronze")),
    ),
    DemoEntry(
        "aslms",
        "2023",
        "8",
        "Graff Racing",
        "LMP3",
        None,
        ("Ligier", "JS P320"),
        (
            ("Eric", "Tournier", "FRA", "bronze"),
            ("Luis", "Sandoval", "MEX", "silver"),
            ("Theo", "Marchand", "FRA", "silver"),
        ),
    ),
    DemoEntry(
        "aslms",
        "2023",
        "25",
        "Algarve Pro Racing",
        "LMP2",
        "LMP2-AM",
        ("Oreca", "07"),
        (
            ("Rui", "Carvalho", "PRT", "bronze"),
            ("James", "Whitfield", "GBR", "silver"),
            ("Pieter", "Van Loon", "NLD", "gold"),
        ),
    ),
    DemoEntry(
        "aslms",
        "2023",
        "74",
        "Kessel Racing",
        "GT",
        None,
        ("Ferrari", "488 GT3 Evo"),
        (("Yuki", "Hosokawa", "JPN", "bronze"), ("Marco", "Bellandi", "ITA", "gold")),
    ),
)


def _car(maker: str, name: str) -> CarModel:
    manufacturer, _ = Manufacturer.objects.get_or_create(name=maker)
    classes = CAR_CLASSES.get(name, GT3_CLASSES)
    car, _ = CarModel.objects.get_or_create(manufacturer=manufacturer, name=name, defaults={"class_codes": classes})
    if not car.class_codes:
        car.class_codes = classes
        car.save(update_fields=["class_codes"])
    return car


def _teams() -> None:
    users = get_user_model().objects
    for name, country, manager in TEAMS:
        team, _ = Team.objects.update_or_create(name=name, defaults={"country": country})
        user = users.filter(email=manager).first() if manager else None
        if user is not None:
            team.managers.add(user)


def _entry(season: Season, demo: DemoEntry) -> None:
    entry = Entry.objects.filter(season=season, number=demo.number, status__in=ACTIVE_STATUSES).first()
    if entry is None:
        entry = Entry.objects.create(
            season=season,
            team=Team.objects.get(name=demo.team),
            number=demo.number,
            racing_class=RacingClass.objects.get(season=season, code=demo.class_code),
            cup=Cup.objects.get(season=season, code=demo.cup_code) if demo.cup_code else None,
            car_model=_car(*demo.car),
            status=EntryStatus.ACCEPTED,
        )
    # GTWC Asia crews are nominated for the first two events, AsLMS crews for the first.
    how_many = 2 if season.series.code == "gtwc-asia" else 1
    first_events = Event.objects.filter(season=season, cancelled=False).order_by("start_date")[:how_many]
    for first, last, nationality, category in demo.crew:
        driver, _ = Driver.objects.get_or_create(first_name=first, last_name=last, nationality=nationality)
        DriverCategory.objects.get_or_create(driver=driver, season=season, defaults={"category": category})
        for event in first_events:
            if not Nomination.objects.filter(event=event, driver=driver, removed_at__isnull=True).exists():
                Nomination.objects.create(entry=entry, event=event, driver=driver)


@transaction.atomic
def load() -> None:
    """Rules, cars, teams, entries and crews; safe to run again."""
    aslms = Season.objects.filter(series__code="aslms", name="2023").select_related("series").first()
    gtwca = Season.objects.filter(series__code="gtwc-asia", name="2022").select_related("series").first()
    for maker, name in CAR_MODELS:
        _car(maker, name)
    _teams()
    if aslms is not None:
        lineup_seed.seed_aslms_2023(aslms)
    if gtwca is not None:
        lineup_seed.seed_gtwc_asia_2022(gtwca)
    seasons = {("aslms", "2023"): aslms, ("gtwc-asia", "2022"): gtwca}
    for demo in ENTRIES:
        season = seasons[(demo.series, demo.season)]
        if season is not None:
            _entry(season, demo)
