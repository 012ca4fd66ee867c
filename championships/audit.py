"""The audit log: every change to entries, results, decisions and rules leaves a record.

Action codes are namespaced, e.g. "entries.entry.submitted", "results.classification.uploaded".
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from championships.models import AuditEntry, Series


def _jsonable(data: dict[str, Any] | None) -> dict[str, Any]:
    import json

    return json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))


def audit_record(
    *,
    action: str,
    actor: User | AnonymousUser | None,
    obj: models.Model | None = None,
    series: Series | int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEntry:
    """Write one audit record; call it inside the transaction of the change it describes."""
    series_id = series.pk if isinstance(series, Series) else series
    return AuditEntry.objects.create(
        action=action,
        actor=actor if isinstance(actor, User) else None,
        series_id=series_id,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        before=_jsonable(before),
        after=_jsonable(after),
        reason=reason,
    )


def model_snapshot(obj: models.Model, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """The row's own fields as plain data for before/after (related rows by their name)."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.name in exclude:
            continue
        value = getattr(obj, field.name)
        data[field.name] = str(value) if field.is_relation and value is not None else value
    return _jsonable(data)


def audit_saved(
    *,
    namespace: str,
    actor: User | AnonymousUser | None,
    obj: models.Model,
    before: dict[str, Any] | None,
    series: Series | int | None,
    exclude: tuple[str, ...] = (),
) -> AuditEntry | None:
    """Audit a row just saved: "<namespace>.created" (before is None) or "<namespace>.updated"
    with only the fields that changed; nothing when nothing changed."""
    # Why read back: the database's form of a value (Decimal("1.00"), not the "1" typed in a
    # form) is what `before` was read as, so only real changes differ.
    after = model_snapshot(type(obj)._default_manager.get(pk=obj.pk), exclude)
    if before is None:
        return audit_record(action=f"{namespace}.created", actor=actor, obj=obj, series=series, after=after)
    changed = [name for name in after if before.get(name) != after[name]]
    if not changed:
        return None
    return audit_record(
        action=f"{namespace}.updated",
        actor=actor,
        obj=obj,
        series=series,
        before={name: before.get(name) for name in changed},
        after={name: after[name] for name in changed},
    )
