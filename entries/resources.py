"""django-import-export resources for entries and drivers, scoped to the importing user's series.

Rows name things the way staff write them (season code aslms-2023, class code, team name);
anything unknown or outside the user's series is a row error naming the column, and the
whole import is rolled back. Saving goes through entries.services (checks + audit).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from championships import scoping
from championships.models import Cup, RacingClass, Season
from championships.scoping import AnyUser
from championships.selectors import AmbiguousSeason, UnknownSeason, season_by_code
from entries import services
from entries.models import (
    ACTIVE_STATUSES,
    NUMBER_HOLDING_STATUSES,
    CarModel,
    Driver,
    Entry,
    EntryKind,
    FiaCategory,
    Team,
)


class SeasonWidget(widgets.Widget):
    """'aslms-2023' ↔ Season, among the seasons of the series the user is staff of."""

    def __init__(self, resource: ScopedResource) -> None:
        super().__init__()
        self.resource = resource

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Season | None:
        code = str(value or "").strip()
        if not code:
            raise ValueError("Give the season as <series>-<season>, e.g. aslms-2023.")
        season = self.resource.season(code)
        if season is None:
            # Why: the same message for unknown and not-yours: other series' seasons stay unseen.
            raise ValueError(f"Unknown season '{code}' (or not one of your series): use e.g. aslms-2023.")
        return season

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return value.code if value else ""


class SeasonCodeWidget(SeasonWidget):
    """Like SeasonWidget, but an empty value is allowed (optional column)."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Season | None:
        return super().clean(value, row, **kwargs) if str(value or "").strip() else None


class InSeasonWidget(widgets.Widget):
    """A class or cup code, looked up in the row's season."""

    def __init__(
        self,
        resource: ScopedResource,
        model: type[RacingClass] | type[Cup],
        label: str,
        required: bool,
    ) -> None:
        super().__init__()
        self.resource, self.model, self.label, self.required = resource, model, label, required

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        code = str(value or "").strip()
        if not code:
            if self.required:
                raise ValueError(f"Give the {self.label} code.")
            return None
        season = self.resource.season(str((row or {}).get("season") or ""))
        if season is None:
            raise ValueError(f"Cannot look up {self.label} '{code}' without a valid season.")
        found = self.model.objects.filter(season=season, code__iexact=code).first()
        if found is None:
            raise ValueError(f"Unknown {self.label} '{code}' in {season}.")
        return found

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return value.code if value else ""


class NamedWidget(widgets.Widget):
    """A team (by name) or car model ('Manufacturer Model'), matched case-insensitively."""

    def __init__(self, label: str, lookup: Any, required: bool) -> None:
        super().__init__()
        self.label, self.lookup, self.required = label, lookup, required

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        name = str(value or "").strip()
        if not name:
            if self.required:
                raise ValueError(f"Give the {self.label}.")
            return None
        found = self.lookup(name)
        if found is None:
            raise ValueError(f"Unknown {self.label} '{name}': it must exist in Paddock before the import.")
        return found

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return str(value) if value else ""


def team_by_name(name: str) -> Team | None:
    """A team by its name, case-insensitively."""
    return Team.objects.filter(name__iexact=name).first()


def car_model_by_name(name: str) -> CarModel | None:
    """A car model by 'Manufacturer Model', case-insensitively."""
    for car in CarModel.objects.select_related("manufacturer"):
        if str(car).lower() == name.lower():
            return car
    return None


class ChoiceWidget(widgets.Widget):
    """A choice given by value or label ('guest' or 'Event by event (guest)')."""

    def __init__(self, choices: Any, label: str, default: str | None = None) -> None:
        super().__init__()
        self.choices, self.label, self.default = list(choices), label, default

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str | None:
        text = str(value or "").strip().lower()
        if not text:
            return self.default
        for key, label in self.choices:
            if text in (key.lower(), str(label).lower()):
                return key
        raise ValueError(f"Unknown {self.label} '{value}': use {', '.join(k for k, _ in self.choices)}.")

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return value or ""


