"""Self-service onboarding (issue 18 item 1): a person registers a team or asks to manage one, the
series staff decide with a reason, the person is told by e-mail; registration windows; reserve list."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from championships.models import AuditEntry
from entries import services
from entries.models import Entry, EntryStatus, Team, TeamRequest
from tests import factories
from tests.helpers import client_for

pytestmark = pytest.mark.django_db
PUBLIC = "https://paddock.example.org"


@pytest.fixture(autouse=True)
def _public_address(settings: Any) -> None:
    settings.PADDOCK_PUBLIC_URL = PUBLIC


def _open(season: Any, days: int = 30) -> None:
    season.registration_opens = timezone.now() - timedelta(days=1)
    season.registration_closes = timezone.now() + timedelta(days=days)
    season.save()


def _register(client: Any, season: Any, name: str = "Nova Racing") -> Any:
    return client.post(
        "/my/teams/register/",
        {"name": name, "country": "nzl", "contact": "office@nova.example", "season": season.pk, "message": "Hi"},
    )


def test_it_lets_a_person_without_role_register_a_team_that_staff_approve(
    paddock: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _open(paddock.season)
    person = factories.UserFactory(outsider=True, username="nadia", first_name="Nadia", last_name="Newman")
    home = client_for(person).get("/home/").content.decode()
    assert "/my/teams/register/" in home and "/my/teams/join/" in home
    with django_capture_on_commit_callbacks(execute=True):
        response = _register(client_for(person), paddock.season)
    team = Team.objects.get(name="Nova Racing")
    assert response.status_code == 302 and f"team={team.pk}" in response["Location"]
    assert not team.approved and list(team.managers.all()) == [person]
    staff_mail = [m for m in mail.outbox if paddock.world.sro_staff.email in m.to]
    assert staff_mail and f"{PUBLIC}/staff/requests/" in staff_mail[0].body
    # Another organisation's staff neither see nor decide it.
    assert "Nova Racing" not in client_for(paddock.world.aco_staff).get("/staff/requests/").content.decode()
    request = TeamRequest.objects.get(team=team)
    refused = client_for(paddock.world.aco_staff).post(f"/staff/requests/{request.pk}/decide/", {"decision": "approve"})
    assert refused.status_code == 404
    # The series' staff approve; the person hears it with a link on the public address.
    mail.outbox.clear()
    staff = client_for(paddock.world.sro_staff)
    assert "Nova Racing" in staff.get("/staff/requests/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(f"/staff/requests/{request.pk}/decide/", {"decision": "approve"})
    team.refresh_from_db()
    assert team.approved
    assert mail.outbox[0].to == [person.email] and f"{PUBLIC}/my/teams/" in mail.outbox[0].body
    assert AuditEntry.objects.filter(action="entries.team_request.approved", actor=paddock.world.sro_staff).exists()


def test_it_refuses_with_a_reason_the_person_reads(paddock: Any, django_capture_on_commit_callbacks: Any) -> None:
    _open(paddock.season)
    person = factories.UserFactory(outsider=True, username="nadia")
    _register(client_for(person), paddock.season)
    request = TeamRequest.objects.get()
    staff = client_for(paddock.world.sro_staff)
    staff.post(f"/staff/requests/{request.pk}/decide/", {"decision": "refuse", "reason": ""})
    assert TeamRequest.objects.get().status == "pending"  # no reason, no refusal
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(f"/staff/requests/{request.pk}/decide/", {"decision": "refuse", "reason": "Unknown team"})
    assert "Reason: Unknown team" in mail.outbox[-1].body and mail.outbox[-1].to == [person.email]
    assert not Team.objects.get(name="Nova Racing").managers.exists()
    assert "Unknown team" in client_for(person).get("/my/teams/").content.decode()


def test_it_accepts_no_entry_of_a_team_not_yet_approved(paddock: Any) -> None:
    _open(paddock.season)
    person = factories.UserFactory(outsider=True, username="nadia")
    _register(client_for(person), paddock.season)
    team = Team.objects.get(name="Nova Racing")
    entry = paddock.entry(team=team, status=EntryStatus.SUBMITTED)
    paddock.nominate(entry, paddock.driver("bronze"), paddock.driver("gold"))
    with pytest.raises(Exception, match="not approved yet"):
        services.entry_accept(actor=paddock.world.sro_staff, entry=entry)
    assert Entry.objects.get(pk=entry.pk).status == EntryStatus.SUBMITTED


def test_it_lets_a_person_ask_to_manage_an_existing_team(paddock: Any, django_capture_on_commit_callbacks: Any) -> None:
    paddock.entry(team=paddock.team_a)  # the team races in GTWC Asia (SRO)
    person = factories.UserFactory(outsider=True, username="nadia")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(person).post("/my/teams/join/", {"team": paddock.team_a.pk, "message": "New TM"})
    request = TeamRequest.objects.get(team=paddock.team_a)
    assert any(paddock.world.sro_staff.email in m.to for m in mail.outbox)
    client_for(paddock.world.sro_staff).post(f"/staff/requests/{request.pk}/decide/", {"decision": "approve"})
    assert paddock.team_a.managers.filter(pk=person.pk).exists()


def test_it_offers_only_seasons_whose_registration_is_open(paddock: Any) -> None:
    person = factories.UserFactory(outsider=True, username="nadia")
    assert _register(client_for(person), paddock.season).status_code == 400  # no window set
    paddock.season.registration_opens = timezone.now() - timedelta(days=10)
    paddock.season.registration_closes = timezone.now() - timedelta(days=1)
    paddock.season.save()
    assert _register(client_for(person), paddock.season).status_code == 400
    assert not Team.objects.filter(name="Nova Racing").exists()


def test_it_lets_only_staff_add_entries_after_registration_closed(paddock: Any) -> None:
    paddock.season.registration_opens = timezone.now() - timedelta(days=10)
    paddock.season.registration_closes = timezone.now() - timedelta(days=1)
    paddock.season.save()
    data = {"team": paddock.team_a, "season": paddock.season, "number": "88", "racing_class": paddock.gt3}
    with pytest.raises(Exception, match="closed: only its series staff"):
        services.entry_create(actor=paddock.manager_a, **data)
    assert services.entry_create(actor=paddock.world.sro_staff, **data).status == EntryStatus.DRAFT


def test_it_keeps_the_reserve_list_in_order(paddock: Any) -> None:
    staff = paddock.world.sro_staff
    entries = [paddock.entry(number=str(n), status=EntryStatus.SUBMITTED) for n in (10, 11, 12)]
    for entry in entries:
        paddock.nominate(entry, paddock.driver("bronze"), paddock.driver("gold"))
        services.entry_reserve(actor=staff, entry=entry)
    assert [Entry.objects.get(pk=e.pk).reserve_position for e in entries] == [1, 2, 3]
    services.entry_accept(actor=staff, entry=entries[0])
    assert [Entry.objects.get(pk=e.pk).reserve_position for e in entries] == [None, 1, 2]


def test_it_lets_the_series_staff_reorder_the_reserve_list_audited(paddock: Any) -> None:
    from entries import reserve_list

    staff = paddock.world.sro_staff
    entries = [paddock.entry(number=str(n), status=EntryStatus.SUBMITTED) for n in (20, 21, 22)]
    for entry in entries:
        paddock.nominate(entry, paddock.driver("bronze"), paddock.driver("gold"))
        services.entry_reserve(actor=staff, entry=entry)
    ordered = reserve_list.reserve_move(actor=staff, entry=Entry.objects.get(pk=entries[2].pk), position=1)
    assert [e.number for e in ordered] == ["22", "20", "21"]
    assert AuditEntry.objects.filter(action="entries.entry.reserve_moved", actor=staff).exists()
    with pytest.raises(Exception, match="Only the staff"):
        reserve_list.reserve_move(actor=paddock.manager_a, entry=entries[0], position=3)
