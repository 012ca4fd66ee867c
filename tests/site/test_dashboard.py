"""The staff dashboard on the admin index: what waits for the user's series only, in fixed queries."""

from __future__ import annotations

from typing import Any

import pytest

from championships.audit import audit_record
from config.dashboard import dashboard_context
from results.standings.models import SeasonStandingsState
from tests import factories
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(world: Any) -> dict[str, Any]:
    """Work waiting in both series: an entry, uploads, standings trouble, audit records."""
    made: dict[str, Any] = {}
    for code, season in (("aco", world.aco_season), ("sro", world.sro_season)):
        team = factories.TeamFactory(name=f"{code.upper()} Racing")
        made[f"{code}_entry"] = factories.EntryFactory(season=season, team=team, number="7", status="submitted")
        factories.EntryFactory(season=season, number="8", status="accepted")
        event = factories.EventFactory(season=season, name=f"{code.upper()} Meeting")
        race1 = factories.RaceFactory(event=event, round=1)
        race2 = factories.RaceFactory(event=event, round=2)
        race3 = factories.RaceFactory(event=event, round=3)
        version = factories.ClassificationVersionFactory
        version(race=race1, version=1, status="draft")  # superseded by version 2: not waiting
        made[f"{code}_draft"] = version(race=race1, version=2, status="draft")
        made[f"{code}_provisional"] = version(race=race2, version=1, status="provisional")
        version(race=race3, version=1, status="official")
        audit_record(action=f"{code}.thing.changed", actor=None, series=season.series, reason=f"{code} reason")
    # Published versions above already marked both seasons dirty: set the states wanted here.
    SeasonStandingsState.objects.update_or_create(
        season=world.aco_season, defaults={"last_error": "ACO boom", "generation": 0, "computed_generation": 0}
    )
    SeasonStandingsState.objects.update_or_create(
        season=world.sro_season, defaults={"generation": 3, "computed_generation": 2}
    )
    made["clean"] = SeasonStandingsState.objects.create(
        season=factories.SeasonFactory(series=world.sro_series, name="2021"), generation=1, computed_generation=1
    )
    return made


def test_it_lists_only_the_users_series(world: Any, waiting: dict[str, Any], django_assert_num_queries: Any) -> None:
    # the user's series (official roles, then staff roles), entries, versions, standings states, awards, audit
    with django_assert_num_queries(7):
        board = dashboard_context(world.sro_staff)
    assert board is not None
    assert board.entries_submitted == [waiting["sro_entry"]]
    assert board.versions_draft == [waiting["sro_draft"]]
    assert board.versions_provisional == [waiting["sro_provisional"]]
    assert [s.season for s in board.standings_attention] == [world.sro_season]
    assert [a.action for a in board.audit] == ["sro.thing.changed"]


def test_it_shows_stewards_no_entries_to_review(world: Any, waiting: dict[str, Any]) -> None:
    # Stewards cannot accept entries, so the review list is for series staff only.
    board = dashboard_context(world.aco_steward)
    assert board is not None
    assert board.entries_submitted == []


def test_it_gives_nothing_to_users_without_a_role(world: Any, waiting: dict[str, Any]) -> None:
    assert dashboard_context(world.outsider) is None
    assert dashboard_context(world.team_manager) is None


def test_it_shows_the_dashboard_on_the_admin_index(
    world: Any, waiting: dict[str, Any], django_assert_num_queries: Any
) -> None:
    client = client_for(world.sro_staff)
    client.get("/admin/")  # warm the session
    # session, user, 6 for the dashboard, 2 permission tables, the staff-role series, admin log
    with django_assert_num_queries(12):
        response = client.get("/admin/")
    body = response.content.decode()
    assert response.status_code == 200
    board = body[body.index('id="dashboard"') : body.index('id="content-main"')]
    assert f'href="/admin/entries/entry/{waiting["sro_entry"].pk}/review/"' in board
    assert f'href="/admin/results/classificationversion/{waiting["sro_draft"].pk}/change/"' in board
    assert f'href="/steward/races/{waiting["sro_provisional"].race_id}/"' in board
    assert "recalculation pending" in board and "Thing changed" in board and "sro.thing.changed" not in board
    assert 'href="/admin/entries/entry/?status__exact=submitted"' in board
    # Nothing of the ACO series, which SRO does not govern.
    for text in ("ACO Racing", "ACO Meeting", "ACO boom", "aco.thing.changed", "European Le Mans"):
        assert text not in board
    assert f"/admin/entries/entry/{waiting['aco_entry'].pk}/" not in body
    # The stock admin index is still there under the dashboard.
    assert 'id="content-main"' in body


def test_it_keeps_the_query_count_with_more_work_waiting(
    world: Any, waiting: dict[str, Any], django_assert_num_queries: Any
) -> None:
    for number in range(20, 40):
        factories.EntryFactory(season=world.sro_season, number=str(number), status="submitted")
        audit_record(action="sro.more", actor=world.sro_staff, series=world.sro_series)
    client = client_for(world.sro_staff)
    client.get("/admin/")
    with django_assert_num_queries(12):
        body = client.get("/admin/").content.decode()
    assert body.count("/admin/championships/auditentry/") >= 15


def test_it_shows_aco_items_to_aco_staff(world: Any, waiting: dict[str, Any]) -> None:
    body = client_for(world.aco_staff).get("/admin/").content.decode()
    board = body[body.index('id="dashboard"') : body.index('id="content-main"')]
    assert "ACO Racing" in board and "ACO boom" in board and "SRO Racing" not in board


def test_it_shows_everything_to_a_superuser(world: Any, waiting: dict[str, Any]) -> None:
    root = factories.UserFactory(superuser=True, username="root")
    board = dashboard_context(root)
    assert board is not None
    assert {e.team.name for e in board.entries_submitted} == {"ACO Racing", "SRO Racing"}
    assert waiting["clean"] not in board.standings_attention
