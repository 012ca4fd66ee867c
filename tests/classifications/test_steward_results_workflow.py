"""Issue 10 items 3, 4 and 6 from the outside, as a steward uses the pages: the prefilled results
template, every problem of a file in one pass, cups and names, and the decision form."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest
from django.test import Client

from championships.models import AuditEntry, action_label
from results.classifications.models import Decision, PendingUpload
from results.classifications.services import classification_publish
from tests import factories
from tests.helpers import client_for, post_upload, upload
from tests.scenarios import Elms

pytestmark = pytest.mark.django_db


def template_rows(client: Client, elms: Elms) -> list[dict[str, str]]:
    response = client.get(f"/steward/races/{elms.race.pk}/template.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "results-template.csv" in response["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def filled(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The template as a steward fills it in: every car classified, in the template's order."""
    return [{**row, "position": str(i), "status": "classified"} for i, row in enumerate(rows, start=1)]


def as_csv(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def problems_of(response: Any) -> str:
    body = response.content.decode()
    assert response.status_code == 400, body[-2000:]
    return body[body.index('id="upload-problems"') :]


def test_it_offers_a_template_prefilled_with_the_entry_list(elms: Elms, world: Any) -> None:
    client = client_for(world.aco_steward)
    page = client.get(f"/steward/races/{elms.race.pk}/").content.decode()
    assert f'href="/steward/races/{elms.race.pk}/template.csv"' in page
    assert f'href="/steward/races/{elms.race.pk}/template.xlsx"' in page
    rows = template_rows(client, elms)
    assert len(rows) == len(elms.entries) == 38
    by_number = {row["number"]: row for row in rows}
    assert by_number["46"]["class"] == "LMP2" and by_number["46"]["team"] == "Thiriet By TDS Racing"
    assert by_number["46"]["drivers"].split("|") == ["Pierre Thiriet", "Ludovic Badey", "Tristan Gommendy"]
    # Classes in the season's order; what only the race can tell is left blank.
    assert [row["class"] for row in rows][:1] == ["LMP2"] and rows[-1]["class"] == "GTC"
    assert {(row["position"], row["status"], row["laps"]) for row in rows} == {("", "", "")}
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/steward/races/{elms.race.pk}/template.xlsx").content), read_only=True
    )
    sheet = list(workbook.active.values)
    assert sheet[0][:6] == ("position", "number", "class", "cup", "team", "drivers") and len(sheet) == 39


def test_it_refuses_the_unedited_template_saying_what_to_fill_in(elms: Elms, world: Any) -> None:
    client = client_for(world.aco_steward)
    response = post_upload(client, elms.race, client.get(f"/steward/races/{elms.race.pk}/template.csv").content)
    problems = problems_of(response)
    assert "row 2, column position: missing value" in problems and "row 2, column status: missing value" in problems
    assert PendingUpload.objects.count() == 0


def test_it_imports_the_filled_in_template(elms: Elms, world: Any) -> None:
    client = client_for(world.aco_steward)
    response = post_upload(client, elms.race, as_csv(filled(template_rows(client, elms))), "results.csv")
    body = response.content.decode()
    assert response.status_code == 200 and "Read as <strong>template-csv</strong>" in body and "38 cars" in body


def test_it_shows_parse_entry_and_driver_problems_of_a_file_in_one_pass(elms: Elms, world: Any) -> None:
    client = client_for(world.aco_steward)
    rows = filled(template_rows(client, elms))
    rows[0]["laps"] = "many"  # parse: not a number (row 2)
    rows[1]["number"] = "999"  # entry list: not entered (row 3)
    rows[2]["drivers"] = "Nobody KNOWN"  # entry list: driver not nominated (row 4)
    rows[3]["status"] = "finished"  # parse: unknown status (row 5)
    rows[3]["class"] = "GTC"  # entry list: wrong class, on the same row as a parse problem
    rows[4]["drivers"] = "Someone ELSE"  # row 6: a driver problem on a row with a bad time
    rows[4]["total_time"] = "soon"
    problems = problems_of(post_upload(client, elms.race, as_csv(rows)))
    # Why not the unknown car and drivers: those are differences the preview resolves, not refusals.
    for expected in (
        "row 2, column laps: &#x27;many&#x27; is not a whole number",
        "row 5, column status: &#x27;finished&#x27; is not a known status",
        "row 5, column class: car",
        "row 6, column total_time:",
    ):
        assert expected in problems, expected
    assert "car 999" not in problems and "Nobody KNOWN" not in problems
    assert problems.count("<li>") == 4
    assert PendingUpload.objects.count() == 0


