"""Faults in server mode, simulated in-process: a broker that is down never fails a save,
pending seasons are re-sent, a dead run's claim expires, "recalculate now" is honest."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.utils import timezone

from bench.synthetic import build_season
from results.standings import services
from results.standings.models import SeasonStandingsState
from results.standings.services import (
    CLAIM_LEASE,
    mark_season_dirty,
    pending_season_ids,
    recalculate_season,
    recalculation_request,
    resend_pending_recalculations,
)
from results.standings.tasks import recalculate_season_standings
from tests import factories
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


class BrokerDown(ConnectionError):
    pass


@pytest.fixture
def server_mode(settings: Any) -> None:
    """Tasks are sent to a broker (here a mocked one), not run in-process."""
    settings.CELERY_TASK_ALWAYS_EAGER = False


def _pending_season() -> int:
    season = build_season(races=2, cars=4, code="fault").season
    recalculate_season(season.id)
    with mock.patch.object(recalculate_season_standings, "delay"):
        mark_season_dirty(season.id, reason="test")
    assert SeasonStandingsState.objects.get(season_id=season.id).pending
    return season.id


def test_it_answers_success_to_a_save_when_the_broker_is_down(
    server_mode: None, caplog: Any, django_capture_on_commit_callbacks: Any
) -> None:
    staff = factories.UserFactory(superuser=True)
    season = build_season(races=1, cars=3, code="down").season
    recalculate_season(season.id)  # clean: the admin save below is what makes it pending
    with (
        mock.patch.object(recalculate_season_standings, "delay", side_effect=BrokerDown("Connection refused")),
        caplog.at_level(logging.ERROR, logger="results.standings.services"),
        django_capture_on_commit_callbacks(execute=True),  # the send happens on commit
    ):
        response = client_for(staff).post(
            f"/admin/championships/pointsrules/{season.points_rules.get(race=None).pk}/change/",
            {**_rules_form(season), "pole": "2"},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert season.points_rules.get(race=None).pole == 2  # the save committed
    assert SeasonStandingsState.objects.get(season_id=season.id).pending  # and the season waits
    assert "could not send the recalculation" in caplog.text


def _rules_form(season: Any) -> dict[str, Any]:
    from django.forms.models import model_to_dict

    rules = season.points_rules.get(race=None)
    data = {k: v for k, v in model_to_dict(rules).items() if v is not None}
    return {k: ("on" if v is True else v) for k, v in data.items() if v is not False}


def test_it_resends_every_pending_season_and_skips_clean_ones(server_mode: None) -> None:
    pending = _pending_season()
    clean = build_season(races=1, cars=3, code="clean").season.id
    recalculate_season(clean)
    with mock.patch.object(recalculate_season_standings, "delay") as delay:
        assert resend_pending_recalculations() == [pending]
    delay.assert_called_once_with(pending)


def test_it_resends_when_the_broker_is_still_down_without_raising(server_mode: None, caplog: Any) -> None:
    pending = _pending_season()
    with mock.patch.object(recalculate_season_standings, "delay", side_effect=BrokerDown("refused")):
        assert resend_pending_recalculations() == [pending]
    assert "could not send the recalculation" in caplog.text


def test_it_lets_a_dead_runs_claim_expire() -> None:
    season_id = _pending_season()
    state = SeasonStandingsState.objects.filter(season_id=season_id)
    state.update(running_since=timezone.now())  # a live run holds it
    assert pending_season_ids() == []
    assert recalculate_season(season_id) == "busy"
    state.update(running_since=timezone.now() - CLAIM_LEASE - timedelta(seconds=1))  # its worker was killed
    assert pending_season_ids() == [season_id]
    assert recalculate_season(season_id) == "computed"
    assert not state.get().pending and state.get().running_since is None


def test_it_says_when_a_recalculation_is_already_running() -> None:
    season_id = _pending_season()
    SeasonStandingsState.objects.filter(season_id=season_id).update(running_since=timezone.now())
    with mock.patch.object(services, "schedule_recalculation"):
        assert recalculation_request(season_id, reason="test") == "running"
    SeasonStandingsState.objects.filter(season_id=season_id).update(running_since=None)
    with mock.patch.object(services, "schedule_recalculation"):
        assert recalculation_request(season_id, reason="test") == "requested"


def test_it_tells_staff_in_the_admin_that_a_run_is_in_progress() -> None:
    season_id = _pending_season()
    staff = factories.UserFactory(superuser=True)
    state = SeasonStandingsState.objects.get(season_id=season_id)
    SeasonStandingsState.objects.filter(pk=state.pk).update(running_since=timezone.now())
    with mock.patch.object(services, "schedule_recalculation"):
        response = client_for(staff).post(
            "/admin/results/seasonstandingsstate/",
            {"action": "recalculate_now", "_selected_action": [state.pk]},
            follow=True,
        )
    assert "a recalculation is already running; this one follows it" in response.content.decode()
