"""Registration workflow: draft → submitted → accepted/rejected/reserve; withdrawn by the team."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from championships.models import AuditEntry
from entries import services
from entries.errors import EntryRefused, NotAllowed
from entries.models import Entry, EntryStatus

pytestmark = pytest.mark.django_db


def valid_draft(paddock: Any, **kw: Any) -> Entry:
    entry = paddock.entry(**kw)
    paddock.nominate(entry, paddock.driver("bronze", "JPN"), paddock.driver("gold", "GBR"))
    return entry


def test_it_creates_a_draft_and_audits_it(paddock: Any) -> None:
    entry = services.entry_create(
        actor=paddock.manager_a,
        team=paddock.team_a,
        season=paddock.season,
        number=" 77 ",
        racing_class=paddock.gt3,
        cup=paddock.cups["PRO-AM"],
        car_model=paddock.car,
    )
    assert (entry.status, entry.number) == (EntryStatus.DRAFT, "77")
    audit = AuditEntry.objects.get(action="entries.entry.created")
    assert audit.actor == paddock.manager_a and audit.series_id == paddock.season.series_id
    assert audit.after["number"] == "77" and audit.after["cup"] == "PRO-AM"


def test_it_refuses_a_taken_car_number_naming_no_team(paddock: Any) -> None:
    paddock.entry(team=paddock.team_b, number="7", status=EntryStatus.SUBMITTED)
    with pytest.raises(EntryRefused) as exc:
        services.entry_create(
            actor=paddock.manager_a,
            team=paddock.team_a,
            season=paddock.season,
            number="7",
            racing_class=paddock.gt3,
        )
    assert exc.value.messages == ["Car #7 is already taken in GT World Challenge Asia 2022: choose another number."]
    assert Entry.objects.filter(number="7").count() == 1


def test_it_frees_the_number_of_a_withdrawn_entry(paddock: Any) -> None:
    old = paddock.entry(team=paddock.team_b, number="7")
    services.entry_withdraw(actor=paddock.manager_b, entry=old, reason="No budget")
    entry = services.entry_create(
        actor=paddock.manager_a,
        team=paddock.team_a,
        season=paddock.season,
        number="7",
        racing_class=paddock.gt3,
    )
    assert entry.pk != old.pk


def test_it_refuses_a_class_or_cup_of_another_season(paddock: Any) -> None:
    from championships.models import Cup, RacingClass

    lmp2 = RacingClass.objects.get(season=paddock.aslms, code="LMP2")
    am = Cup.objects.get(season=paddock.aslms, code="LMP2-AM")
    with pytest.raises(EntryRefused) as exc:
        services.entry_create(
            actor=paddock.manager_a,
            team=paddock.team_a,
            season=paddock.season,
            number="x1",
            racing_class=lmp2,
            cup=am,
        )
    assert exc.value.messages == [
        "'x1' is not a car number: use 1 to 4 digits, e.g. 7 or 007.",
        "Class LMP2 is not a class of GT World Challenge Asia 2022.",
        "Cup LMP2-AM is not a cup of GT World Challenge Asia 2022.",
    ]


def test_it_refuses_an_entry_for_a_team_the_user_does_not_manage(paddock: Any) -> None:
    with pytest.raises(NotAllowed, match="You do not manage Team Bee"):
        services.entry_create(
            actor=paddock.manager_a,
            team=paddock.team_b,
            season=paddock.season,
            number="8",
            racing_class=paddock.gt3,
        )


def test_it_runs_submit_then_accept_with_audit_and_mail(paddock: Any, django_capture_on_commit_callbacks: Any) -> None:
    entry = valid_draft(paddock)
    with django_capture_on_commit_callbacks(execute=True):
        services.entry_submit(actor=paddock.manager_a, entry=entry)
    assert entry.status == EntryStatus.SUBMITTED
    # The team's managers and the series staff hear of the submission.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([paddock.manager_a.email, paddock.world.sro_staff.email])
    assert all("submitted" in m.subject for m in mail.outbox)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.entry_accept(actor=paddock.world.sro_staff, entry=entry)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.ACCEPTED
    assert [m.to for m in mail.outbox] == [[paddock.manager_a.email]] and "accepted" in mail.outbox[0].subject
    actions = list(AuditEntry.objects.filter(object_id=str(entry.pk)).values_list("action", flat=True))
    assert {"entries.entry.submitted", "entries.entry.accepted"} <= set(actions)
    accepted = AuditEntry.objects.get(action="entries.entry.accepted")
    assert accepted.before == {"status": "submitted", "status_reason": ""}
    assert accepted.actor == paddock.world.sro_staff


def test_it_rejects_with_a_reason_that_reaches_the_team(paddock: Any, django_capture_on_commit_callbacks: Any) -> None:
    entry = paddock.entry(status=EntryStatus.SUBMITTED)
    with pytest.raises(EntryRefused, match="Give a reason for the rejection."):
        services.entry_reject(actor=paddock.world.sro_staff, entry=entry, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.entry_reject(actor=paddock.world.sro_staff, entry=entry, reason="Grid is full")
    entry.refresh_from_db()
    assert (entry.status, entry.status_reason) == (EntryStatus.REJECTED, "Grid is full")
    assert "Reason: Grid is full" in mail.outbox[0].body
    assert AuditEntry.objects.get(action="entries.entry.rejected").reason == "Grid is full"


def test_it_puts_on_reserve_and_accepts_later(paddock: Any) -> None:
    entry = valid_draft(paddock, status=EntryStatus.SUBMITTED)
    services.entry_reserve(actor=paddock.world.sro_staff, entry=entry, reason="Waiting list")
    assert entry.status == EntryStatus.RESERVE
    services.entry_accept(actor=paddock.world.sro_staff, entry=entry)
    assert entry.status == EntryStatus.ACCEPTED


def test_it_lets_the_team_withdraw_with_a_reason(paddock: Any) -> None:
    entry = paddock.entry(status=EntryStatus.ACCEPTED)
    with pytest.raises(EntryRefused, match="Give a reason for the withdrawal."):
        services.entry_withdraw(actor=paddock.manager_a, entry=entry, reason="")
    services.entry_withdraw(actor=paddock.manager_a, entry=entry, reason="Driver injured")
    assert entry.status == EntryStatus.WITHDRAWN


@pytest.mark.parametrize(
    ("status", "call", "message"),
    [
        (EntryStatus.WITHDRAWN, "accept", "A withdrawn entry cannot be accepted."),
        (EntryStatus.DRAFT, "accept", "A draft entry cannot be accepted."),
        (EntryStatus.ACCEPTED, "submit", "An accepted entry cannot be submitted."),
        (EntryStatus.REJECTED, "withdraw", "A rejected entry cannot be withdrawn."),
        (EntryStatus.ACCEPTED, "reserve", "An accepted entry cannot be put on reserve."),
        (EntryStatus.WITHDRAWN, "reject", "A withdrawn entry cannot be rejected."),
    ],
)
def test_it_refuses_illegal_transitions(paddock: Any, status: str, call: str, message: str) -> None:
    entry = paddock.entry(status=status)
    actor = paddock.world.sro_staff
    calls = {
        "accept": lambda: services.entry_accept(actor=actor, entry=entry),
        "submit": lambda: services.entry_submit(actor=actor, entry=entry),
        "withdraw": lambda: services.entry_withdraw(actor=actor, entry=entry, reason="x"),
        "reserve": lambda: services.entry_reserve(actor=actor, entry=entry),
        "reject": lambda: services.entry_reject(actor=actor, entry=entry, reason="x"),
    }
    with pytest.raises(EntryRefused) as exc:
        calls[call]()
    assert exc.value.messages == [message]
    entry.refresh_from_db()
    assert entry.status == status
    assert not AuditEntry.objects.filter(object_id=str(entry.pk)).exists()


def test_it_refuses_decisions_to_team_managers_stewards_and_other_series_staff(
    paddock: Any,
) -> None:
    entry = valid_draft(paddock, status=EntryStatus.SUBMITTED)
    for user in (
        paddock.manager_a,
        paddock.sro_steward,
        paddock.world.aco_staff,
        paddock.world.outsider,
    ):
        with pytest.raises(NotAllowed, match="Only the staff of GT World Challenge Asia can accept"):
            services.entry_accept(actor=user, entry=entry)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED


def test_it_refuses_submitting_without_a_line_up(paddock: Any) -> None:
    entry = paddock.entry()
    with pytest.raises(EntryRefused) as exc:
        services.entry_submit(actor=paddock.manager_a, entry=entry)
    assert exc.value.messages == ["Nominate the drivers for at least one event before submitting the entry."]


def test_it_refuses_submitting_an_invalid_line_up_with_the_rule_message(paddock: Any) -> None:
    entry = paddock.entry(cup="PRO-AM")
    paddock.nominate(entry, paddock.driver("silver", "JPN"), paddock.driver("bronze", "GBR"))
    paddock.nominate(entry, paddock.driver("gold", "JPN"), paddock.driver("silver", "GBR"), event=paddock.suzuka)
    with pytest.raises(EntryRefused) as exc:
        services.entry_submit(actor=paddock.manager_a, entry=entry)
    assert exc.value.messages == [
        "At Suzuka: GT3 Pro-Am needs one Bronze driver; this line-up has none.",
        "At Suzuka: GT3 Pro-Am allows at most one Platinum, Gold or Silver driver; this line-up has two.",
    ]
    entry.refresh_from_db()
    assert entry.status == EntryStatus.DRAFT


def test_it_refuses_edits_after_acceptance_to_team_managers_but_not_staff(paddock: Any) -> None:
    entry = valid_draft(paddock, status=EntryStatus.ACCEPTED, number="5")
    with pytest.raises(NotAllowed) as exc:
        services.entry_update(actor=paddock.manager_a, entry=entry, data={"number": "6"})
    assert str(exc.value) == "Entry #5 is accepted: only the series staff can change it now."
    updated = services.entry_update(actor=paddock.world.sro_staff, entry=entry, data={"number": "6"})
    assert updated.number == "6"
    audit = AuditEntry.objects.get(action="entries.entry.updated")
    assert (audit.before, audit.after) == ({"number": "5"}, {"number": "6"})


def test_it_refuses_a_cup_change_that_breaks_the_line_up_of_a_submitted_entry(paddock: Any) -> None:
    entry = valid_draft(paddock, status=EntryStatus.SUBMITTED)
    with pytest.raises(EntryRefused) as exc:
        services.entry_update(actor=paddock.manager_a, entry=entry, data={"cup": paddock.cups["AM"]})
    assert "At Sepang: GT3 Am needs two Bronze drivers; this line-up has one." in exc.value.messages
    entry.refresh_from_db()
    assert entry.cup == paddock.cups["PRO-AM"]


def test_it_refuses_a_taken_number_on_update(paddock: Any) -> None:
    paddock.entry(team=paddock.team_b, number="9", status=EntryStatus.SUBMITTED)
    entry = paddock.entry(number="10")
    with pytest.raises(
        EntryRefused,
        match=r"Car #9 is already taken in GT World Challenge Asia 2022: choose another number\.",
    ):
        services.entry_update(actor=paddock.manager_a, entry=entry, data={"number": "9"})
