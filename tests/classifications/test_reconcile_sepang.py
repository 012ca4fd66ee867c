"""Reconcile instead of refuse, from the outside: the real Sepang 2023 race 1 file against an entry list
that disagrees with it (three drivers not nominated, car #20 not entered, car #98 entered but absent).

Each difference is listed with its ways on the preview; the choices are applied with the confirm in
one transaction; a missing car is never confirmed silently; the wrong file for a race needs a reason.
"""

from __future__ import annotations

import csv
import html
import io
import re
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from championships.models import AuditEntry
from entries.models import Driver, Entry, EntryKind, EntryStatus, Nomination
from entries.names import name_key
from results.classifications.models import ClassificationVersion, PendingUpload
from tests import factories
from tests.helpers import client_for, post_upload
from tests.scenarios import (
    ASLMS_SEPANG_R1_HOUR_2,
    QUALIFYING_FILES,
    RACE_FILES,
    Sepang,
    build_sepang,
)

pytestmark = pytest.mark.django_db

RACE_1 = RACE_FILES[1]


@pytest.fixture
def sepang(world: Any) -> Sepang:
    return build_sepang(world.aco_series, manager=world.team_manager)


def text(response: Any) -> str:
    """The page as a reader sees its text (entities such as &#x27; decoded)."""
    return html.unescape(response.content.decode())


def late(number: str, name: str) -> str:
    return f"driver:{number}:{name_key(name)}"


def form_of(body: str) -> dict[str, str]:
    """The hidden fields of the preview's confirm form (pending upload, file hash, fingerprint)."""
    fields = dict(re.findall(r'name="(pending|sha256|fingerprint)" value="([^"]*)"', body))
    assert set(fields) == {"pending", "sha256", "fingerprint"}, "no confirm form on the page"
    return fields


def previewed(client: Client, sepang: Sepang, path: Any = RACE_1, race: Any = None) -> tuple[Any, dict[str, str]]:
    response = post_upload(client, race or sepang.race, path.read_bytes(), filename=path.name)
    assert response.status_code == 200, text(response)[:3000]
    return response, form_of(text(response))


def all_resolved(sepang: Sepang) -> dict[str, str]:
    """Staff's choices for every difference: the existing drivers, one new driver, #20 as a guest, #98 DNS."""
    choices = {
        f"choice:{late('99', 'Louis DELÉTRAZ')}": f"driver:{sepang.drivers['Louis DELÉTRAZ'].pk}",
        f"choice:{late('83', 'Alessio ROVERA')}": f"driver:{sepang.drivers['Alessio ROVERA'].pk}",
        f"choice:{late('90', 'Charlie EASTWOOD')}": "new",
        f"nationality:{late('90', 'Charlie EASTWOOD')}": "IRL",
        f"category:{late('90', 'Charlie EASTWOOD')}": "gold",
        "choice:car:20": "entry:guest",
        "choice:missing:98": "dns",
    }
    for name in ("Audunn GUDMUNDSSON", "Anders FJORDBACH", "Seth LUCAS"):
        choices[f"choice:{late('20', name)}"] = "new"
        choices[f"category:{late('20', name)}"] = "bronze" if name == "Audunn GUDMUNDSSON" else "silver"
    return choices


def counts() -> tuple[int, int, int, int, int]:
    return (
        ClassificationVersion.objects.count(),
        Driver.objects.count(),
        Entry.objects.count(),
        Nomination.objects.count(),
        AuditEntry.objects.filter(action__startswith="results.").count(),
    )


