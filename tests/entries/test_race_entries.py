"""The entries of a race, defined once (entries.selectors.race_entries) and used by the results."""

from __future__ import annotations

from typing import Any

import pytest

from entries.models import EntryKind, EntryStatus
from entries.selectors import accepted_entries, race_entries
from results.classifications.forms import DecisionForm
from results.classifications.services.derivation import entry_list
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def race_and_cars() -> tuple[Any, dict[str, Any]]:
    season = factories.SeasonFactory()
    here, elsewhere = factories.EventFactory(season=season), factories.EventFactory(season=season)
    race = factories.RaceFactory(event=here)
    cars = {
        "full": factories.EntryFactory(season=season, number="1", status=EntryStatus.ACCEPTED),
        "guest here": factories.EntryFactory(
            season=season, number="2", status=EntryStatus.ACCEPTED, kind=EntryKind.GUEST
        ),
        "guest elsewhere": factories.EntryFactory(
            season=season, number="3", status=EntryStatus.ACCEPTED, kind=EntryKind.GUEST
        ),
        "submitted": factories.EntryFactory(season=season, number="4", status=EntryStatus.SUBMITTED),
        "reserve": factories.EntryFactory(season=season, number="5", status=EntryStatus.RESERVE),
        "withdrawn": factories.EntryFactory(season=season, number="6", status=EntryStatus.WITHDRAWN),
        "other season": factories.EntryFactory(number="7", status=EntryStatus.ACCEPTED),
    }
    cars["guest here"].events.add(here, elsewhere)
    cars["guest elsewhere"].events.add(elsewhere)
    return race, cars


def test_it_lists_accepted_full_season_entries_and_the_guests_of_the_race_event(
    race_and_cars: tuple[Any, dict[str, Any]],
) -> None:
    race, cars = race_and_cars
    assert sorted(e.number for e in race_entries(race)) == ["1", "2"]
    assert sorted(e.number for e in accepted_entries(race.season_id)) == ["1", "2", "3"]


def test_it_gives_the_upload_check_and_the_decision_form_the_same_cars(
    race_and_cars: tuple[Any, dict[str, Any]],
) -> None:
    race, _ = race_and_cars
    listed = sorted(e.number for e in entry_list(race))
    offered = sorted(e.number for e in DecisionForm(race=race).fields["entry"].queryset)
    assert listed == offered == ["1", "2"]
