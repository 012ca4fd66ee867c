"""Staff review entries in the admin: scoped lists, bulk decisions through the services."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from championships.models import AuditEntry
from entries.models import Entry, EntryStatus, LineupRule
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/entries/entry/"


def submitted(paddock: Any, number: str, team: Any = None) -> Entry:
    entry = paddock.entry(team=team, number=number, status=EntryStatus.SUBMITTED)
    paddock.nominate(entry, paddock.driver("bronze", "JPN"), paddock.driver("gold", "GBR"))
    return entry


def test_it_lists_and_filters_entries_of_the_staffs_series(paddock: Any) -> None:
    submitted(paddock, "1")
    paddock.entry(team=paddock.team_b, number="2", cup="AM")
    client = client_for(paddock.world.sro_staff)
    body = client.get(CHANGELIST).content.decode()
    assert "Absolute Racing" in body and "Team Bee" in body
    filtered = client.get(CHANGELIST, {"status__exact": "submitted"}).content.decode()
    assert "Absolute Racing" in filtered and "Team Bee" not in filtered
    assert "Team Bee" in client.get(CHANGELIST, {"q": "Bee"}).content.decode()
    assert (
        client.get(CHANGELIST, {"cup__id__exact": paddock.cups["AM"].pk, "kind__exact": "full_season"}).status_code
        == 200
    )


def test_it_accepts_in_bulk_with_audit_and_mail(paddock: Any, django_capture_on_commit_callbacks: Any) -> None:
    entries = [submitted(paddock, "1"), submitted(paddock, "2", team=paddock.team_b)]
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(paddock.world.sro_staff).post(
            CHANGELIST,
            {"action": "accept_entries", "_selected_action": [e.pk for e in entries]},
            follow=True,
        )
    assert "2 entries accepted." in response.content.decode()
    assert set(Entry.objects.values_list("status", flat=True)) == {EntryStatus.ACCEPTED}
    assert AuditEntry.objects.filter(action="entries.entry.accepted").count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([paddock.manager_a.email, paddock.manager_b.email])


def test_it_reports_entries_it_could_not_accept(paddock: Any) -> None:
    ok = submitted(paddock, "1")
    draft = paddock.entry(number="2")
    response = client_for(paddock.world.sro_staff).post(
        CHANGELIST, {"action": "accept_entries", "_selected_action": [ok.pk, draft.pk]}, follow=True
    )
    body = response.content.decode()
    assert "#2 Absolute Racing: A draft entry cannot be accepted." in body
    assert "1 entry accepted." in body


def test_it_needs_a_reason_to_reject(paddock: Any, django_capture_on_commit_callbacks: Any) -> None:
    entry = submitted(paddock, "1")
    client = client_for(paddock.world.sro_staff)
    response = client.post(CHANGELIST, {"action": "reject_entries", "_selected_action": [entry.pk]}, follow=True)
    assert "Give the reason for the rejection" in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            CHANGELIST,
            {
                "action": "reject_entries",
                "_selected_action": [entry.pk],
                "reason": "Late application",
            },
        )
    entry.refresh_from_db()
    assert (entry.status, entry.status_reason) == (EntryStatus.REJECTED, "Late application")
    assert "Reason: Late application" in mail.outbox[0].body


def test_it_puts_on_reserve(paddock: Any) -> None:
    entry = submitted(paddock, "1")
    client_for(paddock.world.sro_staff).post(
        CHANGELIST,
        {"action": "reserve_entries", "_selected_action": [entry.pk], "reason": "Grid full"},
    )
    entry.refresh_from_db()
    assert (entry.status, entry.status_reason) == (EntryStatus.RESERVE, "Grid full")


def test_it_lets_staff_change_an_accepted_entry_through_the_service(paddock: Any) -> None:
    entry = paddock.entry(number="5", status=EntryStatus.ACCEPTED, cup=None)
    client = client_for(paddock.world.sro_staff)
    url = f"/admin/entries/entry/{entry.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "number": "55",
            "racing_class": paddock.gt3.pk,
            "cup": "",
            "car_model": paddock.car.pk,
            "kind": "full_season",
            "scoring_override": "unknown",
            "nominations-TOTAL_FORMS": 0,
            "nominations-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    entry.refresh_from_db()
    assert entry.number == "55"
    assert AuditEntry.objects.get(action="entries.entry.updated").actor == paddock.world.sro_staff


def test_it_refuses_a_taken_number_in_the_admin_form(paddock: Any) -> None:
    paddock.entry(team=paddock.team_b, number="7", status=EntryStatus.SUBMITTED)
    response = client_for(paddock.world.sro_staff).post(
        "/admin/entries/entry/add/",
        {
            "season": paddock.season.pk,
            "team": paddock.team_a.pk,
            "number": "7",
            "racing_class": paddock.gt3.pk,
            "kind": "full_season",
            "scoring_override": "unknown",
            "nominations-TOTAL_FORMS": 0,
            "nominations-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert (
        "Car #7 is already taken in GT World Challenge Asia 2022: choose another number." in response.content.decode()
    )
    assert Entry.objects.filter(number="7").count() == 1


def test_it_adds_an_entry_in_the_admin(paddock: Any) -> None:
    response = client_for(paddock.world.sro_staff).post(
        "/admin/entries/entry/add/",
        {
            "season": paddock.season.pk,
            "team": paddock.team_a.pk,
            "number": "8",
            "racing_class": paddock.gt3.pk,
            "cup": paddock.cups["AM"].pk,
            "kind": "guest",
            "scoring_override": "unknown",
            "nominations-TOTAL_FORMS": 0,
            "nominations-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = Entry.objects.get(number="8")
    assert (entry.kind, entry.created_by) == ("guest", paddock.world.sro_staff)


def test_it_opens_the_rules_and_reference_screens(paddock: Any) -> None:
    client = client_for(paddock.world.sro_staff)
    rule = LineupRule.objects.get(season=paddock.season, name="GT3 Pro-Am")
    for url in (
        "/admin/entries/lineuprule/",
        f"/admin/entries/lineuprule/{rule.pk}/change/",
        "/admin/entries/nationalitygroup/",
        "/admin/entries/team/",
        "/admin/entries/driver/",
        f"/admin/entries/driver/{paddock.driver('gold').pk}/change/",
        "/admin/entries/carmodel/",
        "/admin/entries/manufacturer/",
        "/admin/entries/nomination/",
        "/admin/entries/team/add/",
    ):
        assert client.get(url).status_code == 200, url
    rules = client.get("/admin/entries/lineuprule/").content.decode()
    assert "GT3 Pro-Am" in rules and "LMP2 Am" not in rules  # AsLMS rules belong to the ACO


def test_it_edits_a_rule_with_category_checkboxes(paddock: Any) -> None:
    rule = LineupRule.objects.get(season=paddock.season, name="GT3 Am")
    requirement = rule.requirements.get()
    response = client_for(paddock.world.sro_staff).post(
        f"/admin/entries/lineuprule/{rule.pk}/change/",
        {
            "season": paddock.season.pk,
            "racing_class": paddock.gt3.pk,
            "cup": paddock.cups["AM"].pk,
            "name": "GT3 Am",
            "min_drivers": 2,
            "max_drivers": 3,
            "allowed_categories": ["bronze", "silver"],
            "nationality_group": "",
            "min_nationality_drivers": 1,
            "requirements-TOTAL_FORMS": 1,
            "requirements-INITIAL_FORMS": 1,
            "requirements-0-id": requirement.pk,
            "requirements-0-rule": rule.pk,
            "requirements-0-categories": ["bronze"],
            "requirements-0-min_count": 1,
            "requirements-0-max_count": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    rule.refresh_from_db()
    assert (rule.max_drivers, rule.allowed_categories) == (3, "silver,bronze")
    assert rule.requirements.get().min_count == 1


def test_it_refuses_reference_data_deletion_and_rule_edits_to_stewards(paddock: Any) -> None:
    rule = LineupRule.objects.get(season=paddock.season, name="GT3 Am")
    client = client_for(paddock.sro_steward)
    assert client.get("/admin/entries/team/").status_code == 200
    assert client.get("/admin/entries/team/add/").status_code == 403
    assert client.post(f"/admin/entries/lineuprule/{rule.pk}/change/", {"name": "x"}).status_code == 403
    staff = client_for(paddock.world.sro_staff)
    assert staff.get(f"/admin/entries/team/{paddock.team_a.pk}/delete/").status_code == 403


def test_it_keeps_entries_from_being_deleted_by_series_staff(paddock: Any) -> None:
    entry = submitted(paddock, "1")
    client = client_for(paddock.world.sro_staff)
    assert client.get(f"/admin/entries/entry/{entry.pk}/delete/").status_code == 403
    response = client.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}, follow=True
    )
    assert response.status_code == 200
    assert Entry.objects.filter(pk=entry.pk).exists() and entry.nominations.count() == 2


def test_it_shows_a_line_up_broken_by_a_cup_change_on_the_admin_form(paddock: Any) -> None:
    entry = submitted(paddock, "1")  # Bronze + Gold: fine in Pro-Am, not in Am
    response = client_for(paddock.world.sro_staff).post(
        f"/admin/entries/entry/{entry.pk}/change/",
        {
            "number": "1",
            "racing_class": paddock.gt3.pk,
            "cup": paddock.cups["AM"].pk,
            "car_model": paddock.car.pk,
            "kind": "full_season",
            "scoring_override": "unknown",
            "nominations-TOTAL_FORMS": 0,
            "nominations-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "At Sepang: GT3 Am needs two Bronze drivers; this line-up has one." in response.content.decode()
    entry.refresh_from_db()
    assert entry.cup == paddock.cups["PRO-AM"]
    assert not AuditEntry.objects.filter(action="entries.entry.updated").exists()
