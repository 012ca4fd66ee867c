"""Standings admin screens, from outside: SRO staff never see or change ACO standings data."""

from __future__ import annotations

from typing import Any

import pytest

from championships.models import Organisation, PointsRules
from results.classifications.qualifying_models import RacePole
from results.rankings.models import CombinedRanking, InvitationRule
from results.standings.models import ChampionshipAdjustment, SeasonStandingsState
from tests import factories
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def aco_data(world: Any) -> dict[str, Any]:
    season = world.aco_season
    factories.RacingClassFactory(season=season, code="LMP2")
    race = factories.RaceFactory(event=factories.EventFactory(season=season), round=1)
    return {
        "championshipadjustment": factories.ChampionshipAdjustmentFactory(season=season, reason="ACO secret reason"),
        "racepole": RacePole.objects.create(race=race, class_code="LMP2", number="46"),
        "invitationrule": InvitationRule.objects.create(season=season, label="ACO LMP2 champion", class_code="LMP2"),
        "seasonstandingsstate": SeasonStandingsState.objects.get_or_create(season=season)[0],
        "pointsrules": PointsRules.objects.create(season=season),
    }


APP = {"pointsrules": "championships"}


@pytest.mark.parametrize(
    "model", ["championshipadjustment", "racepole", "invitationrule", "seasonstandingsstate", "pointsrules"]
)
def test_sro_staff_neither_list_nor_open_aco_rows(world: Any, aco_data: dict[str, Any], model: str) -> None:
    client = client_for(world.sro_staff)
    base = f"/admin/{APP.get(model, 'results')}/{model}/"
    listing = client.get(base)
    assert listing.status_code == 200
    assert listing.context["cl"].result_count == 0
    # Django's admin answers an object outside the queryset by sending back to the index.
    detail = client.get(f"{base}{aco_data[model].pk}/change/")
    assert detail.status_code == 302
    delete = client.post(f"{base}{aco_data[model].pk}/delete/", {"post": "yes"})
    assert delete.status_code in (302, 403)  # 403 where nobody may delete (standings state)
    assert type(aco_data[model]).objects.filter(pk=aco_data[model].pk).exists()


def test_aco_staff_see_their_adjustment(world: Any, aco_data: dict[str, Any]) -> None:
    listing = client_for(world.aco_staff).get("/admin/results/championshipadjustment/")
    assert listing.context["cl"].result_count == 1


def test_sro_staff_cannot_add_an_adjustment_to_an_aco_season(world: Any, aco_data: dict[str, Any]) -> None:
    response = client_for(world.sro_staff).post(
        "/admin/results/championshipadjustment/add/",
        {
            "season": world.aco_season.pk,
            "championship": "teams",
            "class_code": "LMP2",
            "competitor_key": "46",
            "kind": "deduction",
            "points": "10",
            "after_round": "1",
            "reason": "not mine",
        },
    )
    assert response.status_code == 200  # the form is shown again with the error
    assert "season" in response.context["adminform"].form.errors
    assert ChampionshipAdjustment.objects.count() == 1


def test_the_admin_form_refuses_a_wrong_competitor_key(world: Any) -> None:
    factories.RacingClassFactory(season=world.aco_season, code="LMP2")
    response = client_for(world.aco_staff).post(
        "/admin/results/championshipadjustment/add/",
        {
            "season": world.aco_season.pk,
            "championship": "drivers",
            "class_code": "LMP2",
            "competitor_key": "Badey",
            "kind": "excluded",
            "points": "0",
            "after_round": "1",
            "reason": "typo",
        },
    )
    assert response.status_code == 200
    assert "competitor_key" in response.context["adminform"].form.errors
    assert not ChampionshipAdjustment.objects.exists()


def test_only_staff_of_the_governing_body_change_a_combined_ranking(world: Any) -> None:
    aco = Organisation.objects.get(code="aco")
    ranking = CombinedRanking.objects.create(code="gt3-asia", name="GT3 Asia combined", governing_body=aco)
    url = f"/admin/results/combinedranking/{ranking.pk}/change/"
    post = {
        "code": "gt3-asia",
        "name": "Renamed by SRO",
        "governing_body": aco.pk,
        "require_all": "on",
        "components-TOTAL_FORMS": "0",
        "components-INITIAL_FORMS": "0",
    }
    assert client_for(world.sro_staff).post(url, post).status_code == 403
    ranking.refresh_from_db()
    assert ranking.name == "GT3 Asia combined"


def ranking_post(governing_body: int, components: list[dict[str, Any]]) -> dict[str, Any]:
    post: dict[str, Any] = {
        "code": "gt3-asia",
        "name": "GT3 Asia combined",
        "governing_body": governing_body,
        "require_all": "on",
        "components-TOTAL_FORMS": str(len(components)),
        "components-INITIAL_FORMS": "0",
    }
    for i, component in enumerate(components):
        post.update({f"components-{i}-{key}": value for key, value in component.items()})
    return post


def test_staff_of_the_governing_body_combine_only_their_own_seasons(world: Any) -> None:
    sro = Organisation.objects.get(code="sro")
    factories.RacingClassFactory(season=world.sro_season, code="GT3")
    factories.RacingClassFactory(season=world.aco_season, code="GT3")
    ranking = CombinedRanking.objects.create(code="gt3-asia", name="GT3 Asia combined", governing_body=sro)
    url = f"/admin/results/combinedranking/{ranking.pk}/change/"
    client = client_for(world.sro_staff)

    refused = client.post(url, ranking_post(sro.pk, [{"season": world.aco_season.pk, "class_code": "GT3"}]))
    assert refused.status_code == 200 and not ranking.components.exists()

    handed_over = client.post(url, ranking_post(Organisation.objects.get(code="aco").pk, []))
    assert handed_over.status_code == 200
    assert "governing_body" in handed_over.context["adminform"].form.errors

    accepted = client.post(url, ranking_post(sro.pk, [{"season": world.sro_season.pk, "class_code": "GT3"}]))
    assert accepted.status_code == 302
    assert list(ranking.components.values_list("season_id", flat=True)) == [world.sro_season.pk]