def test_it_shows_cups_and_cup_positions_by_name_in_preview_page_and_api(elms: Elms, world: Any) -> None:
    gtc = elms.classes["GTC"]
    gtc.name = "GT Challenge"
    gtc.save()
    cup = factories.CupFactory(season=elms.season, racing_class=gtc, code="GTCAM", name="GTC Am Trophy")
    # 73, 60 and 62 are GTC cars finishing 2nd, 3rd and 13th of the class in the real file.
    for number in ("62", "60", "73"):
        elms.entries[number].cup = cup
        elms.entries[number].save()
    client = client_for(world.aco_steward)
    response = post_upload(client, elms.race, as_csv(filled(template_rows(client, elms))))
    preview = response.content.decode()
    assert "<th>Cup</th>" in preview and "GTC Am Trophy" in preview and "GT Challenge" in preview
    version = upload(elms, world.aco_steward)
    classification_publish(version=version, user=world.aco_steward, status="provisional", reason="")
    page = Client().get(f"/races/{elms.race.pk}/classification/").content.decode()
    row_73 = page[page.index('data-number="73"') :].split("</tr>", 1)[0]
    assert 'GTC Am Trophy</td><td class="num">1</td>' in row_73
    rows = {r["number"]: r for r in Client().get(f"/api/v1/races/{elms.race.pk}/classification/").json()["rows"]}
    assert [(rows[n]["cup"], rows[n]["cup_position"]) for n in ("73", "60", "62")] == [
        ("GTC Am Trophy", 1),
        ("GTC Am Trophy", 2),
        ("GTC Am Trophy", 3),
    ]
    assert rows["73"]["cup_code"] == "GTCAM" and rows["73"]["class_name"] == "GT Challenge"
    assert (rows["46"]["cup"], rows["46"]["cup_position"]) == ("", None)


def decision_post(client: Client, elms: Elms, **fields: Any) -> Any:
    data = {"number": "12", "entry": elms.entries["46"].pk, "offence": "Pit lane speeding", **fields}
    return client.post(f"/steward/races/{elms.race.pk}/decisions/new/", data)


def test_it_shows_the_fields_of_the_chosen_penalty_only(elms: Elms, world: Any) -> None:
    client = client_for(world.aco_steward)
    body = client.get(f"/steward/races/{elms.race.pk}/decisions/new/").content.decode()
    # Time added is the first kind: its field is shown, the others are hidden and disabled.
    assert 'data-kinds="time drive_through">' in body
    assert 'data-kinds="laps" hidden>' in body and 'name="laps_deducted" min="0" disabled' in body
    # Without a script, "show the fields" re-renders for the kind chosen and saves nothing.
    body = client.post(
        f"/steward/races/{elms.race.pk}/decisions/new/", {"kind": "laps", "offence": "Kept", "refresh": "1"}
    ).content.decode()
    assert 'data-kinds="laps">' in body and 'data-kinds="time drive_through" hidden>' in body and "Kept" in body
    assert Decision.objects.count() == 0


def test_it_refuses_contradictory_penalties_with_a_clear_message(elms: Elms, world: Any) -> None:
    upload(elms, world.aco_steward)
    client = client_for(world.aco_steward)
    body = decision_post(client, elms, kind="dsq", time_added_s="30").content.decode()
    assert "Disqualification takes no time added: clear it, or choose the penalty it belongs to." in body
    body = decision_post(client, elms, kind="laps", laps_deducted="1", positions_dropped="2").content.decode()
    assert "Laps deducted takes no places dropped" in body
    assert Decision.objects.count() == 0
    assert decision_post(client, elms, kind="dsq").status_code == 302
    body = decision_post(client, elms, number="13", kind="ex").content.decode()
    assert "Car #46 already has disqualification by Decision 12; amend that decision instead" in body
    assert Decision.objects.count() == 1


def test_it_prefills_an_amendment_and_says_what_it_needs(elms: Elms, world: Any) -> None:
    upload(elms, world.aco_steward)
    client = client_for(world.aco_steward)
    assert decision_post(client, elms, kind="laps", laps_deducted="2").status_code == 302
    decision = Decision.objects.get()
    body = client.get(f"/steward/decisions/{decision.pk}/amend/").content.decode()
    assert "Amend Decision 12 (car #46)" in body
    assert "An amendment needs: <strong>the new decision's document number</strong>" in body
    assert '<option value="laps" selected>' in body and 'name="laps_deducted" value="2"' in body
    assert "Pit lane speeding</textarea>" in body
    # What it needs, refused when missing: a new number and the reason.
    body = client.post(
        f"/steward/decisions/{decision.pk}/amend/", {"kind": "laps", "laps_deducted": "1", "offence": "x"}
    ).content.decode()
    assert body.count('class="errorlist') >= 2
    response = client.post(
        f"/steward/decisions/{decision.pk}/amend/",
        {"number": "12A", "kind": "laps", "laps_deducted": "1", "offence": "x", "reason": "Appeal upheld"},
    )
    assert response.status_code == 302


def test_it_shows_document_numbers_as_entered(elms: Elms, world: Any) -> None:
    version = upload(elms, world.aco_steward)
    client = client_for(world.aco_steward)
    response = decision_post(client, elms, number="Doc 12", kind="time", time_added_s="30")
    assert response.status_code == 302
    race_page = client.get(f"/steward/races/{elms.race.pk}/").content.decode()
    assert "Doc 12: +30" in race_page and "DDoc" not in race_page
    classification_publish(version=version, user=world.aco_steward, status="provisional", reason="")
    public = Client().get(f"/races/{elms.race.pk}/classification/").content.decode()
    assert "<li>Doc 12: car #46" in public and "Decision Doc" not in public
    api = Client().get(f"/api/v1/races/{elms.race.pk}/classification/").json()
    assert api["decisions"][0]["penalty"].startswith("Doc 12: ")


def test_it_names_audit_actions_for_people(elms: Elms, world: Any) -> None:
    assert action_label("results.classification.published") == "Classification published"
    assert action_label("entries.entry.submitted") == "Entry submitted"
    assert action_label("results.qualifying.confirm") == "Qualifying confirmed"
    upload(elms, world.aco_steward)
    entry = AuditEntry.objects.get(action="results.classification.uploaded")
    assert entry.action_label == "Classification uploaded" and "Classification uploaded" in str(entry)
