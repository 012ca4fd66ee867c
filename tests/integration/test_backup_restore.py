"""Backups you can restore (issue 19, item 6): the README's commands, run for real.

A season with an official classification, decisions (one withdrawn) and its audit log is dumped
with `pg_dump -Fc`, restored with `pg_restore` into a fresh database, and the restored standings,
classification rows, decisions and audit trail are identical to the originals.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from championships.models import Race
from entries.models import Entry
from results.classifications.models import PenaltyKind
from results.classifications.services.decisions import Penalty, decision_record, decision_withdraw
from results.standings.services import recalculate_season
from tests.integration.conftest import _test_database_url
from tests.scenarios import import_elms_2014

pytestmark = pytest.mark.integration

# What must come back identical, each as ordered rows (every column).
TABLES = {
    "standings": "SELECT * FROM results_standingrow ORDER BY id",
    "standing competitors": "SELECT * FROM results_standingcompetitor ORDER BY id",
    "classification rows": "SELECT * FROM results_resultrow ORDER BY id",
    "classification versions": "SELECT * FROM results_classificationversion ORDER BY id",
    "decisions": "SELECT * FROM results_decision ORDER BY id",
    "audit trail": "SELECT * FROM championships_auditentry ORDER BY id",
    "standings state": "SELECT * FROM results_seasonstandingsstate ORDER BY id",
}


@pytest.fixture
def fresh_database() -> Iterator[str]:
    """An empty database next to the test database; dropped afterwards."""
    source = _test_database_url()
    name = source.rsplit("/", 1)[1] + "_restored"
    admin = source.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield source.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _rows(url: str) -> dict[str, list[tuple[object, ...]]]:
    with psycopg.connect(url) as conn:
        return {what: conn.execute(sql).fetchall() for what, sql in TABLES.items()}  # type: ignore[arg-type]


def test_it_restores_a_season_with_identical_standings_classifications_and_audit_trail(
    transactional_db: None, fresh_database: str
) -> None:
    assert connection.vendor == "postgresql"
    season = import_elms_2014()
    steward = get_user_model().objects.get(username="root")
    race = Race.objects.get(season=season)
    decision_record(
        race=race,
        user=steward,
        number="7",
        entry=Entry.objects.get(season=season, number="34"),
        penalty=Penalty(kind=PenaltyKind.TIME, offence="Speeding in the pit lane", time_added_ms=30_000),
    )
    withdrawn = decision_record(
        race=race,
        user=steward,
        number="8",
        entry=Entry.objects.get(season=season, number="43"),
        penalty=Penalty(kind=PenaltyKind.TIME, offence="Track limits", time_added_ms=10_000),
    )
    decision_withdraw(decision=withdrawn, user=steward, reason="Video showed no gain")
    recalculate_season(season.id)  # no worker in this test: the standings are computed here
    original = _rows(_test_database_url())
    assert all(original.values()), {what: len(rows) for what, rows in original.items()}

    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "paddock.dump"
        # The README's commands (Backups): a custom-format dump, restored without owners.
        subprocess.run(["pg_dump", "-Fc", "--no-owner", "-f", str(dump), _test_database_url()], check=True)  # noqa: S603, S607
        subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", "-d", fresh_database, str(dump)], check=True)  # noqa: S603, S607

    assert _rows(fresh_database) == original
