"""Demo governance data from ../shared/DESIGN.md: organisations, two series and their calendars."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, time

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction

from championships.models import (
    Circuit,
    Cup,
    Event,
    ExtraChampionship,
    Membership,
    Organisation,
    PointsRules,
    Race,
    RacingClass,
    Role,
    Season,
    Series,
    TeamScoring,
)

ORGANISATIONS = {
    "aco": "Automobile Club de l'Ouest",
    "almem": "Asian Le Mans Endurance Management",
    "sro": "SRO Motorsports Group",
}

CIRCUITS = {
    "Dubai Autodrome": ("United Arab Emirates", "Asia/Dubai"),
    "Yas Marina Circuit": ("United Arab Emirates", "Asia/Dubai"),
    "Sepang International Circuit": ("Malaysia", "Asia/Kuala_Lumpur"),
    "Suzuka Circuit": ("Japan", "Asia/Tokyo"),
    "Fuji Speedway": ("Japan", "Asia/Tokyo"),
    "Sportsland Sugo": ("Japan", "Asia/Tokyo"),
    "Okayama International Circuit": ("Japan", "Asia/Tokyo"),
    "Pertamina Mandalika Circuit": ("Indonesia", "Asia/Makassar"),
}


@dataclass(frozen=True)
class DemoEvent:
    name: str
    circuit: str
    start: date
    end: date
    race_days: tuple[date, ...]
    duration_min: int
    cancelled: bool = False


ASLMS_2023 = (
    DemoEvent(
        "4 Hours of Dubai",
        "Dubai Autodrome",
        date(2023, 2, 11),
        date(2023, 2, 12),
        (date(2023, 2, 11), date(2023, 2, 12)),
        240,
    ),
    DemoEvent(
        "4 Hours of Abu Dhabi",
        "Yas Marina Circuit",
        date(2023, 2, 18),
        date(2023, 2, 19),
        (date(2023, 2, 18), date(2023, 2, 19)),
        240,
    ),
)

GTWCA_2022 = (
    DemoEvent(
        "Sepang",
        "Sepang International Circuit",
        date(2022, 5, 20),
        date(2022, 5, 22),
        (date(2022, 5, 21), date(2022, 5, 22)),
        60,
    ),
    DemoEvent(
        "Suzuka", "Suzuka Circuit", date(2022, 7, 15), date(2022, 7, 17), (date(2022, 7, 16), date(2022, 7, 17)), 60
    ),
    DemoEvent(
        "Fuji", "Fuji Speedway", date(2022, 7, 22), date(2022, 7, 24), (date(2022, 7, 23), date(2022, 7, 24)), 60
    ),
    DemoEvent(
        "Sugo", "Sportsland Sugo", date(2022, 8, 19), date(2022, 8, 21), (date(2022, 8, 20), date(2022, 8, 21)), 60
    ),
    DemoEvent(
        "Okayama",
        "Okayama International Circuit",
        date(2022, 9, 22),
        date(2022, 9, 25),
        (date(2022, 9, 24), date(2022, 9, 25)),
        60,
    ),
    DemoEvent(
        "Mandalika", "Pertamina Mandalika Circuit", date(2022, 10, 14), date(2022, 10, 16), (), 60, cancelled=True
    ),
)

DEMO_USERS = (
    # email, organisation, role (None = superuser)
    ("admin@paddock.test", None, None),
    ("sro.staff@paddock.test", "sro", Role.SERIES_STAFF),
    ("aco.staff@paddock.test", "aco", Role.SERIES_STAFF),
    ("aco.steward@paddock.test", "aco", Role.STEWARD),
    ("sro.steward@paddock.test", "sro", Role.STEWARD),
    ("manager@paddock.test", "sro", Role.TEAM_MANAGER),
    ("manager2@paddock.test", "aco", Role.TEAM_MANAGER),
)


def _calendar(season: Season, events: tuple[DemoEvent, ...]) -> None:
    round_no = 0
    for demo in events:
        circuit = Circuit.objects.get(name=demo.circuit)
        event, _ = Event.objects.update_or_create(
            season=season,
            name=demo.name,
            defaults={"circuit": circuit, "start_date": demo.start, "end_date": demo.end, "cancelled": demo.cancelled},
        )
        for index, day in enumerate(demo.race_days, start=1):
            round_no += 1
            Race.objects.update_or_create(
                season=season,
                round=round_no,
                defaults={
                    "event": event,
                    "name": f"Race {index}",
                    "race_date": day,
                    # Local circuit time, as the organisers publish it.
                    "start_time": time(13, 0) if index == 1 else time(10, 30),
                    "scheduled_duration_min": demo.duration_min,
                },
            )


def _season(
    series_code: str, name: str, bodies: list[str], season_name: str, classes: list[str], cups: list[str]
) -> Season:
    series, _ = Series.objects.update_or_create(code=series_code, defaults={"name": name})
    series.governing_bodies.set(Organisation.objects.filter(code__in=bodies))
    season, _ = Season.objects.get_or_create(series=series, name=season_name, defaults={"published": True})
    for order, code in enumerate(classes):
        RacingClass.objects.update_or_create(season=season, code=code, defaults={"order": order})
    for order, code in enumerate(cups):
        Cup.objects.update_or_create(season=season, code=code, defaults={"order": order, "name": code})
    return season


def load_governance() -> dict[str, Season]:
    """Organisations, circuits, series, seasons, classes, cups and calendars (idempotent)."""
    for code, name in ORGANISATIONS.items():
        Organisation.objects.update_or_create(code=code, defaults={"name": name})
    for name, (country, tz) in CIRCUITS.items():
        Circuit.objects.update_or_create(name=name, defaults={"country": country, "time_zone": tz})
    aslms = _season(
        "aslms", "Asian Le Mans Series", ["aco", "almem", "sro"], "2023", ["LMP2", "LMP3", "GT"], ["LMP2-AM"]
    )
    Cup.objects.filter(season=aslms, code="LMP2-AM").update(
        name="LMP2 Am", racing_class=RacingClass.objects.get(season=aslms, code="LMP2")
    )
    _calendar(aslms, ASLMS_2023)
    gtwca = _season(
        "gtwc-asia", "GT World Challenge Asia", ["sro"], "2022", ["GT3"], ["PRO-AM", "SILVER", "SILVER-AM", "AM"]
    )
    for code, label in (("PRO-AM", "Pro-Am"), ("SILVER", "Silver Cup"), ("SILVER-AM", "Silver-Am"), ("AM", "Am")):
        Cup.objects.filter(season=gtwca, code=code).update(
            name=label, racing_class=RacingClass.objects.get(season=gtwca, code="GT3")
        )
    _calendar(gtwca, GTWCA_2022)
    return {"aslms": aslms, "gtwca": gtwca}


def load_rules(seasons: dict[str, Season]) -> None:
    """Points rules of DESIGN.md: ACO for the Asian Le Mans Series, SRO for GTWC Asia."""
    PointsRules.objects.update_or_create(
        season=seasons["aslms"],
        race=None,
        defaults={
            "scale": "25 18 15 12 10 8 6 4 2 1",
            "beyond_scale": "0.5",
            "pole": 1,
            "classification_min_share": "0.70",
            "guests_score": False,
            "team_scoring": TeamScoring.PER_CAR,
        },
    )
    PointsRules.objects.update_or_create(
        season=seasons["gtwca"],
        race=None,
        defaults={
            "scale": "25 18 15 12 10 8 6 4 2 1",
            "beyond_scale": 0,
            "pole": 0,
            "classification_min_share": "0.75",
            "guests_score": False,
            "team_scoring": TeamScoring.BEST_N_CARS,
            "team_best_n": 2,
        },
    )


def load_championships(seasons: dict[str, Season]) -> None:
    """GT World Challenge Asia's Japan Cup: the GT3 drivers over the races held in Japan."""
    japanese = Race.objects.filter(season=seasons["gtwca"], event__circuit__country="Japan", event__cancelled=False)
    ExtraChampionship.objects.update_or_create(
        season=seasons["gtwca"],
        name="Japan Cup",
        defaults={
            "competitors": "drivers",
            "classes": "GT3",
            "rounds": " ".join(str(r) for r in japanese.order_by("round").values_list("round", flat=True)),
        },
    )


def load_users() -> list[tuple[str, str]]:
    """Demo users for each role; returns (email, password) only for users created now."""
    user_model = get_user_model()
    created: list[tuple[str, str]] = []
    for email, org_code, role in DEMO_USERS:
        user = user_model.objects.filter(email=email).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            user = user_model.objects.create_user(
                username=email.split("@")[0],
                email=email,
                password=password,
                is_staff=role in (Role.SERIES_STAFF, Role.STEWARD) or role is None,
                is_superuser=role is None,
            )
            created.append((email, password))
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        if org_code and role:
            Membership.objects.get_or_create(user=user, organisation=Organisation.objects.get(code=org_code), role=role)
    return created


@transaction.atomic
def load() -> list[tuple[str, str]]:
    seasons = load_governance()
    load_rules(seasons)
    load_championships(seasons)
    return load_users()
