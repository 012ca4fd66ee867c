"""Golden standings: the real Asian Le Mans Series 2023-24 in, the published figures out.

The five real Al Kamel race files and the six real qualifying files (the LMP2/LMP3 session and the
GT session of each weekend, separate files) go in through the services a steward uses (race:
upload preview, confirm, publish provisional, then series staff publish official; qualifying:
upload preview, confirm), scored with the season's real rules (DESIGN.md, ACO series):
25-18-15-12-10-8-6-4-2-1 per class, 0.5 for every other classified car, 1 pole point per class,
70 % of the class winner's distance; one qualifying session sets the poles of both races of a
weekend (2023-24).

The press figures are those of the teams' championship, which the Asian Le Mans Series scores
per car (team name + car number): "Crowdstrike Racing by APR (#4) leads with 73 points", "CD Sport
(#2) leads COOL Racing (#17) by 1 point", "Pure Rxcing (#91) leads Triple Eight JMR (#88) by 9".

GT poles come from the GT session files (tests.scenarios.ASLMS_GT_POLES: #42 at Sepang, #7 at Dubai
and Abu Dhabi); neither #91 nor #88 took one, so the published 9-point GT gap (58 - 49 after
round 4) is race points only, and #91 stays champion.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction

from championships.models import PointsRules, QualifyingSets, Season
from results.classifications.models import ClassificationStatus
from results.classifications.qualifying_models import RacePole
from results.classifications.services import (
    classification_publish,
    classification_upload_preview,
)
from results.classifications.services.qualifying import qualifying_upload_confirm, qualifying_upload_preview
from results.standings.models import SeasonStandingsState, StandingCompetitor, StandingRow
from results.standings.services import recalculate_season
from tests import factories
from tests.helpers import absent_withdrawn, confirm
from tests.scenarios import (
    ASLMS_POLES,
    ASLMS_WEEKENDS,
    GT_QUALIFYING_FILES,
    QUALIFYING_FILES,
    RACE_FILES,
    Aslms,
    build_aslms,
)

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Golden:
    season: Season
    aslms: Aslms
    outcome: str  # of the recalculation the imports asked for


def _publish_races(aslms: Aslms, steward: Any, staff: Any) -> None:
    for round_number, path in sorted(RACE_FILES.items()):
        checked = classification_upload_preview(
            race=aslms.races[round_number], user=steward, filename=path.name, data=path.read_bytes()
        )
        version = confirm(checked, steward, choices=absent_withdrawn(checked))
        classification_publish(version=version, user=steward, status=ClassificationStatus.PROVISIONAL)
        classification_publish(
            version=version, user=staff, status=ClassificationStatus.OFFICIAL, reason="Official classification"
        )


def _upload_qualifying(aslms: Aslms, steward: Any) -> None:
    """Both sessions of every weekend, one file each (GT first at Sepang, as the timing ran them)."""
    for weekend in sorted(ASLMS_WEEKENDS):
        first_round = ASLMS_WEEKENDS[weekend][3][0]
        for path in (GT_QUALIFYING_FILES[weekend], QUALIFYING_FILES[weekend]):
            checked = qualifying_upload_preview(
                event=aslms.races[first_round].event, user=steward, filename=path.name, data=path.read_bytes()
            )
            qualifying_upload_confirm(upload_id=checked.upload.pk, sha256=checked.upload.sha256, user=steward)


def _build() -> Golden:
    aco = factories.OrganisationFactory(code="aco", name="ACO")
    series = factories.SeriesFactory(code="aslms", name="Asian Le Mans Series", governing_bodies=[aco])
    steward = factories.UserFactory(steward=True, organisation=aco, username="aslms_steward")
    staff = factories.UserFactory(series_staff=True, organisation=aco, username="aslms_staff")
    aslms = build_aslms(series)
    PointsRules.objects.create(
        season=aslms.season,
        scale="25 18 15 12 10 8 6 4 2 1",
        beyond_scale=Decimal("0.5"),
        pole=Decimal(1),
        classification_min_share=Decimal("0.70"),
        qualifying_sets=QualifyingSets.ALL_RACES_OF_EVENT,
    )
    _publish_races(aslms, steward, staff)
    _upload_qualifying(aslms, steward)
    # Why no force: the uploads must have marked the season dirty (the triggers of the web pages).
    assert SeasonStandingsState.objects.get(season=aslms.season).pending
    return Golden(season=aslms.season, aslms=aslms, outcome=recalculate_season(aslms.season.id))


@pytest.fixture(scope="module")
def golden(django_db_setup: None, django_db_blocker: Any) -> Iterator[Golden]:
    """The season imported once for the module, in a transaction rolled back after it (as setUpTestData)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build()
        transaction.set_rollback(True)


