"""Every factory_boy factory of the test suite, and the builders that add many rows with them.

People are built with UserFactory's persona traits (series_staff, steward, team_manager, outsider,
superuser); scenarios built from the real fixture files are in tests/scenarios.py.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from championships.models import (
    Circuit,
    Cup,
    Event,
    Membership,
    Organisation,
    Race,
    RacingClass,
    Role,
    Season,
    Series,
)
from entries.models import CarModel, Driver, DriverCategory, Entry, Manufacturer, Nomination, Team
from results.classifications.models import ClassificationVersion
from results.standings.models import ChampionshipAdjustment

PASSWORD = "correct-horse-battery-staple"


def _acting_for(user: Any) -> Organisation:
    if user.organisation is None:
        raise TypeError(f"UserFactory: a {user.role} persona needs organisation=, the organisation it acts for")
    return user.organisation


class UserFactory(factory.django.DjangoModelFactory[User]):
    """A user with a verified e-mail address and the password PASSWORD.

    Personas are traits; a role trait needs the organisation it acts for:

        UserFactory(series_staff=True, organisation=sro)   # is_staff, series staff of sro
        UserFactory(steward=True, organisation=aco)        # is_staff, steward of aco
        UserFactory(team_manager=True, organisation=sro)   # team manager of sro, not staff
        UserFactory(outsider=True)                         # signed in, no role
        UserFactory(superuser=True)                        # is_staff and is_superuser, no membership

    (or role=Role.X with organisation=, for a membership without the trait's is_staff).
    """

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    class Params:
        organisation: Organisation | None = None
        role: str | None = None
        series_staff = factory.Trait(is_staff=True, role=Role.SERIES_STAFF)
        steward = factory.Trait(is_staff=True, role=Role.STEWARD)
        team_manager = factory.Trait(is_staff=False, role=Role.TEAM_MANAGER)
        outsider = factory.Trait(is_staff=False, role=None)
        superuser = factory.Trait(is_staff=True, is_superuser=True)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")

    @factory.post_generation
    def password(obj: Any, create: bool, extracted: str | None, **kwargs: Any) -> None:
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save()
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)

    membership = factory.Maybe(
        "role",
        yes_declaration=factory.RelatedFactory(
            "tests.factories.MembershipFactory",
            factory_related_name="user",
            organisation=factory.LazyAttribute(lambda membership: _acting_for(membership.factory_parent)),
            role=factory.SelfAttribute("..role"),
        ),
    )


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"org{n}")
    name = factory.LazyAttribute(lambda o: o.code.upper())


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.SERIES_STAFF


class SeriesFactory(factory.django.DjangoModelFactory[Series]):
    class Meta:
        model = Series
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"series{n}")
    name = factory.LazyAttribute(lambda s: f"Series {s.code}")

    @factory.post_generation
    def governing_bodies(obj: Any, create: bool, extracted: list[Organisation] | None, **kwargs: Any) -> None:
        if create and extracted:
            obj.governing_bodies.set(extracted)


class SeasonFactory(factory.django.DjangoModelFactory[Season]):
    class Meta:
        model = Season

    series = factory.SubFactory(SeriesFactory)
    name = "2023"
    published = True  # a draft is asked for explicitly (published=False)


class RacingClassFactory(factory.django.DjangoModelFactory[RacingClass]):
    class Meta:
        model = RacingClass

    season = factory.SubFactory(SeasonFactory)
    code = factory.Sequence(lambda n: f"C{n}")


class CupFactory(factory.django.DjangoModelFactory[Cup]):
    class Meta:
        model = Cup

    season = factory.SubFactory(SeasonFactory)
    code = factory.Sequence(lambda n: f"CUP{n}")


class CircuitFactory(factory.django.DjangoModelFactory[Circuit]):
    class Meta:
        model = Circuit
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Circuit {n}")
    country = "Japan"
    time_zone = "Asia/Tokyo"


class EventFactory(factory.django.DjangoModelFactory[Event]):
    class Meta:
        model = Event

    season = factory.SubFactory(SeasonFactory)
    name = factory.Sequence(lambda n: f"Event {n}")
    circuit = factory.SubFactory(CircuitFactory)
    start_date = date(2023, 2, 10)
    end_date = date(2023, 2, 12)


class RaceFactory(factory.django.DjangoModelFactory[Race]):
    class Meta:
        model = Race

    event = factory.SubFactory(EventFactory)
    round = factory.Sequence(lambda n: n + 1)
    name = "Race"
    scheduled_duration_min = 240


# --- entries -----------------------------------------------------------------------------


class TeamFactory(factory.django.DjangoModelFactory[Team]):
    class Meta:
        model = Team
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Team {n}")
    country = "JPN"

    @factory.post_generation
    def managers(obj: Any, create: bool, extracted: list[Any] | None, **kwargs: Any) -> None:
        if create and extracted:
            obj.managers.set(extracted)


class DriverFactory(factory.django.DjangoModelFactory[Driver]):
    class Meta:
        model = Driver

    first_name = factory.Sequence(lambda n: f"Driver{n}")
    last_name = factory.Sequence(lambda n: f"Lastname{n}")
    nationality = "JPN"


class DriverCategoryFactory(factory.django.DjangoModelFactory[DriverCategory]):
    class Meta:
        model = DriverCategory

    driver = factory.SubFactory(DriverFactory)
    season = factory.SubFactory(SeasonFactory)
    category = "bronze"


class ManufacturerFactory(factory.django.DjangoModelFactory[Manufacturer]):
    class Meta:
        model = Manufacturer
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Maker {n}")


class CarModelFactory(factory.django.DjangoModelFactory[CarModel]):
    class Meta:
        model = CarModel
        django_get_or_create = ("manufacturer", "name")

    manufacturer = factory.SubFactory(ManufacturerFactory)
    name = factory.Sequence(lambda n: f"Model {n}")


class EntryFactory(factory.django.DjangoModelFactory[Entry]):
    class Meta:
        model = Entry

    season = factory.SubFactory(SeasonFactory)
    team = factory.SubFactory(TeamFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    racing_class = factory.SubFactory(RacingClassFactory, season=factory.SelfAttribute("..season"))
    car_model = factory.SubFactory(CarModelFactory)


class NominationFactory(factory.django.DjangoModelFactory[Nomination]):
    class Meta:
        model = Nomination

    entry = factory.SubFactory(EntryFactory)
    event = factory.SubFactory(EventFactory, season=factory.SelfAttribute("..entry.season"))
    driver = factory.SubFactory(DriverFactory)


# --- results -----------------------------------------------------------------------------


class ClassificationVersionFactory(factory.django.DjangoModelFactory[ClassificationVersion]):
    """A stored version written directly (no file parsed, no rows unless the test adds them)."""

    class Meta:
        model = ClassificationVersion

    race = factory.SubFactory(RaceFactory)
    version = 1
    status = "draft"
    filename = factory.LazyAttribute(lambda v: f"v{v.version}.csv")
    source = b""
    sha256 = "0" * 64
    file_format = "csv"
    encoding = "utf-8"


class ChampionshipAdjustmentFactory(factory.django.DjangoModelFactory[ChampionshipAdjustment]):
    """A points deduction for car 46's team in LMP2 (the key the standings use for a per-car team)."""

    class Meta:
        model = ChampionshipAdjustment

    season = factory.SubFactory(SeasonFactory)
    championship = "teams"
    class_code = "LMP2"
    competitor_key = "46"
    kind = "deduction"
    points = Decimal(5)
    reason = "Technical infringement"


# --- builders of many rows ---------------------------------------------------------------


def add_events(season: Season, count: int) -> None:
    """`count` more events of two one-hour races each, at Suzuka, after the season's existing ones."""
    circuit = CircuitFactory(name="Suzuka Circuit", country="Japan", time_zone="Asia/Tokyo")
    existing = season.events.count()
    for i in range(existing, existing + count):
        start = date(2022, 5, 20) + timedelta(days=14 * i)
        event = EventFactory(
            season=season, name=f"Suzuka {i + 1}", circuit=circuit, start_date=start, end_date=start + timedelta(days=2)
        )
        for n in (1, 2):
            round_ = Race.objects.filter(season=season).count() + 1
            RaceFactory(
                event=event,
                round=round_,
                name=f"Race {n}",
                race_date=start + timedelta(days=n),
                scheduled_duration_min=60,
            )


def add_entries(season: Season, count: int, status: str = "accepted") -> list[Entry]:
    """`count` entries of the season's first class, each with a Silver and a Bronze driver nominated."""
    racing_class = season.classes.order_by("order").first() or RacingClassFactory(season=season, code="GT3")
    event = season.events.order_by("start_date").first() or EventFactory(season=season)
    entries = []
    for _ in range(count):
        entry = EntryFactory(season=season, racing_class=racing_class, status=status)
        for category in ("silver", "bronze"):
            driver = DriverFactory(nationality="JPN")
            DriverCategoryFactory(driver=driver, season=season, category=category)
            NominationFactory(entry=entry, event=event, driver=driver)
        entries.append(Entry.objects.get(pk=entry.pk))
    return entries
