"""factory_boy factories shared by the test suite."""
from __future__ import annotations

from datetime import date
from typing import Any

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

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


class UserFactory(factory.django.DjangoModelFactory):
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


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"org{n}")
    name = factory.LazyAttribute(lambda o: o.code.upper())


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.SERIES_STAFF


class SeriesFactory(factory.django.DjangoModelFactory):
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


class SeasonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Season

    series = factory.SubFactory(SeriesFactory)
    name = "2023"


class RacingClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RacingClass

    season = factory.SubFactory(SeasonFactory)
    code = factory.Sequence(lambda n: f"C{n}")


class CupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cup

    season = factory.SubFactory(SeasonFactory)
    code = factory.Sequence(lambda n: f"CUP{n}")


class CircuitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Circuit
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Circuit {n}")
    country = "Japan"
    time_zone = "Asia/Tokyo"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    season = factory.SubFactory(SeasonFactory)
    name = factory.Sequence(lambda n: f"Event {n}")
    circuit = factory.SubFactory(CircuitFactory)
    start_date = date(2023, 2, 10)
    end_date = date(2023, 2, 12)


class RaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Race

    event = factory.SubFactory(EventFactory)
    round = factory.Sequence(lambda n: n + 1)
    name = "Race"
    scheduled_duration_min = 240
