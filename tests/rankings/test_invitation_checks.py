"""Invitations: only from official results of the rounds the rule names, confirmed, flagged when stale."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from bench.synthetic import SyntheticSeason
from championships.models import AuditEntry, Organisation
from config.dashboard import dashboard_context
from results.classifications.models import ClassificationVersion
from results.rankings.models import InvitationAward, InvitationRule
from results.rankings.services import invitations_award
from results.standings.services import mark_season_dirty, recalculate_season
from tests import factories
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def season(synthetic: SyntheticSeason) -> Any:
    org = Organisation.objects.create(code="synth-org", name="Synthetic body")
    synthetic.season.series.governing_bodies.add(org)
    recalculate_season(synthetic.season.id, force=True)
    return synthetic.season


@pytest.fixture
def staff(season: Any) -> Any:
    org = season.series.governing_bodies.get()
    return factories.UserFactory(series_staff=True, organisation=org, username="synth_staff")


def rule_for(season: Any, **kwargs: Any) -> InvitationRule:
    return InvitationRule.objects.create(season=season, label="C1 champion", class_code="C1", **kwargs)


def make_provisional(season: Any, *rounds: int) -> None:
    ClassificationVersion.objects.filter(race__season=season, race__round__in=rounds).update(status="provisional")


def test_it_refuses_an_award_before_every_round_is_official(season: Any, staff: Any) -> None:
    make_provisional(season, 4)
    rule = rule_for(season)
    with pytest.raises(ValidationError, match=r"not every round it names is official yet: R4 \(provisional\)"):
        invitations_award(rule, staff)
    assert InvitationAward.objects.count() == 0


def test_it_awards_early_only_with_an_audited_override(season: Any, staff: Any) -> None:
    make_provisional(season, 4)
    awards = invitations_award(rule_for(season), staff, override_reason="ACO deadline before the appeal hearing")
    assert len(awards) == 1 and awards[0].override_reason == "ACO deadline before the appeal hearing"
    audit = AuditEntry.objects.get(action="results.invitation.awarded")
    assert audit.reason == "ACO deadline before the appeal hearing"
    assert audit.after["override"] == {"not_official": ["R4 (provisional)"]}


def test_it_awards_from_the_rounds_the_rule_names(season: Any, staff: Any) -> None:
    make_provisional(season, 3, 4)  # later rounds do not matter to a rule decided after round 2
    awards = invitations_award(rule_for(season, decided_after_round=2), staff)
    assert awards[0].override_reason == ""
    from results.standings.models import StandingRow

    leader = StandingRow.objects.get(
        season=season, championship="teams", class_code="C1", cup_code="", after_round=2, position=1
    )
    assert awards[0].competitor_name == leader.competitor_name and awards[0].points == leader.points


def test_it_refuses_while_the_standings_are_recalculating(season: Any, staff: Any) -> None:
    mark_season_dirty(season.id, "test")
    with pytest.raises(ValidationError, match="being recalculated"):
        invitations_award(rule_for(season), staff, override_reason="even so")


def test_it_flags_an_award_made_stale_by_a_later_change(season: Any, staff: Any) -> None:
    rule = rule_for(season)
    invitations_award(rule, staff)
    board = dashboard_context(staff)
    assert board is not None and board.invitations_stale == []
    mark_season_dirty(season.id, "a decision after the award")
    board = dashboard_context(staff)
    assert board is not None and [s.rule for s in board.invitations_stale] == [rule]
    body = client_for(staff).get("/admin/").content.decode()
    section = body[body.index('id="dash-invitations"') : body.index('id="dash-audit"')]
    assert "C1 champion" in section and "standings changed since the award" in section
    # Other series' staff do not see it.
    elsewhere = Organisation.objects.create(code="elsewhere", name="Elsewhere")
    factories.SeriesFactory(code="elsewhere-series").governing_bodies.add(elsewhere)
    other = dashboard_context(factories.UserFactory(series_staff=True, organisation=elsewhere, username="other_staff"))
    assert other is not None and other.invitations_stale == []


def post_action(client: Any, rule: InvitationRule, **extra: str) -> Any:
    data = {"action": "award_invitations", "_selected_action": [str(rule.pk)], **extra}
    return client.post("/admin/results/invitationrule/", data)


def test_it_asks_for_confirmation_in_the_admin_before_awarding(season: Any, staff: Any) -> None:
    rule = rule_for(season)
    client = client_for(staff)
    page = post_action(client, rule)
    body = page.content.decode()
    assert page.status_code == 200 and "You are about to award these Le Mans invitations" in body
    assert "All of them are official." in body and "R1, R2, R3, R4" in body
    assert InvitationAward.objects.count() == 0
    checked = re.search(r'name="checked" value="([0-9a-f]+)"', body).group(1)
    response = post_action(client, rule, confirm="yes", checked=checked)
    assert response.status_code == 302
    assert InvitationAward.objects.filter(rule=rule).count() == 1


def test_it_shows_the_override_field_when_a_round_is_not_official(season: Any, staff: Any) -> None:
    make_provisional(season, 2)
    rule = rule_for(season)
    client = client_for(staff)
    body = post_action(client, rule).content.decode()
    assert "Not official yet: R2 (provisional)" in body and 'name="override_reason"' in body
    checked = re.search(r'name="checked" value="([0-9a-f]+)"', body).group(1)
    post_action(client, rule, confirm="yes", checked=checked)  # no reason: refused
    assert InvitationAward.objects.count() == 0
    post_action(client, rule, confirm="yes", checked=checked, override_reason="Appeal withdrawn, bulletin 12")
    assert InvitationAward.objects.get().override_reason == "Appeal withdrawn, bulletin 12"


def test_it_tells_the_public_which_rounds_are_provisional_and_which_awards_were_early(season: Any, staff: Any) -> None:
    make_provisional(season, 4)
    invitations_award(rule_for(season), staff, override_reason="Deadline")
    body = client_for(None).get("/seasons/synth/2023/invitations/").content.decode()
    assert "include provisional results of\n  round 4;" in body
    assert "awarded before every round was official" in body
