"""Nothing goes public unchecked, decisions included: a decision on a published classification
shows the check page (re-derived classification, standings moves) and changes nothing public
until it is confirmed with the page's fingerprint."""

from __future__ import annotations

from typing import Any

import pytest

from championships.models import AuditEntry, PointsRules
from results.classifications.models import ClassificationVersion, Decision, PenaltyKind
from results.classifications.services import Penalty, classification_publish, decision_record
from results.standings import services as standings_services
from results.standings.services import recalculate_season
from tests.helpers import checked_value, client_for, upload
from tests.scenarios import Elms

pytestmark = pytest.mark.django_db

DSQ = {"number": "12", "offence": "Technical infringement", "kind": PenaltyKind.DSQ, "reason": "Skid block"}


def published(elms: Elms, world: Any, status: str = "provisional") -> ClassificationVersion:
    PointsRules.objects.create(season=elms.season, scale="25,18,15,12,10,8,6,4,2,1")
    version = upload(elms, world.aco_steward)
    classification_publish(version=version, user=world.aco_steward, status="provisional")
    if status == "official":
        classification_publish(version=version, user=world.aco_staff, status="official")
    recalculate_season(elms.season.pk)
    return version


def winner(elms: Elms) -> str:
    """The LMP2 winner's car number as the public API gives it."""
    body = client_for(None).get(f"/api/v1/races/{elms.race.pk}/classification/").json()
    rows = body["rows"] if "rows" in body else body["results"]
    return next(r["number"] for r in rows if r["class_code"] == "LMP2" and r["class_position"] == 1)


def test_it_shows_the_check_page_and_keeps_the_public_classification_until_confirmed(elms: Elms, world: Any) -> None:
    version = published(elms, world, status="official")
    first = winner(elms)
    steward = client_for(world.aco_staff)
    url = f"/steward/races/{elms.race.pk}/decisions/new/"
    page = steward.post(url, {**DSQ, "entry": elms.entries[first].pk})
    body = page.content.decode()
    assert page.status_code == 200 and 'id="decision-check"' in body
    assert f"#{first}: LMP2 P1 → LMP2 DSQ" in body
    assert "The official classification becomes <strong>amended</strong>" in body
    assert 'id="check-standings"' in body and "P1 · 25 pts" in body
    # Nothing public moved: no decision, same winner, still official, same standings page.
    assert not Decision.objects.exists()
    assert winner(elms) == first
    version.refresh_from_db()
    assert version.status == "official"
    public = client_for(None).get(f"/races/{elms.race.pk}/classification/").content.decode()
    assert "Disqualified" not in public
    assert not AuditEntry.objects.filter(action="results.decision.recorded").exists()

    confirmed = steward.post(url, {**DSQ, "entry": elms.entries[first].pk, "checked": checked_value(body)})
    assert confirmed.status_code == 302
    assert winner(elms) != first
    version.refresh_from_db()
    assert version.status == "amended"
    assert AuditEntry.objects.filter(action="results.decision.recorded").count() == 1


def test_it_refuses_a_stale_confirmation(elms: Elms, world: Any) -> None:
    published(elms, world)
    first = winner(elms)
    steward = client_for(world.aco_steward)
    url = f"/steward/races/{elms.race.pk}/decisions/new/"
    data = {**DSQ, "entry": elms.entries[first].pk}
    checked = checked_value(steward.post(url, data).content.decode())
    # A colleague records another decision meanwhile (through their own check page).
    other = next(n for n in elms.entries if n != first)
    penalty = Penalty(PenaltyKind.TIME, "Track limits", time_added_ms=5000)
    decision_record(race=elms.race, user=world.aco_steward, number="3", entry=elms.entries[other], penalty=penalty)
    response = steward.post(url, {**data, "checked": checked})
    body = response.content.decode()
    assert response.status_code == 200 and 'id="changed"' in body
    assert not Decision.objects.filter(number="12").exists()
    assert winner(elms) == first
    # The terms confirmed must be those shown: a fingerprint of another decision is refused too.
    fresh = checked_value(body)
    assert steward.post(url, {**data, "offence": "Other", "checked": fresh}).status_code == 200
    assert not Decision.objects.filter(number="12").exists()
    assert steward.post(url, {**data, "checked": fresh}).status_code == 302
    assert Decision.objects.filter(number="12").exists()


def test_it_recalculates_the_standings_once_after_the_confirmation_only(
    elms: Elms, world: Any, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    published(elms, world)
    first = winner(elms)
    sent: list[int] = []
    monkeypatch.setattr(standings_services, "schedule_recalculation", sent.append)
    steward = client_for(world.aco_steward)
    url = f"/steward/races/{elms.race.pk}/decisions/new/"
    data = {**DSQ, "entry": elms.entries[first].pk}
    with django_capture_on_commit_callbacks(execute=True):
        body = steward.post(url, data).content.decode()
    assert sent == []
    with django_capture_on_commit_callbacks(execute=True):
        steward.post(url, {**data, "checked": checked_value(body)})
    assert sent == [elms.season.pk]


def test_it_checks_an_amendment_and_a_withdrawal_before_they_go_public(elms: Elms, world: Any) -> None:
    published(elms, world, status="official")
    first = winner(elms)
    steward = client_for(world.aco_staff)
    new = f"/steward/races/{elms.race.pk}/decisions/new/"
    body = steward.post(new, {**DSQ, "entry": elms.entries[first].pk}).content.decode()
    steward.post(new, {**DSQ, "entry": elms.entries[first].pk, "checked": checked_value(body)})
    decision = Decision.objects.get(number="12")
    assert winner(elms) != first

    amend = f"/steward/decisions/{decision.pk}/amend/"
    terms = {"number": "14", "offence": "Track limits", "kind": PenaltyKind.TIME, "time_added_s": "5"}
    terms["reason"] = "Appeal"
    body = steward.post(amend, terms).content.decode()
    assert "12 is replaced by" in body and f"#{first}: LMP2 DSQ → LMP2 P3" in body
    decision.refresh_from_db()
    assert decision.status == "active" and winner(elms) != first
    assert steward.post(amend, {**terms, "checked": checked_value(body)}).status_code == 302
    decision.refresh_from_db()
    assert decision.status == "amended"
    public = client_for(None).get(f"/races/{elms.race.pk}/classification/").content.decode()
    assert "Decision 14: car #46, Track limits" in public

    amended_by = Decision.objects.get(number="14")
    withdraw = f"/steward/decisions/{amended_by.pk}/withdraw/"
    body = steward.get(withdraw).content.decode()
    assert 'id="decision-check"' in body and f"#{first}: LMP2 P3 → LMP2 P1" in body
    assert winner(elms) != first
    assert steward.post(withdraw, {"reason": "Wrong car", "checked": checked_value(body)}).status_code == 302
    amended_by.refresh_from_db()
    assert amended_by.status == "withdrawn" and winner(elms) == first


def test_it_records_a_decision_on_an_unpublished_classification_at_once(elms: Elms, world: Any) -> None:
    upload(elms, world.aco_steward)
    response = client_for(world.aco_steward).post(
        f"/steward/races/{elms.race.pk}/decisions/new/", {**DSQ, "entry": elms.entries["46"].pk}
    )
    assert response.status_code == 302
    assert Decision.objects.filter(number="12").exists()
