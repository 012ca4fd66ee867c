"""Import/export of line-ups: one row per driver nominated for an entry at an event.

Drivers must already exist (import them first with the driver resource): an unknown driver is a
row error naming it, and nothing of the file is saved.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from import_export import fields

from championships import scoping
from championships.models import Event, Season
from entries import selectors, services
from entries.models import ACTIVE_STATUSES, NUMBER_HOLDING_STATUSES, Entry, FiaCategory, Nomination
from entries.resources import ChoiceWidget, ScopedResource, SeasonWidget

COLUMNS = ("season", "number", "event", "first_name", "last_name", "nationality", "category")


class NominationResource(ScopedResource):
    """season, number, event, first_name, last_name, nationality, category (optional)."""

    season = fields.Field(column_name="season")
    number = fields.Field(column_name="number")
    event = fields.Field(column_name="event")
    first_name = fields.Field(column_name="first_name")
    last_name = fields.Field(column_name="last_name")
    nationality = fields.Field(column_name="nationality")
    category = fields.Field(column_name="category")

    class Meta:
        model = Nomination
        fields = COLUMNS
        import_id_fields: tuple[str, ...] = ()

    def get_queryset(self) -> QuerySet[Nomination]:
        current = Nomination.objects.filter(removed_at__isnull=True).select_related(
            "entry__season__series", "event", "driver"
        )
        if self.user is None:
            return current.none()
        return scoping.scope_queryset(current, self.user)

    def import_instance(self, instance: Nomination, row: Any, **kwargs: Any) -> None:
        errors: dict[str, ValidationError] = {}

        def value(column: str) -> str:
            return str(row.get(column) or "").strip()

        season: Season | None = None
        try:
            season = SeasonWidget(self).clean(row.get("season"))
        except ValueError as exc:
            errors["season"] = ValidationError(str(exc))
        category = None
        try:
            category = ChoiceWidget(FiaCategory.choices, "FIA category").clean(row.get("category"))
        except ValueError as exc:
            errors["category"] = ValidationError(str(exc))
        driver = selectors.driver_by_name(value("first_name"), value("last_name"), value("nationality").upper())
        if driver is None:
            name = f"{value('first_name')} {value('last_name')} ({value('nationality').upper()})"
            errors["last_name"] = ValidationError(
                f"Unknown driver '{name.strip()}': import or create the driver first."
            )
        if season is not None:
            alive = Entry.objects.filter(season=season, number=value("number"), status__in=ACTIVE_STATUSES)
            # Why: drafts only wish for a number (several may share it); the holder is the entry.
            entry = alive.filter(status__in=NUMBER_HOLDING_STATUSES).first()
            if entry is None and alive.count() == 1:
                entry = alive.get()
            if entry is None and alive.exists():
                errors["number"] = ValidationError(
                    f"Several draft entries wish for #{value('number')} in {season}: nominate on their entry pages."
                )
            elif entry is None:
                errors["number"] = ValidationError(f"No entry #{value('number')} in {season}.")
            event = Event.objects.filter(season=season, name__iexact=value("event")).first()
            if event is None:
                errors["event"] = ValidationError(f"Unknown event '{value('event')}' in {season}.")
            if not errors:
                instance.entry, instance.event = entry, event  # type: ignore[assignment]
        if errors:
            raise ValidationError(errors)
        instance.driver = driver  # type: ignore[assignment]
        instance._import_category = category  # type: ignore[attr-defined]

    def save_instance(self, instance: Nomination, is_create: bool, row: Any, **kwargs: Any) -> None:
        saved = services.nomination_add(
            actor=self.actor(),
            entry=instance.entry,
            event=instance.event,
            driver=instance.driver,
            category=getattr(instance, "_import_category", None),
        )
        instance.pk = saved.pk

    def dehydrate_season(self, nomination: Nomination) -> str:
        return nomination.entry.season.code

    def dehydrate_number(self, nomination: Nomination) -> str:
        return nomination.entry.number

    def dehydrate_event(self, nomination: Nomination) -> str:
        return nomination.event.name

    def dehydrate_first_name(self, nomination: Nomination) -> str:
        return nomination.driver.first_name

    def dehydrate_last_name(self, nomination: Nomination) -> str:
        return nomination.driver.last_name

    def dehydrate_nationality(self, nomination: Nomination) -> str:
        return nomination.driver.nationality

    def dehydrate_category(self, nomination: Nomination) -> str:
        found = nomination.driver.categories.filter(season=nomination.entry.season).first()
        return found.category if found else ""
