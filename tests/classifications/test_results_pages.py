"""Steward pages and the public classification: scoping, dry run, confirm, publish, export."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from championships.models import AuditEntry
from results.classifications.models import ClassificationVersion, Decision, PenaltyKind, PendingUpload
from results.classifications.services import Penalty, classification_publish, decision_record
from tests.factories import EventFactory, RaceFactory, SeasonFactory
from tests.helpers import client_for, post_confirmed, preview, upload
from tests.scenarios import SILVERSTONE, Elms, silverstone_bytes

pytestmark = pytest.mark.django_db


def post_file(client: Client, elms: Elms, data: bytes, name: str = SILVERSTONE.name) -> Any:
    return client.post(f"/steward/races/{elms.race.pk}/upload/", {"file": SimpleUploadedFile(name, data)})


def test_it_runs_upload_preview_confirm_from_the_steward_page(elms: Elms, world: Any) -> None:
    client = client_for(world.aco_steward)
    assert client.get(f"/steward/races/{elms.race.pk}/").status_code == 200
    response = post_file(client, elms, silverstone_bytes())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Confirm and save as a new version" in body and "Sébastien CRUBILÉ" in body
    assert ClassificationVersion.objects.count() == 0
    pending = PendingUpload.objects.get()
    response = client.post(f"/steward/races/{elms.race.pk}/confirm/", {"pending": pending.pk, "sha256": pending.sha256})
    assert response.status_code == 302
    assert ClassificationVersion.objects.get().version == 1


def test_it_lists_every_difference_of_a_file_with_the_entry_list_and_saves_nothing(elms: Elms, world: Any) -> None:
    bad = silverstone_bytes().replace(b";46;", b";460;").replace(b"Ludovic BADEY", b"Olivier PLA")
    response = post_file(client_for(world.aco_steward), elms, bad)
    assert response.status_code == 200
    body = response.content.decode()
    assert "37 cars matched, 1 car not on the entry list, 1 entered car missing from the file" in body
    assert "row 2: car #460 (Thiriet By TDS Racing, LMP2) is not on the accepted entry list" in body
    assert "car #46 (LMP2) is on the entry list but not in the file" in body
    assert PendingUpload.objects.count() == 1 and ClassificationVersion.objects.count() == 0


def test_it_refuses_a_car_in_another_class_than_its_entry_and_saves_nothing(elms: Elms, world: Any) -> None:
    bad = silverstone_bytes().replace(b";LMP2;", b";GTC;", 1)
    response = post_file(client_for(world.aco_steward), elms, bad)
    assert response.status_code == 400
    assert "row 2, column CLASS: car 46 is entered in LMP2, not GTC" in response.content.decode()
    assert PendingUpload.objects.count() == 0 and ClassificationVersion.objects.count() == 0


def test_it_refuses_a_file_over_the_limit_from_its_size(elms: Elms, world: Any) -> None:
    response = post_file(client_for(world.aco_steward), elms, b"x" * (50 * 1024 * 1024))
    assert response.status_code == 400
    assert "file is too large (50.0 MB); the limit is 5 MB" in response.content.decode()
    assert PendingUpload.objects.count() == 0


@pytest.mark.parametrize("persona", ["sro_staff", "team_manager", "outsider"])
def test_it_hides_the_race_from_users_outside_its_series(elms: Elms, world: Any, persona: str) -> None:
    client = client_for(getattr(world, persona))
    assert client.get(f"/steward/races/{elms.race.pk}/").status_code == 404
    assert post_file(client, elms, silverstone_bytes()).status_code == 404
    version = upload(elms, world.aco_steward)
    assert client.post(f"/steward/versions/{version.pk}/publish/", {"status": "provisional"}).status_code == 404
    assert client.get(f"/steward/versions/{version.pk}/export.csv").status_code == 404
    assert client.get(f"/steward/races/{elms.race.pk}/decisions/new/").status_code == 404
    assert PendingUpload.objects.count() == 1


def test_it_sends_anonymous_users_to_sign_in(elms: Elms) -> None:
    response = client_for(None).get(f"/steward/races/{elms.race.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert post_file(client_for(None), elms, silverstone_bytes()).status_code == 302
    assert PendingUpload.objects.count() == 0


def test_it_lists_only_the_users_races(elms: Elms, world: Any) -> None:
    body = client_for(world.aco_steward).get("/steward/").content.decode()
    assert "4 Hours of Silverstone" in body
    assert client_for(world.sro_staff).get("/steward/").content.decode().count("Silverstone") == 0
    assert client_for(world.outsider).get("/steward/").status_code == 404


def test_it_keeps_unpublished_results_from_the_public(elms: Elms, world: Any) -> None:
    version = upload(elms, world.aco_steward)
    assert client_for(None).get(f"/races/{elms.race.pk}/classification/").status_code == 404
    assert client_for(None).get(f"/races/{elms.race.pk}/classification.csv").status_code == 404
    client = client_for(world.aco_steward)
    assert (
        post_confirmed(client, f"/steward/versions/{version.pk}/publish/", {"status": "provisional"}).status_code == 302
    )
    response = client_for(None).get(f"/races/{elms.race.pk}/classification/")
    assert response.status_code == 200
    version.refresh_from_db()
    assert (
        f"Version 1, provisional,\n  published {version.status_changed_at:%Y-%m-%d %H:%M} UTC"
        in response.content.decode()
    )


def test_it_lets_only_series_staff_publish_official(elms: Elms, world: Any) -> None:
    version = upload(elms, world.aco_steward)
    steward = client_for(world.aco_steward)
    assert steward.post(f"/steward/versions/{version.pk}/publish/", {"status": "official"}).status_code == 403
    version.refresh_from_db()
    assert version.status == "draft"
    assert (
        post_confirmed(
            client_for(world.aco_staff), f"/steward/versions/{version.pk}/publish/", {"status": "official"}
        ).status_code
        == 302
    )
    version.refresh_from_db()
    assert version.status == "official" and version.status_changed_by == world.aco_staff
    audit = AuditEntry.objects.get(action="results.classification.published")
    assert (audit.before, audit.after["status"], audit.actor) == (
        {"status": "draft"},
        "official",
        world.aco_staff,
    )


def test_it_shows_the_latest_published_version_only(elms: Elms, world: Any) -> None:
    first = upload(elms, world.aco_steward)
    classification_publish(version=first, user=world.aco_staff, status="official")
    upload(elms, world.aco_steward)  # version 2 stays unpublished
    body = client_for(None).get(f"/races/{elms.race.pk}/classification/").content.decode()
    assert "Version 1, official" in body


def test_it_publishes_only_the_latest_version(elms: Elms, world: Any) -> None:
    first = upload(elms, world.aco_steward)
    upload(elms, world.aco_steward)
    client = client_for(world.aco_staff)
    response = client.post(f"/steward/versions/{first.pk}/publish/", {"status": "official"})
    assert response.status_code == 302  # refused before any confirmation page
    first.refresh_from_db()
    assert first.status == "draft"


def test_it_records_amends_and_withdraws_decisions_from_the_pages(elms: Elms, world: Any) -> None:
    version = upload(elms, world.aco_steward)
    client = client_for(world.aco_steward)
    response = client.post(
        f"/steward/races/{elms.race.pk}/decisions/new/",
        {
            "number": "7",
            "entry": elms.entries["46"].pk,
            "offence": "Pit lane speeding",
            "kind": "time",
            "time_added_s": "5",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    decision = Decision.objects.get()
    response = client.post(
        f"/steward/races/{elms.race.pk}/decisions/new/",
        {"number": "8", "entry": elms.entries["46"].pk, "offence": "x", "kind": "time"},
    )
    assert response.status_code == 200 and "Give the time added." in response.content.decode()
    response = client.post(
        f"/steward/decisions/{decision.pk}/amend/",
        {
            "number": "9",
            "offence": "Pit lane speeding",
            "kind": "time",
            "time_added_s": "2.5",
            "reason": "Appeal",
        },
    )
    assert response.status_code == 302
    new = Decision.objects.get(number="9")
    assert new.time_added_ms == 2500 and new.amends == decision
    page = client.get(f"/steward/races/{elms.race.pk}/").content.decode()
    assert "Time added +2.500 s" in page and "Time added +5 s" in page
    amend_form = client.get(f"/steward/decisions/{new.pk}/amend/").content.decode()
    assert 'name="time_added_s" value="2.5"' in amend_form
    assert (
        post_confirmed(client, f"/steward/decisions/{new.pk}/withdraw/", {"reason": "Appeal upheld"}).status_code == 302
    )
    assert Decision.objects.get(number="9").status == "withdrawn"
    assert version.derived_rows.get(row__number="46").class_position == 1


def test_it_exports_a_version_as_csv_and_xlsx(elms: Elms, world: Any) -> None:
    version = upload(elms, world.aco_steward)
    client = client_for(world.aco_steward)
    response = client.get(f"/steward/versions/{version.pk}/export.csv")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "position,number,class,cup,team,drivers,status,laps,total_time,best_lap,vehicle"
    assert "1,46,LMP2,,Thiriet By TDS Racing,Pierre THIRIET|Ludovic BADEY|Tristan GOMMENDY,classified,118" in text
    assert "elms-2014-r1-classification-v1.csv" in response["Content-Disposition"]
    response = client.get(f"/steward/versions/{version.pk}/export.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[2]][:3] == [1, "46", "LMP2"]
    assert client.get(f"/steward/versions/{version.pk}/export.pdf").status_code == 404


def test_it_escapes_formulas_in_exports(elms: Elms, world: Any) -> None:
    data = silverstone_bytes().replace(b"Thiriet By TDS Racing", b'=HYPERLINK("x")')
    version = upload(elms, world.aco_steward, data=data)
    text = client_for(world.aco_steward).get(f"/steward/versions/{version.pk}/export.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text


@pytest.mark.parametrize("persona", ["sro_staff", "team_manager", "outsider"])
def test_it_hides_every_object_of_the_race_from_users_outside_its_series(elms: Elms, world: Any, persona: str) -> None:
    version = upload(elms, world.aco_steward)
    decision = decision_record(
        race=elms.race,
        user=world.aco_steward,
        number="1",
        entry=elms.entries["46"],
        penalty=Penalty(PenaltyKind.TIME, "Track limits", time_added_ms=5000),
    )
    pending = preview(elms, world.aco_steward).pending
    client = client_for(getattr(world, persona))
    race_url = f"/steward/races/{elms.race.pk}"
    confirm = {"pending": pending.pk, "sha256": pending.sha256}
    assert client.post(f"{race_url}/confirm/", confirm).status_code == 404
    assert client.post(f"{race_url}/decisions/new/", {"number": "2"}).status_code == 404
    assert client.get(f"/steward/decisions/{decision.pk}/amend/").status_code == 404
    assert client.post(f"/steward/decisions/{decision.pk}/amend/", {"reason": "x"}).status_code == 404
    assert client.post(f"/steward/decisions/{decision.pk}/withdraw/", {"reason": "x"}).status_code == 404
    assert client.get(f"/steward/versions/{version.pk}/export.xlsx").status_code == 404
    assert client.post(f"/steward/versions/{version.pk}/publish/", {"status": "official"}).status_code == 404
    # A race of their own series does not open another series' pending upload either.
    if persona == "sro_staff":
        own_race = RaceFactory(event=EventFactory(season=SeasonFactory(series=world.sro_series)))
        assert client.post(f"/steward/races/{own_race.pk}/confirm/", confirm).status_code == 404
    version.refresh_from_db()
    decision.refresh_from_db()
    assert (version.status, decision.status, ClassificationVersion.objects.count()) == ("draft", "active", 1)
    assert PendingUpload.objects.filter(pk=pending.pk).exists()


def test_it_hides_a_colleagues_pending_upload_and_says_when_a_preview_was_replaced(elms: Elms, world: Any) -> None:
    theirs = preview(elms, world.aco_staff).pending
    client = client_for(world.aco_steward)
    url = f"/steward/races/{elms.race.pk}/confirm/"
    assert client.post(url, {"pending": theirs.pk, "sha256": theirs.sha256}).status_code == 404
    assert post_file(client, elms, silverstone_bytes()).status_code == 200
    first = PendingUpload.objects.get(uploaded_by=world.aco_steward)
    assert post_file(client, elms, silverstone_bytes()).status_code == 200
    response = client.post(url, {"pending": first.pk, "sha256": first.sha256}, follow=True)
    assert "Not saved: This preview is no longer available" in response.content.decode()
    assert ClassificationVersion.objects.count() == 0
