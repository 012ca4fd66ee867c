"""The permissions matrix over HTTP: team manager A vs B, steward, outsider, anonymous."""

from __future__ import annotations

from typing import Any

import pytest

from entries.models import Entry, EntryStatus, Nomination
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def personas(paddock: Any) -> dict[str, Any]:
    return {
        "manager_b": paddock.manager_b,
        "steward": paddock.sro_steward,
        "outsider": paddock.world.outsider,
        "other series staff": paddock.world.aco_staff,
    }


def test_it_shows_a_draft_only_to_its_team(paddock: Any) -> None:
    entry = paddock.entry(number="41")
    assert client_for(paddock.manager_a).get(f"/my/entries/{entry.pk}/").status_code == 200
    for name, user in personas(paddock).items():
        for url in (
            f"/my/entries/{entry.pk}/",
            f"/my/entries/{entry.pk}/edit/",
            f"/my/entries/{entry.pk}/withdraw/",
        ):
            response = client_for(user).get(url)
            assert response.status_code == 404, (name, url)
    anonymous = client_for(None).get(f"/my/entries/{entry.pk}/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_it_refuses_writes_on_another_teams_entry(paddock: Any) -> None:
    entry = paddock.entry(number="42")
    [nomination] = paddock.nominate(entry, paddock.driver("bronze"))
    driver = paddock.driver("gold")
    for name, user in personas(paddock).items():
        client = client_for(user)
        assert client.post(f"/my/entries/{entry.pk}/submit/").status_code == 404, name
        assert client.post(f"/my/entries/{entry.pk}/withdraw/", {"reason": "x"}).status_code == 404, name
        assert (
            client.post(
                f"/my/entries/{entry.pk}/edit/",
                {"number": "99", "racing_class": paddock.gt3.pk, "kind": "guest"},
            ).status_code
            == 404
        ), name
        assert (
            client.post(
                f"/my/entries/{entry.pk}/nominate/",
                {"event": paddock.sepang.pk, "driver": driver.pk},
            ).status_code
            == 404
        ), name
        assert client.post(f"/my/nominations/{nomination.pk}/remove/").status_code == 404, name
    for url in (f"/my/entries/{entry.pk}/submit/", f"/my/nominations/{nomination.pk}/remove/"):
        assert client_for(None).post(url).status_code == 302
    entry.refresh_from_db()
    nomination.refresh_from_db()
    assert (entry.status, entry.number, nomination.removed_at) == (EntryStatus.DRAFT, "42", None)
    assert Nomination.objects.count() == 1


def test_it_lets_only_team_managers_open_the_registration_form(paddock: Any) -> None:
    assert client_for(paddock.manager_b).get("/my/entries/new/").status_code == 200
    for user in (paddock.sro_steward, paddock.world.outsider):
        assert client_for(user).get("/my/entries/new/").status_code == 403
    assert client_for(None).get("/my/entries/new/").status_code == 302


def test_it_lists_nothing_of_other_teams(paddock: Any) -> None:
    paddock.entry(number="43")
    for user in (paddock.manager_b, paddock.sro_steward, paddock.world.outsider):
        body = client_for(user).get("/my/entries/").content.decode()
        assert "#43" not in body and "Absolute Racing" not in body


def test_it_keeps_drafts_out_of_the_admin_for_team_managers_and_outsiders(paddock: Any) -> None:
    entry = paddock.entry(number="44")
    for user in (paddock.manager_a, paddock.manager_b, paddock.world.outsider):
        response = client_for(user).get(f"/admin/entries/entry/{entry.pk}/change/")
        assert response.status_code in (302, 403)
        assert b"Absolute Racing" not in response.content


def test_it_gives_the_steward_read_only_admin_access(paddock: Any) -> None:
    entry = paddock.entry(number="45", status=EntryStatus.SUBMITTED)
    client = client_for(paddock.sro_steward)
    response = client.get(f"/admin/entries/entry/{entry.pk}/change/")
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()
    response = client.post("/admin/entries/entry/", {"action": "accept_entries", "_selected_action": [entry.pk]})
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED


def test_it_hides_entries_of_other_series_from_staff(paddock: Any) -> None:
    entry = paddock.entry(number="46", status=EntryStatus.SUBMITTED)
    client = client_for(paddock.world.aco_staff)
    assert b"Absolute Racing" not in client.get("/admin/entries/entry/").content
    client.post("/admin/entries/entry/", {"action": "accept_entries", "_selected_action": [entry.pk]})
    assert Entry.objects.get(pk=entry.pk).status == EntryStatus.SUBMITTED


@pytest.mark.parametrize("status", [s.value for s in EntryStatus])
def test_it_hides_another_teams_entry_whatever_its_status(paddock: Any, status: str) -> None:
    entry = paddock.entry(number="47", status=status, status_reason="internal note")
    client = client_for(paddock.manager_b)
    assert client.get(f"/my/entries/{entry.pk}/").status_code == 404
    for url in ("/my/entries/", "/my/teams/"):
        body = client.get(url).content.decode()
        assert "#47" not in body and "internal note" not in body
