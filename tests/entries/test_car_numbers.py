"""Car numbers from the outside: two team managers want the same number.

Only submitted, accepted and reserve entries hold a number; a draft merely wishes for one, and
the refusal never names the holder, its team or its status.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, transaction

from entries.models import Entry, EntryStatus
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

TAKEN = "Car #7 is already taken in GT World Challenge Asia 2022: choose another number."


def _create_draft(paddock: Any, manager: Any, team: Any, number: str = "7") -> Any:
    return client_for(manager).post(
        "/my/entries/new/",
        {
            "team": team.pk,
            "season": paddock.season.pk,
            "number": number,
            "racing_class": paddock.gt3.pk,
            "cup": paddock.cups["PRO-AM"].pk,
            "kind": "full_season",
        },
    )


def _with_valid_crew(paddock: Any, entry: Entry) -> Entry:
    paddock.nominate(entry, paddock.driver("bronze", "JPN"), paddock.driver("gold", "GBR"))
    return entry


def test_it_lets_two_teams_draft_the_same_wished_number(paddock: Any) -> None:
    assert _create_draft(paddock, paddock.manager_a, paddock.team_a).status_code == 302
    assert _create_draft(paddock, paddock.manager_b, paddock.team_b).status_code == 302
    assert sorted(Entry.objects.filter(number="7").values_list("team__name", flat=True)) == [
        "Absolute Racing",
        "Team Bee",
    ]


def test_it_gives_the_number_to_the_first_team_that_submits(paddock: Any) -> None:
    _create_draft(paddock, paddock.manager_a, paddock.team_a)
    _create_draft(paddock, paddock.manager_b, paddock.team_b)
    mine = _with_valid_crew(paddock, Entry.objects.get(team=paddock.team_a))
    theirs = _with_valid_crew(paddock, Entry.objects.get(team=paddock.team_b))

    client_for(paddock.manager_b).post(f"/my/entries/{theirs.pk}/submit/")
    response = client_for(paddock.manager_a).post(f"/my/entries/{mine.pk}/submit/", follow=True)

    page = response.content.decode()
    assert TAKEN in page
    assert "Team Bee" not in page and "submitted by" not in page.lower()
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, theirs.status) == (EntryStatus.DRAFT, EntryStatus.SUBMITTED)


def test_it_does_not_let_a_draft_block_another_teams_submission(paddock: Any) -> None:
    _create_draft(paddock, paddock.manager_a, paddock.team_a)
    response = _create_draft(paddock, paddock.manager_b, paddock.team_b)
    theirs = _with_valid_crew(paddock, Entry.objects.get(team=paddock.team_b))
    assert response.status_code == 302

    client_for(paddock.manager_b).post(f"/my/entries/{theirs.pk}/submit/")

    theirs.refresh_from_db()
    assert theirs.status == EntryStatus.SUBMITTED


@pytest.mark.parametrize("status", [EntryStatus.SUBMITTED, EntryStatus.ACCEPTED, EntryStatus.RESERVE])
def test_it_refuses_a_new_draft_a_held_number_without_naming_the_holder(paddock: Any, status: str) -> None:
    paddock.entry(team=paddock.team_b, number="7", status=status)

    response = _create_draft(paddock, paddock.manager_a, paddock.team_a)

    page = response.content.decode()
    assert response.status_code == 200 and TAKEN in page
    assert "Team Bee" not in page
    assert not Entry.objects.filter(team=paddock.team_a).exists()


@pytest.mark.parametrize("status", [EntryStatus.WITHDRAWN, EntryStatus.REJECTED, EntryStatus.DRAFT])
def test_it_leaves_the_number_free_when_the_other_entry_holds_none(paddock: Any, status: str) -> None:
    paddock.entry(team=paddock.team_b, number="7", status=status)

    assert _create_draft(paddock, paddock.manager_a, paddock.team_a).status_code == 302


def test_it_lets_the_database_hold_one_number_per_season_only_from_submission(paddock: Any) -> None:
    paddock.entry(team=paddock.team_a, number="7", status=EntryStatus.DRAFT)
    paddock.entry(team=paddock.team_b, number="7", status=EntryStatus.DRAFT)
    held = paddock.entry(team=paddock.team_b, number="8", status=EntryStatus.SUBMITTED)
    other = paddock.entry(team=paddock.team_a, number="8", status=EntryStatus.DRAFT)

    other.status = EntryStatus.SUBMITTED
    with pytest.raises(IntegrityError), transaction.atomic():
        other.save()
    assert held.status == EntryStatus.SUBMITTED
