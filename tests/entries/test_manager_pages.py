"""Team manager pages under /my/: register a draft, nominate, submit, withdraw."""

from __future__ import annotations

from typing import Any

import pytest

from championships.models import AuditEntry, Cup, RacingClass
from entries.models import DriverCategory, Entry, EntryStatus, Nomination
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def test_it_registers_a_draft_entry(paddock: Any) -> None:
    client = client_for(paddock.manager_a)
    assert client.get("/my/entries/new/").status_code == 200
    response = client.post(
        "/my/entries/new/",
        {
            "team": paddock.team_a.pk,
            "season": paddock.season.pk,
            "number": "23",
            "racing_class": paddock.gt3.pk,
            "cup": paddock.cups["SILVER"].pk,
            "car_model": paddock.car.pk,
            "kind": "full_season",
        },
    )
    entry = Entry.objects.get(number="23")
    assert response.status_code == 302 and response["Location"] == f"/my/entries/{entry.pk}/"
    assert (entry.team, entry.status, entry.created_by) == (
        paddock.team_a,
        EntryStatus.DRAFT,
        paddock.manager_a,
    )
    page = client.get(f"/my/entries/{entry.pk}/").content.decode()
    assert "Draft" in page and "Nominate a driver" in page


def test_it_shows_a_taken_number_as_a_form_error(paddock: Any) -> None:
    paddock.entry(team=paddock.team_b, number="7", status=EntryStatus.SUBMITTED)
    response = client_for(paddock.manager_a).post(
        "/my/entries/new/",
        {
            "team": paddock.team_a.pk,
            "season": paddock.season.pk,
            "number": "7",
            "racing_class": paddock.gt3.pk,
            "kind": "full_season",
        },
    )
    assert response.status_code == 200
    assert (
        "Car #7 is already taken in GT World Challenge Asia 2022: choose another number." in response.content.decode()
    )
    assert Entry.objects.filter(number="7").count() == 1


