"""Team managers hear about their season's results and decisions on their cars (issue 18 item 3)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from results.classifications import notifications
from tests import factories

pytestmark = pytest.mark.django_db


def test_it_tells_the_managers_of_accepted_entries_that_results_are_published(
    world: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.PADDOCK_PUBLIC_URL = "https://paddock.example.org"
    race = factories.RaceFactory(event=factories.EventFactory(season=world.aco_season))
    racing = factories.TeamFactory(name="Racing", managers=[world.team_manager])
    factories.EntryFactory(season=world.aco_season, team=racing, status="accepted")
    drafting = factories.TeamFactory(name="Drafting", managers=[world.outsider])
    factories.EntryFactory(season=world.aco_season, team=drafting, status="draft")
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify_results_published(race, "provisional")
    (sent,) = mail.outbox
    assert sent.to == [world.team_manager.email] and "provisional results published" in sent.subject
    assert f"https://paddock.example.org/races/{race.pk}/classification/" in sent.body
