"""Nothing goes out unchecked: publishing and withdrawing go through a confirmation page."""

from __future__ import annotations

from typing import Any

import pytest

from results.classifications.models import ClassificationVersion, Decision, PenaltyKind
from results.classifications.services import Penalty, decision_record
from tests.helpers import checked_value, client_for, post_confirmed, upload
from tests.scenarios import Elms

pytestmark = pytest.mark.django_db


def record(elms: Elms, user: Any, number: str = "1", car: str = "46") -> Decision:
    return decision_record(
        race=elms.race,
        user=user,
        number=number,
        entry=elms.entries[car],
        penalty=Penalty(PenaltyKind.TIME, "Track limits", time_added_ms=5000),
    )


def test_it_shows_what_is_about_to_be_published_before_publishing(elms: Elms, world: Any) -> None:
    version = upload(elms, world.aco_steward)
    record(elms, world.aco_steward, number="12")
    staff = client_for(world.aco_staff)
    race_page = staff.get(f"/steward/races/{elms.race.pk}/").content.decode()
    assert f'href="/steward/versions/{version.pk}/publish/?status=official"' in race_page
    page = staff.get(f"/steward/versions/{version.pk}/publish/", {"status": "official"})
    body = page.content.decode()
    assert page.status_code == 200
    assert "You are about to publish <strong>version 1</strong>" in body
    cars = version.derived_rows.count()
    assert f"<strong>{cars} cars</strong>" in body
    assert "12 · car #46 · Time added +5 s (Track limits)" in body
    assert "Confirm: publish official" in body and "Cancel" in body
    version.refresh_from_db()
    assert version.status == "draft", "the GET publishes nothing"


def test_it_publishes_nothing_without_the_confirmation(elms: Elms, world: Any) -> None:
    version = upload(elms, world.aco_steward)
    response = client_for(world.aco_steward).post(f"/steward/versions/{version.pk}/publish/", {"status": "provisional"})
    assert response.status_code == 200 and "You are about to publish" in response.content.decode()
    version.refresh_from_db()
    assert version.status == "draft"


def test_it_refuses_a_confirmation_of_results_that_changed_since(elms: Elms, world: Any) -> None:
    version = upload(elms, world.aco_steward)
    steward = client_for(world.aco_steward)
    url = f"/steward/versions/{version.pk}/publish/"
    checked = checked_value(steward.get(url, {"status": "provisional"}).content.decode())
    record(elms, world.aco_steward, number="7")  # a colleague records a decision meanwhile
    response = steward.post(url, {"status": "provisional", "checked": checked})
    body = response.content.decode()
    assert response.status_code == 200 and "The results changed since you opened this page" in body
    assert "7 · car #46" in body
    version.refresh_from_db()
    assert version.status == "draft"
    assert post_confirmed(steward, url, {"status": "provisional"}).status_code == 302
    version.refresh_from_db()
    assert version.status == "provisional"


def test_it_keeps_the_official_confirmation_from_stewards_and_outsiders(elms: Elms, world: Any) -> None:
    version = upload(elms, world.aco_steward)
    url = f"/steward/versions/{version.pk}/publish/"
    assert client_for(world.aco_steward).get(url, {"status": "official"}).status_code == 403
    assert client_for(world.outsider).get(url, {"status": "provisional"}).status_code == 404
    assert client_for(world.sro_staff).get(url, {"status": "official"}).status_code == 404
    assert ClassificationVersion.objects.get().status == "draft"


def test_it_withdraws_a_decision_only_after_the_confirmation_page(elms: Elms, world: Any) -> None:
    upload(elms, world.aco_steward)
    decision = record(elms, world.aco_steward, number="3")
    steward = client_for(world.aco_steward)
    race_page = steward.get(f"/steward/races/{elms.race.pk}/").content.decode()
    assert f'href="/steward/decisions/{decision.pk}/withdraw/"' in race_page
    url = f"/steward/decisions/{decision.pk}/withdraw/"
    page = steward.get(url).content.decode()
    assert "You are about to withdraw decision <strong>3</strong> on car <strong>#46</strong>" in page
    # A POST without the page's fingerprint only shows the page again.
    assert steward.post(url, {"reason": "Appeal upheld"}).status_code == 200
    decision.refresh_from_db()
    assert decision.status == "active"
    assert post_confirmed(steward, url, {"reason": "Appeal upheld"}).status_code == 302
    decision.refresh_from_db()
    assert decision.status == "withdrawn" and decision.withdrawn_reason == "Appeal upheld"


def test_it_keeps_the_withdraw_confirmation_from_outsiders(elms: Elms, world: Any) -> None:
    upload(elms, world.aco_steward)
    decision = record(elms, world.aco_steward)
    assert client_for(world.outsider).get(f"/steward/decisions/{decision.pk}/withdraw/").status_code == 404
    assert client_for(world.team_manager).get(f"/steward/decisions/{decision.pk}/withdraw/").status_code == 404


def test_it_marks_a_provisional_classification_as_such_for_the_public(elms: Elms, world: Any) -> None:
    from results.classifications.services import classification_publish

    version = upload(elms, world.aco_steward)
    classification_publish(version=version, user=world.aco_steward, status="provisional")
    body = client_for(None).get(f"/races/{elms.race.pk}/classification/").content.decode()
    assert 'id="provisional-notice"' in body and f"round {elms.race.round} results are provisional" in body
    classification_publish(version=version, user=world.aco_staff, status="official")
    assert (
        'id="provisional-notice"' not in client_for(None).get(f"/races/{elms.race.pk}/classification/").content.decode()
    )
