"""Upload of an event's qualifying classification by the stewards: poles of its races, drivers' categories."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from championships.models import AuditEntry, PointsRules, QualifyingSets
from entries.models import DriverCategory, EntryStatus, FiaCategory
from results.classifications.parsing import ClassificationFileError
from results.classifications.qualifying_models import QualifyingUpload, RacePole
from results.classifications.services.qualifying import (
    QualifyingPreview,
    qualifying_upload_confirm,
    qualifying_upload_preview,
)
from tests import factories
from tests.helpers import client_for
from tests.scenarios import QUALIFYING_FILES, RACE_FILES, Aslms, build_aslms

pytestmark = pytest.mark.django_db

SEPANG = QUALIFYING_FILES["sepang"]


@pytest.fixture
def aslms(world: Any) -> Aslms:
    return build_aslms(world.aco_series)


def sepang(aslms: Aslms) -> Any:
    return aslms.races[1].event


def preview(aslms: Aslms, user: Any, data: bytes | None = None, weekend: str = "sepang") -> QualifyingPreview:
    event = {"sepang": aslms.races[1], "dubai": aslms.races[3], "abu-dhabi": aslms.races[4]}[weekend].event
    path = QUALIFYING_FILES[weekend]
    return qualifying_upload_preview(
        event=event, user=user, filename=path.name, data=path.read_bytes() if data is None else data
    )


def confirm(checked: QualifyingPreview, user: Any) -> Any:
    return qualifying_upload_confirm(upload_id=checked.upload.pk, sha256=checked.upload.sha256, user=user)


def poles() -> set[tuple[int, str, str]]:
    return {(p.race.round, p.class_code, p.number) for p in RacePole.objects.select_related("race")}


def test_it_previews_the_real_sepang_qualifying_without_setting_anything(aslms: Aslms, world: Any) -> None:
    checked = preview(aslms, world.aco_steward)
    assert [(line.class_code, line.number, line.best_lap) for line in checked.plan.poles] == [
        ("LMP2", "90", "1'53.653"),
        ("LMP3", "20", "2'00.430"),
    ]
    assert [race.round for race in checked.plan.races] == [1, 2]
    assert "#4 George Kurtz: FIA category Bronze and nationality USA from the file" in [
        str(fill) for fill in checked.plan.fills
    ]
    assert RacePole.objects.count() == 0 and DriverCategory.objects.count() == 0
    assert QualifyingUpload.objects.get().confirmed_at is None


def test_it_sets_the_poles_of_both_sepang_races_and_fills_in_the_drivers(aslms: Aslms, world: Any) -> None:
    confirm(preview(aslms, world.aco_steward), world.aco_steward)
    assert poles() == {(1, "LMP2", "90"), (1, "LMP3", "20"), (2, "LMP2", "90"), (2, "LMP3", "20")}
    kurtz = aslms.drivers["George KURTZ"]
    kurtz.refresh_from_db()
    assert kurtz.nationality == "USA"
    assert DriverCategory.objects.get(driver=kurtz, season=aslms.season).category == FiaCategory.BRONZE
    upload = QualifyingUpload.objects.get()
    assert upload.confirmed_at is not None and upload.poles == {"LMP2": "90", "LMP3": "20"} and upload.rounds == [1, 2]
    audit = AuditEntry.objects.get(action="results.qualifying.confirm")
    assert audit.actor == world.aco_steward and audit.after["poles"] == {"LMP2": "90", "LMP3": "20"}


@pytest.mark.parametrize(
    ("weekend", "expected"),
    [
        ("dubai", {(3, "LMP2", "55"), (3, "LMP3", "17")}),
        ("abu-dhabi", {(4, "LMP2", "99"), (4, "LMP3", "17"), (5, "LMP2", "99"), (5, "LMP3", "17")}),
    ],
)
def test_it_sets_the_real_poles_of_the_other_weekends(
    aslms: Aslms, world: Any, weekend: str, expected: set[tuple[int, str, str]]
) -> None:
    confirm(preview(aslms, world.aco_steward, weekend=weekend), world.aco_steward)
    assert poles() == expected


def test_it_sets_the_first_race_only_when_the_season_says_so(aslms: Aslms, world: Any) -> None:
    PointsRules.objects.create(season=aslms.season, qualifying_sets=QualifyingSets.FIRST_RACE_ONLY)
    confirm(preview(aslms, world.aco_steward), world.aco_steward)
    assert poles() == {(1, "LMP2", "90"), (1, "LMP3", "20")}


def test_it_never_overwrites_a_category_or_nationality_and_shows_the_difference(aslms: Aslms, world: Any) -> None:
    kurtz = aslms.drivers["George KURTZ"]
    factories.DriverCategoryFactory(driver=kurtz, season=aslms.season, category=FiaCategory.GOLD)
    kurtz.nationality = "CAN"
    kurtz.save()
    checked = preview(aslms, world.aco_steward)
    assert "#4 George Kurtz: file says B, season has G" in checked.plan.differences
    assert "#4 George Kurtz: file says nationality USA, driver has CAN" in checked.plan.differences
    confirm(checked, world.aco_steward)
    kurtz.refresh_from_db()
    assert kurtz.nationality == "CAN"
    assert DriverCategory.objects.get(driver=kurtz, season=aslms.season).category == FiaCategory.GOLD


def test_it_refuses_a_pole_car_without_an_entry_naming_the_row(aslms: Aslms, world: Any) -> None:
    entry = aslms.entries["90"]
    entry.status = EntryStatus.WITHDRAWN
    entry.save()
    with pytest.raises(ClassificationFileError) as caught:
        preview(aslms, world.aco_steward)
    assert [str(p) for p in caught.value.errors] == [
        f"row 2, column NUMBER: car 90 (best LMP2 lap) is not on the accepted entry list of {aslms.races[1]}"
    ]
    assert QualifyingUpload.objects.count() == 0


def test_it_refuses_a_race_file_on_the_qualifying_upload(aslms: Aslms, world: Any) -> None:
    with pytest.raises(ClassificationFileError) as caught:
        preview(aslms, world.aco_steward, data=RACE_FILES[1].read_bytes())
    assert "looks like an Al Kamel race classification" in str(caught.value)


@pytest.mark.parametrize("persona", ["sro_staff", "team_manager", "outsider"])
def test_it_refuses_users_outside_the_series(aslms: Aslms, world: Any, persona: str) -> None:
    with pytest.raises(PermissionDenied):
        preview(aslms, getattr(world, persona))
    checked = preview(aslms, world.aco_steward)
    with pytest.raises(PermissionDenied):
        confirm(checked, getattr(world, persona))
    assert RacePole.objects.count() == 0


def test_it_lets_series_staff_confirm_through_the_staff_pole_service(aslms: Aslms, world: Any) -> None:
    confirm(preview(aslms, world.aco_staff), world.aco_staff)
    assert len(poles()) == 4
    assert AuditEntry.objects.filter(action="results.pole.set", actor=world.aco_staff).count() == 4


def test_it_confirms_once_and_only_the_file_previewed(aslms: Aslms, world: Any) -> None:
    from django.core.exceptions import ValidationError

    checked = preview(aslms, world.aco_steward)
    with pytest.raises(ValidationError):
        qualifying_upload_confirm(upload_id=checked.upload.pk, sha256="0" * 64, user=world.aco_steward)
    confirm(checked, world.aco_steward)
    with pytest.raises(ValidationError):
        confirm(checked, world.aco_steward)
    assert AuditEntry.objects.filter(action="results.qualifying.confirm").count() == 1


# --- the steward pages -------------------------------------------------------------------


def test_it_runs_upload_preview_confirm_from_the_steward_pages(aslms: Aslms, world: Any) -> None:
    client = client_for(world.aco_steward)
    event = sepang(aslms)
    race_page = client.get(f"/steward/races/{aslms.races[1].pk}/").content.decode()
    assert f"/steward/events/{event.pk}/qualifying/" in race_page
    assert client.get(f"/steward/events/{event.pk}/qualifying/").status_code == 200
    response = client.post(
        f"/steward/events/{event.pk}/qualifying/upload/", {"file": SimpleUploadedFile(SEPANG.name, SEPANG.read_bytes())}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Confirm and set the poles" in body and "1&#x27;53.653" in body
    upload = QualifyingUpload.objects.get()
    response = client.post(
        f"/steward/events/{event.pk}/qualifying/confirm/", {"pending": upload.pk, "sha256": upload.sha256}
    )
    assert response.status_code == 302
    assert len(poles()) == 4
    assert "#90" in client.get(f"/steward/events/{event.pk}/qualifying/").content.decode()


def test_it_shows_the_problems_of_a_bad_qualifying_file_and_saves_nothing(aslms: Aslms, world: Any) -> None:
    event = sepang(aslms)
    data = RACE_FILES[1].read_bytes()
    response = client_for(world.aco_steward).post(
        f"/steward/events/{event.pk}/qualifying/upload/", {"file": SimpleUploadedFile("race.csv", data)}
    )
    assert response.status_code == 400
    assert "looks like an Al Kamel race classification" in response.content.decode()
    assert QualifyingUpload.objects.count() == 0


@pytest.mark.parametrize("persona", ["sro_staff", "team_manager", "outsider"])
def test_it_hides_the_qualifying_pages_from_users_outside_the_series(aslms: Aslms, world: Any, persona: str) -> None:
    client = client_for(getattr(world, persona))
    event = sepang(aslms)
    assert client.get(f"/steward/events/{event.pk}/qualifying/").status_code == 404
    upload = SimpleUploadedFile(SEPANG.name, SEPANG.read_bytes())
    assert client.post(f"/steward/events/{event.pk}/qualifying/upload/", {"file": upload}).status_code == 404
    checked = preview(aslms, world.aco_steward)
    response = client.post(
        f"/steward/events/{event.pk}/qualifying/confirm/",
        {"pending": checked.upload.pk, "sha256": checked.upload.sha256},
    )
    assert response.status_code == 404
    assert RacePole.objects.count() == 0
