"""True public claims: the title race on the public page counts every accepted entry, even one
that has not scored yet (issue 20: a leader shown "Champion" while an accepted rival that had
not started could still equal it on points and countback)."""

from __future__ import annotations

import pytest
from django.test import Client

from bench.synthetic import build_season
from championships.models import Cup
from entries.models import Entry
from results.classifications.models import ClassificationVersion, DerivedRow, ResultRow
from results.classifications.qualifying_models import RacePole
from results.standings.models import StandingRow
from results.standings.store import season_standings_write

pytestmark = pytest.mark.django_db


def two_car_season(cup: bool) -> str:
    """Four races, 25 18 15 ... and 1 for pole: #1 wins rounds 1 and 2 from pole, #2 (accepted)
    does not start; rounds 3 and 4 are still to run. Returns the public standings query."""
    built = build_season(races=4, cars=2, classes=1, code="pair")
    season = built.season
    query = "?championship=teams&class=C1&round=2"
    if cup:
        am = Cup.objects.create(season=season, code="AM", name="Am", racing_class=season.classes.get())
        Entry.objects.filter(season=season).update(cup=am)
        ResultRow.objects.filter(version__race__season=season).update(cup_code="AM")
        query += "&cup=AM"
    ClassificationVersion.objects.filter(race__season=season, race__round__gt=2).delete()
    RacePole.objects.filter(race__season=season, race__round__gt=2).delete()
    rows = DerivedRow.objects.filter(version__race__season=season)
    rows.filter(row__number="1").update(class_position=1, status="classified")
    rows.filter(row__number="2").update(class_position=None, status="dns")
    RacePole.objects.filter(race__season=season).update(number="1")
    season_standings_write(season.id)
    return query


@pytest.mark.parametrize("cup", [False, True], ids=["class", "Am cup (the demo case)"])
def test_it_never_calls_a_leader_champion_while_an_accepted_rival_without_points_can_still_tie(
    client: Client, cup: bool
) -> None:
    query = two_car_season(cup)

    body = client.get(f"/seasons/pair/2023/standings/{query}").content.decode()

    assert "2 races left, up to 52 points still on offer." in body
    assert 'class="badge title-champion"' not in body and "has clinched" not in body.lower()
    assert body.count('class="badge title-contender"') == 2  # #2 too: it can still win
    leader = StandingRow.objects.get(after_round=2, championship="teams", number="1", cup_code="AM" if cup else "")
    assert (leader.points, leader.title) == (52, "contender")
    # The rival winning both remaining races from pole equals 52 points and two wins: the
    # leader still has to score to be champion.
    assert leader.title_needs.startswith("Clinches the title at round 3 with ")
