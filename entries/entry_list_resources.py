"""Import/export of a season's entry list with its crews: one row per driver of a car.

Columns: season, team, number, class, cup, manufacturer, car_model, kind, status, first_name,
last_name, nationality, category, events. The rows of one car repeat its entry columns (they
must agree). `events`: event names separated by ';', empty for every event of the season.
`status`: accepted (default), reserve or submitted: what the car's last row leaves it as.
Every row is written through entries.entry_list (the entry services); one bad row, or a car
whose crew breaks the line-up rules, leaves nothing saved (errors name the row and column).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from import_export import fields

from championships import scoping
from championships.models import Cup, Event, RacingClass, Season
from entries import entry_list
from entries.models import EntryKind, EntryStatus, FiaCategory, Nomination
from entries.resources import ChoiceWidget, InSeasonWidget, ScopedResource, SeasonWidget

COLUMNS = (
    "season",
    "team",
    "number",
    "class",
    "cup",
    "manufacturer",
    "car_model",
    "kind",
    "status",
    "first_name",
    "last_name",
    "nationality",
    "category",
    "events",
)
# Resource field names, in column order ("class" is `racing_class`).
FIELDS = tuple("racing_class" if c == "class" else c for c in COLUMNS)
STATUS_CHOICES = [(s.value, s.label) for s in entry_list.FINAL_STATUSES]


def _text(row: Any, column: str) -> str:
    return str(row.get(column) or "").strip()


def _car_key(row: Any) -> tuple[str, str]:
    return (_text(row, "season").casefold(), _text(row, "number"))


class EntryListResource(ScopedResource):
    """A season's entry list with crews (one row per driver); see the module's docstring."""

    season = fields.Field(attribute="read_season", column_name="season")
    team = fields.Field(attribute="read_team", column_name="team")
    number = fields.Field(attribute="read_number", column_name="number")
    racing_class = fields.Field(attribute="read_racing_class", column_name="class")
    cup = fields.Field(attribute="read_cup", column_name="cup")
    manufacturer = fields.Field(attribute="read_manufacturer", column_name="manufacturer")
    car_model = fields.Field(attribute="read_car_model", column_name="car_model")
    kind = fields.Field(attribute="read_kind", column_name="kind")
    status = fields.Field(attribute="read_status", column_name="status")
    first_name = fields.Field(attribute="read_first_name", column_name="first_name")
    last_name = fields.Field(attribute="read_last_name", column_name="last_name")
    nationality = fields.Field(attribute="read_nationality", column_name="nationality")
    category = fields.Field(attribute="read_category", column_name="category")
    events = fields.Field(attribute="read_events", column_name="events")

    class Meta:
        model = Nomination
        fields = FIELDS
        import_id_fields: tuple[str, ...] = ()
        name = "Entry list with crews (one row per driver)"

    def get_queryset(self) -> QuerySet[Nomination]:
        current = Nomination.objects.filter(removed_at__isnull=True).select_related(
            "entry__season__series", "entry__team", "entry__racing_class", "entry__cup", "event", "driver"
        )
        current = current.select_related("entry__car_model__manufacturer")
        if self.user is None:
            return current.none()
        return scoping.scope_queryset(current, self.user).order_by("entry__season", "entry__number", "event", "pk")

    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        # Why: the car's last row submits and accepts it, once its whole crew is nominated.
        self._last_rows = {_car_key(row): number for number, row in enumerate(dataset.dict, start=1)}
        super().before_import(dataset, **kwargs)

    def _parse(self, row: Any) -> tuple[entry_list.CarRow, entry_list.DriverRow, list[Event], str]:
        errors: dict[str, list[str]] = {}

        def clean(column: str, widget: Any) -> Any:
            try:
                return widget.clean(row.get(column), row=row)
            except ValueError as exc:
                errors[column] = [str(exc)]
                return None

        season: Season | None = clean("season", SeasonWidget(self))
        racing_class = clean("class", InSeasonWidget(self, RacingClass, "class", required=True))
        cup = clean("cup", InSeasonWidget(self, Cup, "cup", required=False))
        kind = clean("kind", ChoiceWidget(EntryKind.choices, "kind", EntryKind.FULL_SEASON))
        status = clean("status", ChoiceWidget(STATUS_CHOICES, "status", EntryStatus.ACCEPTED))
        category = clean("category", ChoiceWidget(FiaCategory.choices, "FIA category"))
        for column in ("team", "number", "last_name"):
            if not _text(row, column):
                errors[column] = [f"Give the {column.replace('_', ' ')}."]
        events: list[Event] = []
        if season is not None:
            events = self._events(season, _text(row, "events"), errors)
        if errors:
            raise ValidationError(errors)
        assert season is not None and racing_class is not None
        car = entry_list.CarRow(
            season=season,
            team=_text(row, "team"),
            number=_text(row, "number"),
            racing_class=racing_class,
            cup=cup,
            manufacturer=_text(row, "manufacturer"),
            car_model=_text(row, "car_model"),
            kind=kind,
        )
        driver = entry_list.DriverRow(
            first_name=_text(row, "first_name"),
            last_name=_text(row, "last_name"),
            nationality=_text(row, "nationality"),
            category=category,
        )
        return car, driver, events, status

    def _events(self, season: Season, text: str, errors: dict[str, list[str]]) -> list[Event]:
        season_events = list(season.events.filter(cancelled=False).order_by("start_date"))
        if not season_events:
            errors["events"] = [f"{season} has no event to nominate the crew for: add its calendar first."]
            return []
        if not text or text.casefold() == "all":
            return season_events
        by_name = {event.name.casefold(): event for event in season_events}
        names = [name.strip() for name in text.split(";") if name.strip()]
        unknown = [name for name in names if name.casefold() not in by_name]
        if unknown:
            known = "; ".join(e.name for e in season_events) or "none"
            errors["events"] = [f"Unknown event {', '.join(repr(n) for n in unknown)} in {season} (events: {known})."]
        return [by_name[name.casefold()] for name in names if name.casefold() in by_name]

    def import_instance(self, instance: Nomination, row: Any, **kwargs: Any) -> None:
        # Why the row's text on the instance: the dry run's preview shows each row as read.
        for field in self.get_import_fields():
            setattr(instance, field.attribute, _text(row, field.column_name))
        instance._import_parsed = self._parse(row)  # type: ignore[attr-defined]

    def save_instance(self, instance: Nomination, is_create: bool, row: Any, **kwargs: Any) -> None:
        car, driver, events, status = instance._import_parsed  # type: ignore[attr-defined]
        first, *_ = entry_list.entry_list_row(actor=self.actor(), car=car, driver=driver, events=events)
        if self._last_rows.get(_car_key(row)) == kwargs.get("row_number"):
            entry_list.entry_list_car_done(actor=self.actor(), entry=first.entry, status=status)
        # The row's result (the admin's log, the import summary) is its first nomination.
        instance.pk, instance.entry, instance.event, instance.driver = first.pk, first.entry, first.event, first.driver

    def save_m2m(self, instance: Any, row: Any, **kwargs: Any) -> None:
        return None  # Why: everything is written by the services in save_instance

    # Export: the same columns, one row per current nomination.
    def dehydrate_season(self, n: Nomination) -> str:
        return n.entry.season.code

    def dehydrate_team(self, n: Nomination) -> str:
        return n.entry.team.name

    def dehydrate_number(self, n: Nomination) -> str:
        return n.entry.number

    def dehydrate_racing_class(self, n: Nomination) -> str:
        return n.entry.racing_class.code

    def dehydrate_cup(self, n: Nomination) -> str:
        return n.entry.cup.code if n.entry.cup else ""

    def dehydrate_manufacturer(self, n: Nomination) -> str:
        return n.entry.car_model.manufacturer.name if n.entry.car_model else ""

    def dehydrate_car_model(self, n: Nomination) -> str:
        return n.entry.car_model.name if n.entry.car_model else ""

    def dehydrate_kind(self, n: Nomination) -> str:
        return n.entry.kind

    def dehydrate_status(self, n: Nomination) -> str:
        return n.entry.status

    def dehydrate_first_name(self, n: Nomination) -> str:
        return n.driver.first_name

    def dehydrate_last_name(self, n: Nomination) -> str:
        return n.driver.last_name

    def dehydrate_nationality(self, n: Nomination) -> str:
        return n.driver.nationality

    def dehydrate_category(self, n: Nomination) -> str:
        found = n.driver.categories.filter(season=n.entry.season).first()
        return found.category if found else ""

    def dehydrate_events(self, n: Nomination) -> str:
        return n.event.name
