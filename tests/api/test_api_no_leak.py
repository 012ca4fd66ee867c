"""Nothing private leaks: crawl every endpoint and look for e-mails, unpublished entries and results."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from championships.models import Race, Season
from entries.models import Entry, EntryStatus
from results.classifications.models import (
    ClassificationStatus,
    DerivedRow,
    PenaltyKind,
    ResultRow,
)
from results.classifications.services.decisions import Penalty, decision_record
from tests import factories

pytestmark = pytest.mark.django_db

HIDDEN_STATUSES = {
    "901": EntryStatus.DRAFT,
    "902": EntryStatus.SUBMITTED,
    "903": EntryStatus.REJECTED,
    "904": EntryStatus.WITHDRAWN,
}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def unpublished_version(race: Race, version: int, entry: Entry, uploader: Any) -> None:
    """A draft upload whose row names a team and drivers that appear nowhere else."""
    draft = factories.ClassificationVersionFactory(
        race=race,
        version=version,
        status=ClassificationStatus.DRAFT,
        filename=f"unpublished-v{version}.csv",
        source=b"secret bytes",
        sha256="f" * 64,
        uploaded_by=uploader,
    )
    row = ResultRow.objects.create(
        version=draft,
        entry=entry,
        row_number=1,
        position=1,
        number="777",
        class_code="LMP2",
        team=f"Unpublished Unicorns v{version}",
        driver_names=["Hidden DRAFTDRIVER"],
        status="classified",
        laps=123,
        total_time_ms=987_654_321,
    )
    DerivedRow.objects.create(
        version=draft, row=row, overall_position=1, class_position=1, class_code="LMP2", status="classified"
    )


@pytest.fixture
def secrets(elms: Season) -> list[str]:
    """Private data around the public ELMS season; returns the strings that must never be served."""
    manager = factories.UserFactory(username="jane_privateuser", email="manager@team.example")
    steward = factories.UserFactory(
        steward=True,
        organisation=elms.series.governing_bodies.get(),
        username="sam_privateuser",
        email="steward@aco.example",
    )
    creator = factories.UserFactory(username="carl_privateuser", email="creator@team.example")
    # A public entry registered by a user, of a team with a manager: the users stay private.
    public = Entry.objects.get(season=elms, number="46")
    public.created_by = creator
    public.save()
    public.team.managers.add(manager)
    lmp2 = elms.classes.get(code="LMP2")
    event = elms.events.get()
    hidden = []
    for number, status in HIDDEN_STATUSES.items():
        team = f"Hidden {status.label} Racing"
        entry = factories.EntryFactory(
            season=elms, number=number, status=status, racing_class=lmp2, team__name=team, created_by=creator
        )
        driver = factories.DriverFactory(first_name="Secret", last_name=f"{status.label}driver", created_by=creator)
        factories.NominationFactory(entry=entry, event=event, driver=driver, added_by=manager)
        hidden += [team, f"{status.label}driver"]
    race = Race.objects.get(season=elms)
    unpublished_version(race, 2, public, steward)  # newer than the published version 1
    other = factories.RaceFactory(event=factories.EventFactory(season=elms, name="4 Hours of Imola"), round=2)
    unpublished_version(other, 1, public, steward)  # a race with nothing published
    decision_record(
        race=race,
        user=steward,
        number="3",
        entry=public,
        penalty=Penalty(kind=PenaltyKind.TIME, offence="Pit lane speeding", time_added_ms=5_000),
        reason="Internal note for the stewards only",
    )
    emails = list(get_user_model().objects.values_list("email", flat=True))
    return [
        *emails,
        *hidden,
        "Unpublished Unicorns",
        "DRAFTDRIVER",
        "unpublished-v",
        "987654321",
        "secret bytes",
        "Internal note",
        "privateuser",
    ]


def crawl(client: Client) -> dict[str, bytes]:
    """Every endpoint the API has, for every series, season, table, round and race; url → body."""
    bodies: dict[str, bytes] = {}

    def get(url: str) -> Any:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        bodies[url] = response.content
        return response.json() if response["Content-Type"] == "application/json" else None

    get("/api/v1/schema/")
    get("/api/v1/schema/?format=yaml")
    for series in get("/api/v1/series/?limit=500")["results"]:
        get(f"/api/v1/series/{series['code']}/")
        for season in series["seasons"]:
            base = f"/api/v1/series/{series['code']}/seasons/{season['name']}/"
            get(base)
            get(base + "entries/?limit=500")
            for event in get(base + "events/?limit=500")["results"]:
                for race in event["races"]:
                    get(f"/api/v1/races/{race['id']}/classification/")
            standings = get(base + "standings/")
            for table in standings["tables"]:
                for after_round in range(1, (standings["last_round"] or 0) + 1):
                    get(
                        f"{base}standings/?championship={table['championship']}&class={table['class_code']}"
                        f"&cup={table['cup_code']}&after_round={after_round}"
                    )
    return bodies


def values_of(key: str, document: Any) -> list[Any]:
    """Every value stored under `key` anywhere in a JSON document."""
    if isinstance(document, dict):
        return [v for k, v in document.items() if k == key] + [x for v in document.values() for x in values_of(key, v)]
    if isinstance(document, list):
        return [x for item in document for x in values_of(key, item)]
    return []


def test_it_serves_nothing_private(client: Client, secrets: list[str]) -> None:
    bodies = crawl(client)
    # Sanity: the crawl reached the real data (classification with its decision, 6 tables, 38 entries).
    assert len(bodies) >= 15
    everything = b"\n".join(bodies.values()).decode()
    assert "Thiriet By TDS Racing" in everything and "Pit lane speeding" in everything
    for secret in secrets:
        leaks = [url for url, body in bodies.items() if secret.lower() in body.decode().lower()]
        assert not leaks, f"{secret!r} leaked in {leaks}"
    assert not EMAIL.search(everything)
    numbers = {n for url, body in bodies.items() if "schema" not in url for n in values_of("number", json.loads(body))}
    assert numbers.isdisjoint(HIDDEN_STATUSES) and "777" not in numbers
    assert Entry.objects.filter(season__series__code="elms", number__in=HIDDEN_STATUSES).count() == 4


def test_it_hides_a_race_whose_only_classification_is_unpublished(client: Client, secrets: list[str]) -> None:
    race = Race.objects.get(round=2, season__series__code="elms")
    response = client.get(f"/api/v1/races/{race.pk}/classification/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No published classification for this race"}