def teams(golden: Golden, after_round: int, class_code: str) -> list[tuple[int, str, str, Decimal, str]]:
    rows = StandingRow.objects.filter(
        season=golden.season, after_round=after_round, class_code=class_code, championship="teams", cup_code=""
    ).order_by("position", "competitor_key")
    return [(row.position, row.number, row.competitor_name, row.points, row.title) for row in rows]


def driver_points(golden: Golden, after_round: int, number: str) -> set[Decimal]:
    rows = StandingRow.objects.filter(
        season=golden.season, after_round=after_round, championship="drivers", number=number
    )
    return {row.points for row in rows}


def test_it_computes_the_standings_the_uploads_asked_for(golden: Golden) -> None:
    assert golden.outcome == "computed"
    assert not SeasonStandingsState.objects.get(season=golden.season).pending


def test_it_sets_the_real_poles_of_every_class_for_both_races_of_a_weekend(golden: Golden) -> None:
    poles = {(p.race.round, p.class_code, p.number) for p in RacePole.objects.filter(race__season=golden.season)}
    assert poles == ASLMS_POLES  # LMP2 and LMP3 from one session, GT from the other


def test_it_has_crowdstrike_lead_lmp2_on_73_after_round_4(golden: Golden) -> None:
    leader, second, *_ = teams(golden, 4, "LMP2")
    assert leader == (1, "4", "Crowdstrike Racing by APR", Decimal(73), "contender")
    assert second[1] == "99" and second[3] < leader[3]
    # The crew raced every round together: the drivers' figure is the car's.
    assert driver_points(golden, 4, "4") == {Decimal(73)}


def test_it_has_cd_sport_lead_cool_racing_by_one_point_in_lmp3_after_round_4(golden: Golden) -> None:
    leader, second, *_ = teams(golden, 4, "LMP3")
    assert (leader[:3], second[:3]) == ((1, "2", "CD Sport"), (2, "17", "COOL Racing"))
    # #17's two pole points (Dubai, Abu Dhabi race 1) are in the gap: 86 - (83 + 2).
    assert leader[3] - second[3] == Decimal(1)
    assert (leader[3], second[3]) == (Decimal(86), Decimal(85))


def test_it_has_pure_rxcing_lead_triple_eight_by_nine_points_in_gt_after_round_4(golden: Golden) -> None:
    leader, second, *_ = teams(golden, 4, "GT")
    assert (leader[:3], second[:3]) == ((1, "91", "Pure Rxcing"), (2, "88", "Triple Eight JMR"))
    assert leader[3] - second[3] == Decimal(9)


@pytest.mark.parametrize(
    ("class_code", "number", "team"),
    [("LMP2", "4", "Crowdstrike Racing by APR"), ("LMP3", "17", "COOL Racing"), ("GT", "91", "Pure Rxcing")],
)
def test_it_crowns_the_real_champions_after_round_5(golden: Golden, class_code: str, number: str, team: str) -> None:
    table = teams(golden, 5, class_code)
    assert table[0][:3] == (1, number, team)
    assert table[0][4] == "champion"
    assert {row[4] for row in table[1:]} == {"out"}


def test_it_keeps_every_title_open_after_round_4_for_the_leaders(golden: Golden) -> None:
    for class_code in ("LMP2", "LMP3", "GT"):
        assert teams(golden, 4, class_code)[0][4] == "contender"


def test_it_scores_the_gt_pole_points_of_the_gt_session_files(golden: Golden) -> None:
    """#42 took pole at Sepang (both races), #7 at Dubai and at Abu Dhabi (both races); the champion
    #91 and #88 took none, so the published figures (gap after R4, champion) hold unchanged."""
    poles = {
        (race["round"], race["number"])
        for competitor in StandingCompetitor.objects.filter(
            season=golden.season, championship="teams", class_code="GT", cup_code=""
        )
        for race in competitor.races
        if Decimal(race["pole_points"])
    }
    assert poles == {(1, "42"), (2, "42"), (3, "7"), (4, "7"), (5, "7")}
    final = {row[1]: row[3] for row in teams(golden, 5, "GT")}
    # Computed from the files (the press gave only the gap after R4 and the champion).
    assert (final["91"], final["88"], final["42"], final["7"]) == (Decimal(76), Decimal(74), Decimal(58), Decimal(51))
