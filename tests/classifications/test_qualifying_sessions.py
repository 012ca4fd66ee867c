"""Qualifying for every class, from the outside: a steward uploads both real sessions of an event
by HTTP (the LMP2/LMP3 file and the GT file), poles per class and per cup, a file uploaded again
replaces its session, a bad file changes nothing; the public pages and the API show the grid."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from championships.models import AuditEntry, Event
from results.classifications.models import ClassificationStatus
from results.classifications.qualifying_models import QualifyingResult, QualifyingUpload, RacePole
from results.classifications.services import classification_publish
from tests import factories
from tests.helpers import absent_withdrawn, client_for, confirm
from tests.scenarios import GT_QUALIFYING_FILES, QUALIFYING_FILES, RACE_FILES, Aslms, build_aslms

pytestmark = pytest.mark.django_db


@pytest.fixture
def aslms(world: Any) -> Aslms:
    return build_aslms(world.aco_series)


def event_of(aslms: Aslms, first_round: int) -> Event:
    return aslms.races[first_round].event


def edited(path: Path, changes: dict[tuple[str, str], str]) -> bytes:
    """The real comma-separated file with cells replaced, addressed as (car number, column)."""
    lines = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    header = lines[0]
    for line in lines[1:]:
        for (number, column), value in changes.items():
            if line and line[header.index("NUMBER")] == number:
                line[header.index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(lines)
    return out.getvalue().encode("utf-8")


def upload(client: Client, event: Event, name: str, data: bytes) -> Any:
    """The steward's two steps by HTTP: the preview page, then its confirm button (with its fingerprint)."""
    page = client.post(f"/steward/events/{event.pk}/qualifying/upload/", {"file": SimpleUploadedFile(name, data)})
    assert page.status_code == 200, page.content.decode()[:2000]
    pending = QualifyingUpload.objects.filter(event=event, confirmed_at__isnull=True).get()
    assert f'value="{pending.sha256}"' in page.content.decode()
    done = client.post(
        f"/steward/events/{event.pk}/qualifying/confirm/", {"pending": pending.pk, "sha256": pending.sha256}
    )
    assert done.status_code == 302
    return page


def upload_file(client: Client, event: Event, path: Path) -> Any:
    return upload(client, event, path.name, path.read_bytes())


def poles(event: Event) -> set[tuple[int, str, str, str]]:
    return {
        (p.race.round, p.class_code, p.cup_code, p.number)
        for p in RacePole.objects.filter(race__event=event).select_related("race")
    }


def test_it_takes_both_sessions_of_an_event_each_setting_its_own_classes(aslms: Aslms, world: Any) -> None:
    client, sepang = client_for(world.aco_steward), event_of(aslms, 1)
    upload_file(client, sepang, QUALIFYING_FILES["sepang"])
    lmp = {(r, c, "", n) for r in (1, 2) for c, n in (("LMP2", "90"), ("LMP3", "20"))}
    assert poles(sepang) == lmp
    page = upload_file(client, sepang, GT_QUALIFYING_FILES["sepang"])
    assert 'the <strong id="preview-session">GT</strong> session' in page.content.decode()
    # The GT file sets GT only and leaves the LMP2/LMP3 session's poles as they were.
    assert poles(sepang) == lmp | {(1, "GT", "", "42"), (2, "GT", "", "42")}
    steward_page = client.get(f"/steward/events/{sepang.pk}/qualifying/").content.decode()
    assert "<strong>LMP2 / LMP3</strong>" in steward_page and "<strong>GT</strong>" in steward_page
    home = client.get("/steward/").content.decode()
    assert "GT, LMP2 / LMP3" in home
    assert QualifyingResult.objects.filter(upload__event=sepang).count() == 16 + 23


def test_it_tells_the_steward_home_which_class_still_has_no_session(aslms: Aslms, world: Any) -> None:
    client, sepang = client_for(world.aco_steward), event_of(aslms, 1)
    upload_file(client, sepang, QUALIFYING_FILES["sepang"])
    home = client.get("/home/").content.decode()
    assert "4 Hours of Sepang</a>: no session for GT" in home
    assert "No session yet for GT." in client.get(f"/steward/events/{sepang.pk}/qualifying/").content.decode()
    upload_file(client, sepang, GT_QUALIFYING_FILES["sepang"])
    assert "Sepang</a>: no session for" not in client.get("/home/").content.decode()


def test_it_gives_each_cup_its_first_car_in_the_session(aslms: Aslms, world: Any) -> None:
    gt = aslms.classes["GT"]
    am = factories.CupFactory(season=aslms.season, racing_class=gt, code="Am", name="GT Am")
    for number in ("33", "91", "88"):
        aslms.entries[number].cup = am
        aslms.entries[number].save(update_fields=["cup"])
    sepang = event_of(aslms, 1)
    page = upload_file(client_for(world.aco_steward), sepang, GT_QUALIFYING_FILES["sepang"])
    assert "<td>GT</td><td>Am</td><td>#33</td>" in page.content.decode()
    # Sepang GT: #42 fastest overall; of the Am cars #33 (P6) is ahead of #91 (P7) and #88 (P8).
    assert poles(sepang) == {(r, "GT", cup, n) for r in (1, 2) for cup, n in (("", "42"), ("Am", "33"))}
    assert QualifyingUpload.objects.get(event=sepang).poles == {"GT": "42", "GT / Am": "33"}


