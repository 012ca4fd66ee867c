"""Two stewards confirming at the same time end with two ordered versions, never a mix.

Real threads need a database with row locks (PostgreSQL, server mode): SQLite's in-memory test
database refuses a second writer outright. The sequential case and the unique constraint are
tested in test_results_upload.py in every mode.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from results.classifications.models import ClassificationVersion, ResultRow
from results.classifications.services import classification_confirm, classification_upload_preview
from tests.classifications.builders import build_elms, silverstone_bytes

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_it_gives_two_concurrent_confirms_two_versions(world: Any) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("threads need row locks (PostgreSQL); SQLite's test database has none")
    elms = build_elms(world.aco_series)
    previews = [
        classification_upload_preview(race=elms.race, user=user, filename="r.csv", data=silverstone_bytes())
        for user in (world.aco_steward, world.aco_staff)
    ]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def confirm(preview: Any, user: Any) -> None:
        try:
            barrier.wait()
            classification_confirm(pending_id=preview.pending.pk, sha256=preview.pending.sha256, user=user)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=confirm, args=(p, u))
        for p, u in zip(previews, (world.aco_steward, world.aco_staff), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    versions = list(ClassificationVersion.objects.filter(race=elms.race).order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert [ResultRow.objects.filter(version=v).count() for v in versions] == [38, 38]
