"""Copy a season (issue 20): staff build next year's season from an earlier one in one admin
action; the copy is a draft with the same classes, cups, rules and a calendar moved by the
offset they choose; entries and results stay behind. Driven by HTTP as series staff."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from championships.extra_championships import ExtraChampionship
from championships.models import AuditEntry, Season
from championships.rules import PointsRules
from entries.lineup_models import LineupRule
from entries.models import Entry
from results.rankings.models import InvitationRule
from tests import factories
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

SEASONS = "/admin/championships/season/"


def set_up_2024_25(series: Any) -> Season:
    """A 2024-25 season as staff set it up: two classes, a cup, rules, two events, an entry."""
    season = factories.SeasonFactory(series=series, name="2024-25")
    lmp2 = factories.RacingClassFactory(season=season, code="LMP2", name="LMP2", order=0)
    factories.RacingClassFactory(season=season, code="GT", name="GT", order=1)
    am = factories.CupFactory(season=season, code="AM", name="Am", racing_class=lmp2)
    sepang = factories.EventFactory(
        season=season, name="Sepang", start_date=date(2024, 12, 13), end_date=date(2024, 12, 15)
    )
    factories.RaceFactory(event=sepang, round=1, race_date=date(2024, 12, 14))
    second = factories.RaceFactory(event=sepang, round=2, race_date=date(2024, 12, 15))
    dubai = factories.EventFactory(season=season, name="Dubai", start_date=date(2025, 1, 31), end_date=date(2025, 2, 2))
    factories.RaceFactory(event=dubai, round=3, race_date=date(2025, 2, 1))
    PointsRules.objects.create(season=season, pole=1)
    PointsRules.objects.create(season=season, race=second, points_factor=Decimal(2))
    LineupRule.objects.create(season=season, racing_class=lmp2, cup=am, name="LMP2 Am", min_drivers=3)
    ExtraChampionship.objects.create(season=season, name="Gulf trophy", classes="GT", rounds="3")
    InvitationRule.objects.create(season=season, label="LMP2 champion", class_code="LMP2", positions=1)
    factories.EntryFactory(season=season, racing_class=lmp2, status="accepted")
    return season


@pytest.fixture
def last_year(world: Any) -> Season:
    return set_up_2024_25(world.sro_series)


def copy(client: Any, season: Season, **form: str) -> Any:
    data = {"action": "copy_season", "_selected_action": [str(season.pk)], "confirm": "yes", **form}
    return client.post(SEASONS, data)


def test_it_offers_the_next_name_and_a_same_weekday_offset(world: Any, last_year: Season) -> None:
    page = client_for(world.sro_staff).post(SEASONS, {"action": "copy_season", "_selected_action": [str(last_year.pk)]})
    body = page.content.decode()
    assert page.status_code == 200
    assert 'name="name" value="2025-26"' in body and 'name="offset_days" value="364"' in body


def test_it_copies_the_set_up_as_a_draft_with_the_calendar_moved(world: Any, last_year: Season) -> None:
    response = copy(client_for(world.sro_staff), last_year, name="2025-26", offset_days="364")

    new = Season.objects.get(series=world.sro_series, name="2025-26")
    assert response.status_code == 302 and response["Location"].endswith(f"/season/{new.pk}/change/")
    assert new.published is False
    assert [(c.code, c.order) for c in new.classes.all()] == [("LMP2", 0), ("GT", 1)]
    cup = new.cups.get()
    assert (cup.code, cup.racing_class.season) == ("AM", new)
    assert [(e.name, e.start_date, e.end_date) for e in new.events.order_by("start_date")] == [
        ("Sepang", date(2025, 12, 12), date(2025, 12, 14)),
        ("Dubai", date(2026, 1, 30), date(2026, 2, 1)),
    ]
    assert [(r.round, r.race_date, r.event.season_id) for r in new.races.order_by("round")] == [
        (1, date(2025, 12, 13), new.pk),
        (2, date(2025, 12, 14), new.pk),
        (3, date(2026, 1, 31), new.pk),
    ]
    override = new.points_rules.get(race__isnull=False)
    assert (override.race.round, override.race.season_id, override.points_factor) == (2, new.pk, Decimal(2))
    assert new.points_rules.get(race=None).pole == 1
    rule = LineupRule.objects.get(season=new)
    assert (rule.racing_class.season_id, rule.cup.season_id, rule.min_drivers) == (new.pk, new.pk, 3)
    assert new.extra_championships.get().name == "Gulf trophy"
    assert InvitationRule.objects.get(season=new).label == "LMP2 champion"
    # The past year's competitors stay with it.
    assert not Entry.objects.filter(season=new).exists()
    # Nothing of the old season moved.
    assert last_year.races.count() == 3 and last_year.classes.count() == 2
    audit = AuditEntry.objects.get(action="championships.season.copied")
    assert (audit.actor, audit.after["from"], audit.after["copied"]["races"]) == (
        world.sro_staff,
        str(last_year),
        3,
    )


def test_it_refuses_a_name_the_series_already_has_without_copying(world: Any, last_year: Season) -> None:
    response = copy(client_for(world.sro_staff), last_year, name="2022", offset_days="364")
    assert response.status_code == 200
    assert "already has a season 2022" in response.content.decode()
    assert Season.objects.filter(series=world.sro_series).count() == 2


def test_it_refuses_a_bad_offset_as_a_form_error(world: Any, last_year: Season) -> None:
    response = copy(client_for(world.sro_staff), last_year, name="2025-26", offset_days="a year")
    assert response.status_code == 200
    assert "a whole number of days, not &#x27;a year&#x27;" in response.content.decode()
    assert not Season.objects.filter(name="2025-26").exists()


def test_it_lets_no_other_organisation_copy_a_season(world: Any, last_year: Season) -> None:
    copy(client_for(world.aco_staff), last_year, name="2025-26", offset_days="364")
    assert not Season.objects.filter(name="2025-26").exists()
