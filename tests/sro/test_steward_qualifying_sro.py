"""An SRO qualifying session through the steward's qualifying upload: the fastest car sets the pole."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from results.classifications.qualifying_models import QualifyingUpload, RacePole
from tests.helpers import client_for
from tests.sro.files import BARCELONA, HEADER
from tests.sro.scenarios import build_gtwc

pytestmark = pytest.mark.django_db

QUALIFYING_1 = BARCELONA.parents[1] / "Qualifications" / "Qualifying_1.csv"


def _upload(client: Any, event_id: int, data: bytes) -> Any:
    return client.post(
        f"/steward/events/{event_id}/qualifying/upload/", {"file": SimpleUploadedFile("Qualifying_1.csv", data)}
    )


def _confirm(client: Any, event_id: int, page: Any) -> Any:
    upload = page.context["preview"].upload
    return client.post(
        f"/steward/events/{event_id}/qualifying/confirm/", {"pending": upload.pk, "sha256": upload.sha256}
    )


def test_it_sets_the_pole_from_a_real_sro_session(world: Any) -> None:
    gtwc = build_gtwc(world.sro_series)
    client = client_for(gtwc.steward)
    page = _upload(client, gtwc.race.event_id, QUALIFYING_1.read_bytes())
    assert page.status_code == 200, page.content.decode()[:1500]
    assert _confirm(client, gtwc.race.event_id, page).status_code == 302
    pole = RacePole.objects.get(race=gtwc.race, cup_code="")
    assert (pole.class_code, pole.number) == ("GT3", "63")  # 1:44.602, first of Qualifying 1
    # The class pole and each cup's (its first car in the session).
    assert QualifyingUpload.objects.get(event=gtwc.race.event).poles == {
        "GT3": "63",
        "GT3 / Pro Cup": "63",
        "GT3 / Pro-Am Cup": "20",
        "GT3 / Silver Cup": "7",
    }


def test_it_does_not_give_the_pole_to_an_invitational_car(world: Any) -> None:
    gtwc = build_gtwc(world.sro_series)
    data = "\n".join(
        [
            HEADER,
            '1,82,Invitational,"Jesse Krohn, Augusto Farfus, Philipp Eng",BMW M Motorsport,BMW M4 GT3,1:44.100,,',
            '2,88,Pro Cup,"Raffaele Marciello, Felipe Fraga, Jules Gounon",AKKA ASP,Mercedes-AMG GT3,1:44.528,,0.428',
            "",
        ]
    ).encode()
    client = client_for(gtwc.steward)
    page = _upload(client, gtwc.race.event_id, data)
    assert page.status_code == 200, page.content.decode()[:1500]
    _confirm(client, gtwc.race.event_id, page)
    assert RacePole.objects.get(race=gtwc.race, cup_code="").number == "88"


def test_it_refuses_an_sro_race_file_on_the_qualifying_page(world: Any) -> None:
    gtwc = build_gtwc(world.sro_series)
    page = _upload(client_for(gtwc.steward), gtwc.race.event_id, BARCELONA.read_bytes())
    assert page.status_code == 400
    assert "looks like an SRO race classification" in page.context["problems"][0]
    assert not RacePole.objects.exists()
