"""factory_boy factories shared by the test suite."""

from __future__ import annotations

from datetime import date
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

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")

    @factory.post_generation
    def password(obj: Any, create: bool, extracted: str | None, **kwargs: Any) -> None:
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save()
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


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

from entries.models import (  # noqa: E402
    CarModel,
    Driver,
    DriverCategory,
    Entry,
    Manufacturer,
    Nomination,
    Team,
)


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