def test_it_lists_each_difference_of_the_real_file_with_its_ways(sepang: Sepang, world: Any) -> None:
    response, _ = previewed(client_for(world.aco_steward), sepang)
    body = text(response)
    assert "38 cars matched, 3 late driver changes, 1 car not on the entry list, 1 entered car missing" in body
    assert "row 2: Louis DELÉTRAZ is not nominated for car #99 at this event" in body
    # Nominated at a former season: offered as the existing driver, with where they raced.
    deletraz = sepang.drivers["Louis DELÉTRAZ"]
    assert f'value="driver:{deletraz.pk}"' in body and "European Le Mans Series 2022-23" in body
    # Unknown to the portal: only a new driver can be made of the name.
    eastwood = re.search(r'data-key="driver:90:charlieeastwood">(.*?)</fieldset>', body, re.S)
    assert eastwood and 'value="driver:' not in eastwood.group(1) and 'value="new"' in eastwood.group(1)
    # A steward cannot add a late entry: the car is left for the staff.
    car = re.search(r'data-key="car:20">(.*?)</fieldset>', body, re.S)
    assert car and 'value="staff"' in car.group(1) and "entry:" not in car.group(1)
    assert 'id="leave-for-staff"' in body
    assert "car #98 (GT) is on the entry list but not in the file" in body
    assert 'id="race-checks"' not in body  # the right file for the race: nothing to acknowledge


