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
from tests.helpers import confirm, preview
from tests.scenarios import build_elms

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_it_gives_two_concurrent_confirms_two_versions(world: Any) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("threads need row locks (PostgreSQL); SQLite's test database has none")
    elms = build_elms(world.aco_series)
    previews = [preview(elms, user, filename="r.csv") for user in (world.aco_steward, world.aco_staff)]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def confirm_at_once(checked: Any, user: Any) -> None:
        try:
            barrier.wait()
            confirm(checked, user)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=confirm_at_once, args=(p, u))
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