def test_it_accepts_a_car_without_a_time_and_never_puts_it_on_pole(aslms: Aslms, world: Any) -> None:
    abu_dhabi = event_of(aslms, 4)
    upload_file(client_for(world.aco_steward), abu_dhabi, GT_QUALIFYING_FILES["abu-dhabi"])
    assert poles(abu_dhabi) == {(4, "GT", "", "7"), (5, "GT", "", "7")}
    no_time = QualifyingResult.objects.get(upload__event=abu_dhabi, number="43")
    assert (no_time.position, no_time.best_lap_ms, no_time.laps) == (23, None, 3)
    body = Client().get(f"/events/{abu_dhabi.pk}/qualifying/").content.decode()
    row = body[body.index('<tr data-number="43">') :]
    assert "no time" in row[: row.index("</tr>")]


def test_it_replaces_a_session_uploaded_again_and_keeps_the_other(aslms: Aslms, world: Any) -> None:
    client, sepang = client_for(world.aco_steward), event_of(aslms, 1)
    upload_file(client, sepang, QUALIFYING_FILES["sepang"])
    upload_file(client, sepang, GT_QUALIFYING_FILES["sepang"])
    # The timing deletes #42's lap (track limits): #37 takes the GT pole.
    corrected = edited(GT_QUALIFYING_FILES["sepang"], {("42", "TIME"): "", ("42", "LAP"): "0"})
    page = upload(client, sepang, "gt-corrected.csv", corrected)
    assert "#42" not in page.content.decode().split("Poles to set")[1].split("</table>")[0]
    assert {(r, c, n) for r, c, _, n in poles(sepang)} == {
        (r, c, n) for r in (1, 2) for c, n in (("LMP2", "90"), ("LMP3", "20"), ("GT", "37"))
    }
    public = Client().get(f"/events/{sepang.pk}/qualifying/?class=GT").content.decode()
    assert public.count('<tr data-number="42">') == 2  # grid and session: the corrected file only
    assert public.count("Qualifying GT") == 1 and "Qualifying LMP2 / LMP3" not in public
    audit = AuditEntry.objects.filter(action="results.qualifying.confirm").latest("id")
    assert audit.before["poles"] == {"R1 GT": "42", "R2 GT": "42"} and audit.after["poles"] == {"GT": "37"}


def test_it_withdraws_a_cup_pole_the_new_file_of_the_session_no_longer_gives(aslms: Aslms, world: Any) -> None:
    am = factories.CupFactory(season=aslms.season, racing_class=aslms.classes["GT"], code="Am")
    aslms.entries["33"].cup = am
    aslms.entries["33"].save(update_fields=["cup"])
    client, sepang = client_for(world.aco_steward), event_of(aslms, 1)
    upload_file(client, sepang, GT_QUALIFYING_FILES["sepang"])
    page = upload(client, sepang, "gt.csv", edited(GT_QUALIFYING_FILES["sepang"], {("33", "TIME"): ""}))
    assert "R1 GT / Am #33" in page.content.decode()  # listed on the preview before it goes
    assert poles(sepang) == {(1, "GT", "", "42"), (2, "GT", "", "42")}
    assert AuditEntry.objects.filter(action="results.pole.withdrawn").count() == 2


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({("9", "TIME"): "fast", ("7", "POS"): "x"}, "row 4, column TIME:"),  # #9 is on file row 4
        ({("9", "TIME"): "fast", ("7", "POS"): "x"}, "row 5, column POS: &#x27;x&#x27; is not a whole number"),
        # One upload shows every problem: the unreadable time and the class the entry list refuses.
        ({("9", "TIME"): "fast", ("86", "CLASS"): "LMP3"}, "row 18, column CLASS: car 86 is entered in GT"),
        ({("7", "CLASS"): "GT4"}, "row 5, column CLASS: &#x27;GT4&#x27; is not a class of"),
        ({("86", "CLASS"): "LMP3"}, "row 18, column CLASS: car 86 is entered in GT, not LMP3"),
    ],
)
def test_it_refuses_a_bad_session_file_with_rows_and_columns_and_changes_nothing(
    aslms: Aslms, world: Any, changes: dict[tuple[str, str], str], problem: str
) -> None:
    client, sepang = client_for(world.aco_steward), event_of(aslms, 1)
    upload_file(client, sepang, GT_QUALIFYING_FILES["sepang"])
    before = (poles(sepang), QualifyingResult.objects.count(), AuditEntry.objects.count())
    bad = edited(GT_QUALIFYING_FILES["sepang"], changes)
    response = client.post(
        f"/steward/events/{sepang.pk}/qualifying/upload/", {"file": SimpleUploadedFile("gt.csv", bad)}
    )
    assert response.status_code == 400
    assert problem in response.content.decode()
    assert (poles(sepang), QualifyingResult.objects.count(), AuditEntry.objects.count()) == before
    assert not QualifyingUpload.objects.filter(confirmed_at__isnull=True).exists()