def test_it_saves_the_classification_and_every_late_change_together(
    sepang: Sepang, world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(world.aco_staff)
    _, fields = previewed(client, sepang)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/steward/races/{sepang.race.pk}/confirm/", {**fields, **all_resolved(sepang)})
    assert response.status_code == 302, text(response)[:3000]
    version = ClassificationVersion.objects.get(race=sepang.race)
    rows = {row.number: row for row in version.rows.all()}
    assert len(rows) == 40  # the 39 cars of the file and #98, classified as not started
    assert rows["98"].status == "dns" and rows["98"].derived.status == "dns"
    event = sepang.race.event
    deletraz = sepang.drivers["Louis DELÉTRAZ"]
    assert list(rows["99"].row_drivers.order_by("order").values_list("driver__last_name", flat=True)) == [
        "Al Harthy",
        "Mazepin",
        "Delétraz",
    ]
    assert Nomination.objects.filter(entry=sepang.entries["99"], event=event, driver=deletraz).exists()
    eastwood = Driver.objects.get(last_name="EASTWOOD")
    assert (eastwood.first_name, eastwood.nationality) == ("Charlie", "IRL")
    assert eastwood.categories.get(season=sepang.season).category == "gold"
    guest = Entry.objects.get(season=sepang.season, number="20")
    assert (guest.status, guest.kind, guest.racing_class.code, guest.team.name) == (
        EntryStatus.ACCEPTED,
        EntryKind.GUEST,
        "LMP3",
        "High Class Racing",
    )
    assert list(guest.events.all()) == [event] and rows["20"].entry_id == guest.pk
    assert rows["20"].drivers.count() == 3
    # Audited, and the team manager of #99 is told (only once committed).
    audit = AuditEntry.objects.get(action="results.late_change.resolved")
    assert {item["car"] for item in audit.after["changes"]} == {"99", "83", "90", "20", "98"}
    assert AuditEntry.objects.filter(action="entries.nomination.late_added").count() == 3
    [message] = [m for m in mail.outbox if "late changes" in m.subject]
    assert message.to == [world.team_manager.email]
    assert "Louis Delétraz nominated for 4 Hours of Sepang (late driver change)" in message.body
    # Visible to staff on their home.
    home = text(client.get("/home/"))
    assert "#99 Louis Delétraz nominated for 4 Hours of Sepang" in home


def test_it_saves_nothing_when_one_change_is_refused_in_the_middle(sepang: Sepang, world: Any) -> None:
    client = client_for(world.aco_staff)
    _, fields = previewed(client, sepang)
    before = counts()
    choices = all_resolved(sepang)
    # Rows 2, 3 and 8 nominate their late drivers (and create Eastwood) before car #20 (row 16) is
    # added and its third driver refused for want of an FIA category: everything is rolled back.
    del choices[f"category:{late('20', 'Seth LUCAS')}"]
    response = client.post(f"/steward/races/{sepang.race.pk}/confirm/", {**fields, **choices})
    assert response.status_code == 400
    body = text(response)
    assert "Nothing was saved." in body and "Late entry of car #20: Give Seth LUCAS's FIA category" in body
    assert counts() == before
    assert not Entry.objects.filter(number="20").exists()
    # The choices made are shown again, for the steward to complete.
    assert 'value="entry:guest" checked' in body


def test_it_never_confirms_a_missing_car_silently(sepang: Sepang, world: Any) -> None:
    client = client_for(world.aco_staff)
    _, fields = previewed(client, sepang)
    before = counts()
    choices = all_resolved(sepang)
    del choices["choice:missing:98"]
    response = client.post(f"/steward/races/{sepang.race.pk}/confirm/", {**fields, **choices})
    assert response.status_code == 400
    assert "Choose how to resolve: car #98 (GT) is on the entry list but not in the file." in text(response)
    response = client.post(
        f"/steward/races/{sepang.race.pk}/confirm/", {**fields, **choices, "choice:missing:98": "wrong_file"}
    )
    assert response.status_code == 400
    assert "Marked as the wrong file" in text(response)
    assert counts() == before


def test_it_refuses_choices_made_on_a_preview_the_entry_list_has_moved_on_from(sepang: Sepang, world: Any) -> None:
    client = client_for(world.aco_staff)
    _, fields = previewed(client, sepang)
    # Meanwhile the team nominates Delétraz itself: the preview's differences no longer hold.
    Nomination.objects.create(
        entry=sepang.entries["99"], event=sepang.race.event, driver=sepang.drivers["Louis DELÉTRAZ"]
    )
    before = counts()
    response = client.post(f"/steward/races/{sepang.race.pk}/confirm/", {**fields, **all_resolved(sepang)})
    assert response.status_code == 400
    assert "changed since this preview" in text(response)
    assert counts() == before


def test_it_lets_a_steward_leave_an_unknown_car_for_the_staff_who_resolve_it(sepang: Sepang, world: Any) -> None:
    steward = client_for(world.aco_steward)
    _, fields = previewed(steward, sepang)
    choices = {k: v for k, v in all_resolved(sepang).items() if ":20:" not in k and k != "choice:car:20"}
    # A steward cannot add the car: confirming with "leave for staff" chosen is refused...
    response = steward.post(
        f"/steward/races/{sepang.race.pk}/confirm/", {**fields, **choices, "choice:car:20": "entry:guest"}
    )
    assert response.status_code == 400 and "is not a way to resolve" in text(response)
    # ...and leaving it saves nothing but the waiting upload.
    response = steward.post(
        f"/steward/races/{sepang.race.pk}/confirm/", {**fields, **choices, "choice:car:20": "staff", "action": "staff"}
    )
    assert response.status_code == 302
    pending = PendingUpload.objects.get(waiting_for_staff_since__isnull=False)
    assert ClassificationVersion.objects.count() == 0 and not Entry.objects.filter(number="20").exists()
    race_page = text(steward.get(f"/steward/races/{sepang.race.pk}/"))
    assert 'id="waiting-uploads"' in race_page and f"/steward/uploads/{pending.pk}/" in race_page
    # The staff see it on their home, open the same preview with the steward's choices, and resolve it.
    staff = client_for(world.aco_staff)
    home = text(staff.get("/home/"))
    assert f"/steward/uploads/{pending.pk}/" in home
    page = staff.get(f"/steward/uploads/{pending.pk}/")
    assert page.status_code == 200
    body = text(page)
    assert 'id="waiting"' in body and f'value="driver:{sepang.drivers["Louis DELÉTRAZ"].pk}" checked' in body
    response = staff.post(f"/steward/races/{sepang.race.pk}/confirm/", {**form_of(body), **all_resolved(sepang)})
    assert response.status_code == 302
    assert ClassificationVersion.objects.get(race=sepang.race).rows.count() == 40
    assert text(staff.get("/home/")).count(f"/steward/uploads/{pending.pk}/") == 0


@pytest.mark.parametrize("persona", ["outsider", "team_manager", "sro_staff"])
def test_it_lets_no_one_outside_the_series_resolve_an_upload(sepang: Sepang, world: Any, persona: str) -> None:
    steward = client_for(world.aco_steward)
    _, fields = previewed(steward, sepang)
    choices = {k: v for k, v in all_resolved(sepang).items() if ":20:" not in k}
    steward.post(
        f"/steward/races/{sepang.race.pk}/confirm/", {**fields, **choices, "choice:car:20": "staff", "action": "staff"}
    )
    pending = PendingUpload.objects.get()
    client = client_for(getattr(world, persona))
    assert client.get(f"/steward/uploads/{pending.pk}/").status_code == 404
    response = client.post(f"/steward/races/{sepang.race.pk}/confirm/", {**fields, **all_resolved(sepang)})
    assert response.status_code == 404
    assert ClassificationVersion.objects.count() == 0


def test_it_keeps_a_stewards_upload_from_other_stewards_until_left_for_staff(sepang: Sepang, world: Any) -> None:
    _, fields = previewed(client_for(world.aco_steward), sepang)
    assert client_for(world.aco_staff).get(f"/steward/uploads/{fields['pending']}/").status_code == 404


# --- the right file for the right race ----------------------------------------------------


def confirm_all(client: Client, sepang: Sepang, fields: dict[str, str], race: Any, **extra: str) -> Any:
    return client.post(f"/steward/races/{race.pk}/confirm/", {**fields, **all_resolved(sepang), **extra})


def test_it_holds_the_hour_2_file_of_race_1_until_a_reason_is_given(sepang: Sepang, world: Any) -> None:
    client = client_for(world.aco_staff)
    response, fields = previewed(client, sepang, ASLMS_SEPANG_R1_HOUR_2)
    body = text(response)
    assert 'data-code="intermediate"' in body and 'data-code="short"' in body
    assert "the classification after hour 2; R1 Race is a 4 h race" in body
    before = counts()
    refused = confirm_all(client, sepang, fields, sepang.race)
    assert refused.status_code == 400 and "Give the reason to use it anyway" in text(refused)
    assert counts() == before
    saved = confirm_all(client, sepang, fields, sepang.race, acknowledgement="Race stopped after 2 h, not resumed")
    assert saved.status_code == 302
    audit = AuditEntry.objects.get(action="results.classification.uploaded")
    assert "Steward's reason: Race stopped after 2 h, not resumed" in audit.reason
    assert any("after hour 2" in check for check in audit.after["race_checks"])


def test_it_holds_the_race_2_file_uploaded_into_race_1(sepang: Sepang, world: Any) -> None:
    response, _ = previewed(client_for(world.aco_staff), sepang, RACE_FILES[2])
    body = text(response)
    assert 'data-code="date"' in body and 'data-code="race_of_weekend"' in body
    assert "the file name says race 2 of the weekend; R1 Race is race 1 of 2 of its event" in body


def test_it_holds_the_file_of_race_1_uploaded_again_into_race_2(sepang: Sepang, world: Any) -> None:
    client = client_for(world.aco_staff)
    _, fields = previewed(client, sepang)
    assert confirm_all(client, sepang, fields, sepang.race).status_code == 302
    response, _ = previewed(client, sepang, race=sepang.race_2)
    body = text(response)
    assert 'data-code="same_file"' in body and "already the classification of R1 4 Hours of Sepang" in body
    assert 'data-code="date"' in body and 'data-code="race_of_weekend"' in body


def test_it_refuses_a_qualifying_file_in_a_race_saying_what_it_is(sepang: Sepang, world: Any) -> None:
    path = QUALIFYING_FILES["sepang"]
    response = post_upload(client_for(world.aco_steward), sepang.race, path.read_bytes(), filename=path.name)
    assert response.status_code == 400
    assert f"{path.name} is a qualifying file, not a race classification" in text(response)
    assert PendingUpload.objects.count() == 0


def without_drivers(number: str) -> bytes:
    """The real race 1 file with the driver cells of car `number` emptied (as a file cut by hand would be)."""
    rows = list(csv.reader(io.StringIO(RACE_1.read_text(encoding="utf-8"))))
    header = rows[0]
    for row in rows[1:]:
        if row and row[header.index("NUMBER")] == number:
            for column in ("DRIVER_1", "DRIVER_2", "DRIVER_3", "DRIVER_4", "DRIVER_5"):
                row[header.index(column)] = ""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


@pytest.mark.parametrize(("choice", "status", "drivers"), [("dns", "dns", 0), ("nominated", "classified", 3)])
def test_it_makes_the_steward_say_what_a_car_without_drivers_means(
    sepang: Sepang, world: Any, choice: str, status: str, drivers: int
) -> None:
    client = client_for(world.aco_staff)
    response = post_upload(client, sepang.race, without_drivers("7"), filename=RACE_1.name)
    body = text(response)
    assert "row 20: car #7 has no drivers in the file" in body
    fields = form_of(body)
    refused = client.post(f"/steward/races/{sepang.race.pk}/confirm/", {**fields, **all_resolved(sepang)})
    assert refused.status_code == 400 and "Choose how to resolve: row 20: car #7 has no drivers" in text(refused)
    saved = client.post(
        f"/steward/races/{sepang.race.pk}/confirm/", {**fields, **all_resolved(sepang), "choice:nodrivers:7": choice}
    )
    assert saved.status_code == 302
    row = ClassificationVersion.objects.get().rows.get(number="7")
    assert (row.status, row.drivers.count()) == (status, drivers)


def test_it_answers_forged_or_wrong_choices_with_a_clear_refusal_never_a_500(sepang: Sepang, world: Any) -> None:
    client = client_for(world.aco_staff)
    _, fields = previewed(client, sepang)
    before = counts()
    forged = {
        **all_resolved(sepang),
        f"choice:{late('99', 'Louis DELÉTRAZ')}": "driver:abc",
        "choice:no-such-difference": "dns",
        f"nationality:{late('90', 'Charlie EASTWOOD')}": "Ireland",
        f"category:{late('20', 'Seth LUCAS')}": "diamond",
    }
    response = client.post(f"/steward/races/{sepang.race.pk}/confirm/", {**fields, **forged})
    assert response.status_code == 400
    assert "'driver:abc' is not a way to resolve: row 2: Louis DELÉTRAZ is not nominated" in text(response)
    forged[f"choice:{late('99', 'Louis DELÉTRAZ')}"] = "new"
    response = client.post(f"/steward/races/{sepang.race.pk}/confirm/", {**fields, **forged})
    assert response.status_code == 400
    assert "Charlie EASTWOOD: 'IRELAND' is not a nationality" in text(response)
    assert counts() == before


def test_it_offers_a_late_drivers_category_and_nationality_from_the_weekends_qualifying(
    sepang: Sepang, world: Any
) -> None:
    steward = client_for(world.aco_steward)
    # Car #20 took the LMP3 pole: a qualifying file giving the pole to a car not entered is refused.
    factories.EntryFactory(
        season=sepang.season, number="20", racing_class=sepang.classes["LMP3"], status=EntryStatus.ACCEPTED
    )
    qualifying = QUALIFYING_FILES["sepang"]
    sent = steward.post(
        f"/steward/events/{sepang.race.event_id}/qualifying/upload/",
        {"file": SimpleUploadedFile(qualifying.name, qualifying.read_bytes())},
    )
    assert sent.status_code == 200, sent.context.get("problems")
    upload = sent.context["preview"].upload
    steward.post(
        f"/steward/events/{sepang.race.event_id}/qualifying/confirm/", {"pending": upload.pk, "sha256": upload.sha256}
    )
    response, _ = previewed(steward, sepang)
    # The race file prints "Charlie EASTWOOD"; the qualifying file "Charles Eastwood", G, IRL.
    choice = next(c for c in response.context["differences"] if c.difference.key == late("90", "Charlie EASTWOOD"))
    assert (choice.category, choice.nationality) == ("gold", "IRL")
    assert 'value="IRL"' in response.content.decode()