class ScopedResource(resources.ModelResource):
    """A resource that knows the importing user and the seasons they may write to."""

    def __init__(self, user: AnyUser | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.user = user
        self._seasons: dict[str, Season | None] = {}

    def season(self, code: str) -> Season | None:
        """The season of that code among the series the user is staff of (None: unknown or not theirs)."""
        key = code.strip().lower()
        if key not in self._seasons:
            qs = Season.objects.select_related("series")
            qs = scoping.scope_queryset(qs, self.user, scoping.STAFF_ROLES) if self.user else qs.none()
            try:
                self._seasons[key] = season_by_code(key, qs)
            except AmbiguousSeason as exc:
                raise ValueError(str(exc)) from exc
            except UnknownSeason:
                self._seasons[key] = None
        return self._seasons[key]

    def actor(self) -> AnyUser:
        """The importing user, whom the services check and audit; imports need one."""
        if self.user is None:
            raise ValidationError("An import needs a signed-in user.")
        return self.user

    def import_data(self, *args: Any, **kwargs: Any) -> Any:
        # Why: one bad row must leave nothing saved, not only rows with database errors.
        kwargs.setdefault("rollback_on_validation_errors", True)
        return super().import_data(*args, **kwargs)


class EntryResource(ScopedResource):
    """season, team, number, class, cup, car_model, kind (status exported only)."""

    season = fields.Field(attribute="season", column_name="season")
    team = fields.Field(
        attribute="team",
        column_name="team",
        widget=NamedWidget("team", team_by_name, required=True),
    )
    number = fields.Field(attribute="number", column_name="number")
    racing_class = fields.Field(attribute="racing_class", column_name="class")
    cup = fields.Field(attribute="cup", column_name="cup")
    car_model = fields.Field(
        attribute="car_model",
        column_name="car_model",
        widget=NamedWidget("car model", car_model_by_name, required=False),
    )
    kind = fields.Field(
        attribute="kind",
        column_name="kind",
        widget=ChoiceWidget(EntryKind.choices, "kind", EntryKind.FULL_SEASON),
    )
    status = fields.Field(attribute="status", column_name="status", readonly=True)

    class Meta:
        model = Entry
        fields = ("season", "team", "number", "racing_class", "cup", "car_model", "kind", "status")
        import_id_fields = ("season", "number")
        skip_unchanged = True

    def __init__(self, user: AnyUser | None = None, **kwargs: Any) -> None:
        super().__init__(user=user, **kwargs)
        self.fields["season"].widget = SeasonWidget(self)
        self.fields["racing_class"].widget = InSeasonWidget(self, RacingClass, "class", required=True)
        self.fields["cup"].widget = InSeasonWidget(self, Cup, "cup", required=False)

    def get_queryset(self) -> Any:
        # Only live entries hold a number; the rest of the season's history is never overwritten.
        live = Entry.objects.filter(status__in=ACTIVE_STATUSES).select_related("season__series", "team")
        if self.user is None:
            return live.none()
        return scoping.scope_queryset(live, self.user, scoping.STAFF_ROLES)

    def get_instance(self, instance_loader: Any, row: Any) -> Any:
        # Why not (season, number) alone: drafts only wish for a number, so several teams' drafts
        # may share one; a row is about its own team's entry, else about the entry holding the
        # number (refused in save_instance), else it is a new entry.
        try:
            season = self.fields["season"].clean(row)
        except ValueError:
            return None  # a bad season: reported on the row by the season column
        same_number = self.get_queryset().filter(season=season, number=self.fields["number"].clean(row))
        team = team_by_name(str(row.get("team") or "").strip())
        own = same_number.filter(team=team).first() if team is not None else None
        return own or same_number.filter(status__in=NUMBER_HOLDING_STATUSES).first()

    def save_instance(self, instance: Entry, is_create: bool, row: Any, **kwargs: Any) -> None:
        if is_create:
            fields = {f: getattr(instance, f) for f in services.CREATE_FIELDS}
            created = services.entry_create(actor=self.actor(), **fields)
            instance.pk, instance.status = created.pk, created.status
        else:
            holder = Entry.objects.select_related("team").get(pk=instance.pk)
            if holder.team_id != instance.team.pk:
                # Why: a row naming another team must not rewrite the entry holding that number.
                raise ValidationError(services.taken_message(instance.season, instance.number, holder))
            data = {f: getattr(instance, f) for f in ("racing_class", "cup", "car_model", "kind")}
            services.entry_update(actor=self.actor(), entry=instance, data=data)


class DriverResource(ScopedResource):
    """first_name, last_name, nationality; optional season + category (FIA category that season)."""

    season = fields.Field(column_name="season", attribute=None)
    category = fields.Field(column_name="category", attribute=None)

    class Meta:
        model = Driver
        fields = ("first_name", "last_name", "nationality", "season", "category")
        import_id_fields = ("first_name", "last_name", "nationality")
        skip_unchanged = False

    def __init__(self, user: AnyUser | None = None, **kwargs: Any) -> None:
        super().__init__(user=user, **kwargs)
        self.fields["season"].widget = SeasonCodeWidget(self)
        self.fields["category"].widget = ChoiceWidget(FiaCategory.choices, "FIA category")

    def import_instance(self, instance: Driver, row: Any, **kwargs: Any) -> None:
        super().import_instance(instance, row, **kwargs)
        errors = {}
        for name in ("season", "category"):
            if name in row:
                try:
                    setattr(instance, f"_import_{name}", self.fields[name].clean(row))
                except ValueError as exc:
                    errors[name] = ValidationError(str(exc))
        if bool(getattr(instance, "_import_season", None)) != bool(getattr(instance, "_import_category", None)):
            errors.setdefault(
                "category",
                ValidationError("Give both the season and the FIA category, or neither."),
            )
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance: Driver, is_create: bool, row: Any, **kwargs: Any) -> None:
        driver = services.driver_create(
            actor=self.actor(),
            first_name=instance.first_name,
            last_name=instance.last_name,
            nationality=instance.nationality,
        )
        instance.pk = driver.pk
        season = getattr(instance, "_import_season", None)
        if season is not None:
            category = str(getattr(instance, "_import_category", ""))
            services.driver_category_set(actor=self.actor(), driver=driver, season=season, category=category)

    def dehydrate_season(self, driver: Driver) -> str:
        return ""

    def dehydrate_category(self, driver: Driver) -> str:
        return ""
