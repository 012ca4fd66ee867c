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