def test_it_does_not_offer_another_managers_team(paddock: Any) -> None:
    response = client_for(paddock.manager_a).post(
        "/my/entries/new/",
        {
            "team": paddock.team_b.pk,
            "season": paddock.season.pk,
            "number": "70",
            "racing_class": paddock.gt3.pk,
            "kind": "full_season",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Entry.objects.filter(number="70").exists()


def test_it_nominates_a_new_driver_and_an_existing_one_then_submits(paddock: Any) -> None:
    entry = paddock.entry(cup="PRO-AM")
    client = client_for(paddock.manager_a)
    url = f"/my/entries/{entry.pk}/nominate/"
    response = client.post(
        url,
        {
            "event": paddock.sepang.pk,
            "first_name": "Hiroshi",
            "last_name": "Hamaguchi",
            "nationality": "jpn",
            "category": "bronze",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    gold = paddock.driver("gold", "GBR", first_name="Chris", last_name="Lulham")
    assert client.post(url, {"event": paddock.sepang.pk, "driver": gold.pk}).status_code == 302
    driver = Nomination.objects.get(driver__last_name="Hamaguchi").driver
    assert DriverCategory.objects.get(driver=driver, season=paddock.season).category == "bronze"
    response = client.post(f"/my/entries/{entry.pk}/submit/", follow=True)
    assert "submitted to the series for review" in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED


def test_it_shows_why_a_line_up_cannot_be_submitted(paddock: Any) -> None:
    entry = paddock.entry(cup="SILVER")
    paddock.nominate(entry, paddock.driver("silver", "JPN"), paddock.driver("gold", "GBR"))
    response = client_for(paddock.manager_a).post(f"/my/entries/{entry.pk}/submit/", follow=True)
    body = response.content.decode()
    assert "At Sepang: GT3 Silver Cup needs two Silver drivers; this line-up has one." in body
    entry.refresh_from_db()
    assert entry.status == EntryStatus.DRAFT


def test_it_shows_a_nomination_error_clearly(paddock: Any) -> None:
    entry = paddock.entry()
    response = client_for(paddock.manager_a).post(
        f"/my/entries/{entry.pk}/nominate/",
        {
            "event": paddock.sepang.pk,
            "first_name": "New",
            "last_name": "Driver",
            "nationality": "FRA",
        },
    )
    assert response.status_code == 400
    assert "Give New Driver&#x27;s FIA category for GT World Challenge Asia 2022." in response.content.decode()
    assert not Nomination.objects.exists()


def test_it_removes_a_nomination_and_keeps_it_as_history(paddock: Any) -> None:
    entry = paddock.entry()
    [nomination] = paddock.nominate(entry, paddock.driver("bronze", last_name="Removed"))
    client = client_for(paddock.manager_a)
    assert client.post(f"/my/nominations/{nomination.pk}/remove/").status_code == 302
    nomination.refresh_from_db()
    assert nomination.removed_at is not None
    assert "<s>" in client.get(f"/my/entries/{entry.pk}/").content.decode()


def test_it_withdraws_with_a_reason(paddock: Any) -> None:
    entry = paddock.entry(status=EntryStatus.SUBMITTED)
    client = client_for(paddock.manager_a)
    assert client.get(f"/my/entries/{entry.pk}/withdraw/").status_code == 200
    response = client.post(f"/my/entries/{entry.pk}/withdraw/", {"reason": "Budget"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.status_reason) == (EntryStatus.WITHDRAWN, "Budget")
    assert AuditEntry.objects.get(action="entries.entry.withdrawn").actor == paddock.manager_a


def test_it_refuses_team_edits_after_acceptance(paddock: Any) -> None:
    entry = paddock.entry(status=EntryStatus.ACCEPTED, number="3")
    client = client_for(paddock.manager_a)
    response = client.post(
        f"/my/entries/{entry.pk}/edit/",
        {"number": "4", "racing_class": paddock.gt3.pk, "kind": "full_season"},
        follow=True,
    )
    assert "Entry #3 is accepted: only the series staff can change it now." in response.content.decode()
    entry.refresh_from_db()
    assert entry.number == "3"


def test_it_edits_a_draft(paddock: Any) -> None:
    entry = paddock.entry(number="3")
    response = client_for(paddock.manager_a).post(
        f"/my/entries/{entry.pk}/edit/",
        {
            "number": "33",
            "racing_class": paddock.gt3.pk,
            "cup": paddock.cups["AM"].pk,
            "kind": "guest",
        },
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.number, entry.cup, entry.kind) == ("33", paddock.cups["AM"], "guest")


def test_it_lists_my_entries_with_status(paddock: Any) -> None:
    paddock.entry(number="11", status=EntryStatus.ACCEPTED)
    paddock.entry(team=paddock.team_b, number="12")
    body = client_for(paddock.manager_a).get("/my/entries/").content.decode()
    assert "#11" in body and "Accepted" in body
    assert "#12" not in body and "Team Bee" not in body
    teams = client_for(paddock.manager_a).get("/my/teams/").content.decode()
    assert "Absolute Racing" in teams and "Team Bee" not in teams


def test_it_offers_only_the_chosen_seasons_classes_and_cups(paddock: Any) -> None:
    other = RacingClass.objects.get(season=paddock.aslms, code="LMP3")
    response = client_for(paddock.manager_a).get("/my/entries/new/", {"season": paddock.season.pk})
    fields = response.context["form"].fields
    assert paddock.gt3 in fields["racing_class"].queryset and other not in fields["racing_class"].queryset
    assert set(fields["cup"].queryset) == set(paddock.cups.values())
    assert f'<option value="{paddock.season.pk}" selected>' in response.content.decode()


def test_it_names_a_class_and_cup_of_another_season_and_saves_nothing(paddock: Any) -> None:
    lmp3 = RacingClass.objects.get(season=paddock.aslms, code="LMP3")
    foreign_cup = Cup.objects.get(season=paddock.aslms, code="LMP2-AM")
    response = client_for(paddock.manager_a).post(
        "/my/entries/new/",
        {
            "team": paddock.team_a.pk,
            "season": paddock.season.pk,
            "number": "24",
            "racing_class": lmp3.pk,
            "cup": foreign_cup.pk,
            "kind": "full_season",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["racing_class"] == ["Class LMP3 is not a class of GT World Challenge Asia 2022."]
    assert errors["cup"] == ["Cup LMP2-AM is not a cup of GT World Challenge Asia 2022."]
    assert not Entry.objects.filter(number="24").exists()
    assert not AuditEntry.objects.exists()


def test_it_leaves_no_new_driver_behind_when_the_nomination_is_refused(paddock: Any) -> None:
    from entries.models import Driver

    entry = paddock.entry()
    before = Driver.objects.count()
    response = client_for(paddock.manager_a).post(
        f"/my/entries/{entry.pk}/nominate/",
        {"event": paddock.sepang.pk, "first_name": "Orphan", "last_name": "Driver", "nationality": "FRA"},
    )
    assert response.status_code == 400
    assert "Give Orphan Driver&#x27;s FIA category for GT World Challenge Asia 2022." in response.content.decode()
    assert Driver.objects.count() == before and not Nomination.objects.exists()
    assert not AuditEntry.objects.exists()


def test_it_closes_the_edit_page_of_a_decided_entry_to_the_team(paddock: Any) -> None:
    entry = paddock.entry(status=EntryStatus.ACCEPTED, number="3")
    response = client_for(paddock.manager_a).get(f"/my/entries/{entry.pk}/edit/", follow=True)
    assert response.redirect_chain == [(f"/my/entries/{entry.pk}/", 302)]
    assert "Entry #3 is accepted: only the series staff can change it now." in response.content.decode()


def test_it_shows_a_taken_number_next_to_the_number_field_on_edit(paddock: Any) -> None:
    paddock.entry(team=paddock.team_b, number="9", status=EntryStatus.SUBMITTED)
    entry = paddock.entry(number="10")
    response = client_for(paddock.manager_a).post(
        f"/my/entries/{entry.pk}/edit/", {"number": "9", "racing_class": paddock.gt3.pk, "kind": "full_season"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["number"] == [
        "Car #9 is already taken in GT World Challenge Asia 2022: choose another number."
    ]
    entry.refresh_from_db()
    assert entry.number == "10"