# --- public -------------------------------------------------------------------------------


def test_it_shows_the_public_qualifying_and_grid_with_the_pole_sitters(aslms: Aslms, world: Any) -> None:
    client, sepang = client_for(world.aco_steward), event_of(aslms, 1)
    upload_file(client, sepang, QUALIFYING_FILES["sepang"])
    upload_file(client, sepang, GT_QUALIFYING_FILES["sepang"])
    body = Client().get(f"/events/{sepang.pk}/qualifying/").content.decode()
    assert "Qualifying LMP2 / LMP3" in body and "Qualifying GT" in body
    grid = body[body.index('id="starting-grid"') : body.index("</table>", body.index('id="starting-grid"'))]
    numbers = [chunk.split('"')[0] for chunk in grid.split('data-number="')[1:]]
    # LMP2 first (pole #90), then LMP3 (pole #20), then GT (pole #42); cars without a time last in GT.
    assert numbers[0] == "90" and numbers[numbers.index("20") - 1] != "20" and numbers[-2:] == ["75", "82"]
    assert numbers.index("20") < numbers.index("42") == 16
    assert body.count("Pole LMP2") == 2 and body.count("Pole GT") == 2
    assert "Oreca 07 - Gibson" in body and "Audi R8 LMS GT3 EVO II" in body
    only_gt = Client().get(f"/events/{sepang.pk}/qualifying/?class=gt").content.decode()
    assert "Qualifying GT" in only_gt and 'data-number="90"' not in only_gt
    assert Client().get(f"/events/{sepang.pk}/qualifying/?class=LMP9").status_code == 404
    assert Client().get("/events/999999/qualifying/").status_code == 404


def test_it_links_the_qualifying_from_the_season_and_the_race_classification(aslms: Aslms, world: Any) -> None:
    steward, sepang = world.aco_steward, event_of(aslms, 1)
    upload_file(client_for(steward), sepang, GT_QUALIFYING_FILES["sepang"])
    season_page = Client().get(f"/seasons/{aslms.season.series.code}/{aslms.season.name}/").content.decode()
    assert f'href="/events/{sepang.pk}/qualifying/"' in season_page
    race = aslms.races[1]
    data = RACE_FILES[1].read_bytes()
    checked = client_for(steward).post(
        f"/steward/races/{race.pk}/upload/", {"file": SimpleUploadedFile(RACE_FILES[1].name, data)}
    )
    assert checked.status_code == 200
    preview = checked.context["preview"]
    # Cars of the season that did not race at Sepang: withdrawn, as the steward would choose.
    version = confirm(preview, steward, absent_withdrawn(preview))
    classification_publish(version=version, user=steward, status=ClassificationStatus.PROVISIONAL)
    page = Client().get(f"/races/{race.pk}/classification/").content.decode()
    assert f'href="/events/{sepang.pk}/qualifying/"' in page
    # The car model and best lap of each car: #99's Oreca set the race's fastest lap, 1'52.991.
    row = page[page.index('<tr data-number="99">') :]
    row = row[: row.index("</tr>")]
    assert "Oreca 07 - Gibson" in row and "1&#x27;52.991" in row
    lmp3 = Client().get(f"/races/{race.pk}/classification/?class=lmp3").content.decode()
    assert 'data-number="99"' not in lmp3 and 'aria-current="page">LMP3<' in lmp3
    assert Client().get(f"/races/{race.pk}/classification/?class=LMP9").status_code == 404


def test_it_serves_the_qualifying_in_the_api(aslms: Aslms, world: Any) -> None:
    client, sepang = client_for(world.aco_steward), event_of(aslms, 1)
    upload_file(client, sepang, QUALIFYING_FILES["sepang"])
    upload_file(client, sepang, GT_QUALIFYING_FILES["sepang"])
    body = Client().get(f"/api/v1/races/{aslms.races[2].pk}/qualifying/").json()
    assert body["race"]["round"] == 2 and body["rounds"] == [1, 2]
    assert [(s["name"], len(s["cars"])) for s in body["sessions"]] == [("LMP2 / LMP3", 16), ("GT", 23)]
    first, *_ = body["grid"]
    assert (first["slot"], first["car"]["number"], first["car"]["pole"], first["car"]["best_lap"]) == (
        1,
        "90",
        "class",
        "1'53.653",
    )
    gt_pole = next(slot for slot in body["grid"] if slot["car"]["class_code"] == "GT")
    assert (gt_pole["slot"], gt_pole["car"]["number"], gt_pole["car"]["pole"]) == (17, "42", "class")
    no_time = body["grid"][-1]["car"]
    assert (no_time["number"], no_time["best_lap_ms"], no_time["class_position"]) == ("82", None, None)
    gt_only = Client().get(f"/api/v1/races/{aslms.races[1].pk}/qualifying/?class=GT").json()
    assert [s["name"] for s in gt_only["sessions"]] == ["GT"]
    assert Client().get("/api/v1/races/999999/qualifying/").status_code == 404
