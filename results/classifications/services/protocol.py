"""The two phases every file of what happened on track goes through (DESIGN.md §5).

1. Preview: parse (pure), check against the race or event and its entry list, and keep the
   bytes with their fingerprint (SHA-256) as an unconfirmed upload; the steward sees what a
   confirm would write, nothing else is written.
2. Confirm, in one transaction: lock the unconfirmed upload, check who confirms and that the
   bytes are those previewed (the fingerprint the page sent back), check them again (entries
   may have changed since), write, audit.

Race classifications (services.uploads) and qualifying sessions (services.qualifying) go through
these steps; a lap-file upload plugs into the same ones.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone

from championships.scoping import can_steward

# An unconfirmed file older than this is abandoned: it keeps its bytes in the database for nothing.
PENDING_TTL = timedelta(days=1)

PREVIEW_GONE = (
    "This preview is no longer available (a newer file was previewed, or it waited over a day); upload the file again."
)


def fingerprint(data: bytes) -> str:
    """What the confirm must send back: the SHA-256 of the bytes previewed."""
    return hashlib.sha256(data).hexdigest()


def require_steward(user: Any, series_id: int) -> None:
    """Only the series' stewards and staff upload what happened on track."""
    if not can_steward(user, series_id):
        raise PermissionDenied


def discard_stale[M: models.Model](unconfirmed: QuerySet[M], *, mine: Q, created_field: str) -> int:
    """Delete the user's earlier previews (`mine`) and anyone's older than PENDING_TTL.

    Why: a new preview supersedes the user's earlier ones for the same race or event;
    confirming an older one afterwards would save a file the steward no longer looks at.
    """
    stale = mine | Q(**{f"{created_field}__lt": timezone.now() - PENDING_TTL})
    deleted, _ = unconfirmed.filter(stale).delete()
    return deleted


def locked_preview[M: models.Model](queryset: QuerySet[M], pk: int) -> M:
    """The unconfirmed upload, locked for the confirm; gone (a newer preview, the clean-up): refused."""
    # Why of=self: the related rows are read along (select_related) but only the upload is locked;
    # PostgreSQL refuses FOR UPDATE on the nullable side of an outer join (a lap file's race).
    preview = queryset.select_for_update(of=("self",)).filter(pk=pk).first()
    if preview is None:
        raise ValidationError(PREVIEW_GONE)
    return preview


def check_confirm(
    *,
    user: Any,
    series_id: int,
    uploaded_by_id: int | None,
    confirmed: bool,
    stored_sha256: str,
    sent_sha256: str,
    data: bytes,
    what: str = "upload",
) -> None:
    """The confirm is the previewing steward's, once, for exactly the bytes previewed."""
    if not can_steward(user, series_id) or uploaded_by_id != user.pk:
        raise PermissionDenied
    if confirmed:
        raise ValidationError(f"This {what} has already been confirmed.")
    if sent_sha256 != stored_sha256 or fingerprint(data) != stored_sha256:
        raise ValidationError("The file confirmed is not the file previewed; upload it again.")


def locked_event_upload[M: models.Model](queryset: QuerySet[M], pk: int, *, user: Any, sha256: str, what: str) -> M:
    """An event's unconfirmed upload (qualifying session, lap file), locked and checked for its confirm.

    The upload carries `event` (with its season selected), `source`, `sha256`, `uploaded_by_id`
    and `confirmed_at`, as QualifyingUpload and LapUpload do.
    """
    upload: Any = locked_preview(queryset, pk)
    check_confirm(
        user=user,
        series_id=upload.event.season.series_id,
        uploaded_by_id=upload.uploaded_by_id,
        confirmed=upload.confirmed_at is not None,
        stored_sha256=upload.sha256,
        sent_sha256=sha256,
        data=bytes(upload.source),
        what=what,
    )
    return upload
