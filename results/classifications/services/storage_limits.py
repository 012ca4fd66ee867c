"""What the result columns can hold, for the parsers to check in the dry run (read from the models)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations

from entries.models import Driver
from results.classifications.models import ResultRow
from results.classifications.parsing import FieldLimits


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model.__name__}.{name} is not a column")
    return field


def _max_length(model: type[models.Model], name: str) -> int | None:
    return _field(model, name).max_length


def _max_value(model: type[models.Model], name: str) -> int:
    """The largest value the column holds on every backend (2147483647 for a PositiveIntegerField).

    Why the portable range, not the connection's: SQLite stores 64-bit integers in any integer
    column, and a file accepted on a development SQLite must be accepted by PostgreSQL too.
    """
    internal_type = _field(model, name).get_internal_type()
    _, high = BaseDatabaseOperations.integer_field_ranges[internal_type]
    return int(high)


def storage_limits() -> FieldLimits:
    """What ResultRow (and Driver) columns can hold, for the parsers to check in the dry run."""
    # Why from the models: a column widened in a migration widens the check with it, and a
    # value too long for its column is a row/column message in the preview, not a database error.
    return FieldLimits(
        max_int=min(_max_value(ResultRow, "laps"), _max_value(ResultRow, "position")),
        max_ms=min(_max_value(ResultRow, "total_time_ms"), _max_value(ResultRow, "best_lap_ms")),
        number=_max_length(ResultRow, "number"),
        class_code=_max_length(ResultRow, "class_code"),
        cup_code=_max_length(ResultRow, "cup_code"),
        team=_max_length(ResultRow, "team"),
        vehicle=_max_length(ResultRow, "vehicle"),
        driver=(_max_length(Driver, "first_name") or 0) + 1 + (_max_length(Driver, "last_name") or 0),
        gap_first=_max_length(ResultRow, "gap_first"),
    )
