"""Writes of entries: creation, edits and the registration workflow (each checks who may do it).

Line-up writes (drivers, categories, nominations) live in entries.lineup_services and are
re-exported here so callers have one module of services.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from django.db import IntegrityError, transaction

from championships.audit import audit_record
from championships.models import Cup, Event, RacingClass, Season
from championships.scoping import AnyUser
from championships.transitions import Transition
from entries import notifications, permissions, reserve_list, selectors
from entries.errors import EntryRefused, NotAllowed
from entries.lineup_services import (  # noqa: F401  (re-exported)
    DRIVER_FIELDS,
    driver_category_delete,
    driver_category_set,
    driver_create,
    driver_create_from_results,
    driver_update,
    late_nomination_add,
    nomination_add,
    nomination_add_new_driver,
    nomination_remove,
)
from entries.models import CarModel, Entry, EntryKind, EntryStatus, Team
from entries.season_lineups import (  # noqa: F401  (re-exported)
    CrewPick,
    EventCrew,
    season_driver_add,
    season_lineups_problems,
    season_lineups_set,
)

ENTRY_FIELDS = ("number", "racing_class", "cup", "car_model", "kind")
# What entry_create takes: admin form, import rows and the team form all pass these by name.
CREATE_FIELDS = ("team", "season", *ENTRY_FIELDS)
STAFF_ONLY_FIELDS = ("scoring_override",)
NUMBER_RE = re.compile(r"^[0-9]{1,4}$")

# action: (statuses it may start from, status it leads to, past participle for messages/mails)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "submitted": ((EntryStatus.DRAFT,), EntryStatus.SUBMITTED, "submitted"),
    "accepted": ((EntryStatus.SUBMITTED, EntryStatus.RESERVE), EntryStatus.ACCEPTED, "accepted"),
    "rejected": ((EntryStatus.SUBMITTED, EntryStatus.RESERVE), EntryStatus.REJECTED, "rejected"),
    "reserved": ((EntryStatus.SUBMITTED,), EntryStatus.RESERVE, "put on reserve"),
    "withdrawn": (
        (EntryStatus.DRAFT, EntryStatus.SUBMITTED, EntryStatus.ACCEPTED, EntryStatus.RESERVE),
        EntryStatus.WITHDRAWN,
        "withdrawn",
    ),
    # Season imports: a car in the results of a past season was accepted by its series.
    "accepted_from_results": ((EntryStatus.DRAFT,), EntryStatus.ACCEPTED, "accepted"),
}
# The steps people take on the pages (not the import's).
WORKFLOW_STEPS = ("submitted", "accepted", "rejected", "reserved", "withdrawn")
# action: who may take it (content checks, e.g. line-ups, run when the change is made)
TRANSITION_CHECKS: dict[str, Callable[[AnyUser, Entry], None]] = {
    "submitted": permissions.ensure_can_submit,
    "accepted": permissions.ensure_can_decide,
    "rejected": permissions.ensure_can_decide,
    "reserved": permissions.ensure_can_decide,
    "withdrawn": permissions.ensure_can_withdraw,
    "accepted_from_results": permissions.ensure_can_decide,
}
TRANSITION_LABELS = {
    "submitted": "Submit the entry",
    "accepted": "Accept",
    "rejected": "Reject…",
    "reserved": "Put on reserve",
    "withdrawn": "Withdraw…",
}


def snapshot(entry: Entry) -> dict[str, Any]:
    """The entry as plain data for the audit log."""
    return {
        "season": entry.season.code,
        "team": entry.team.name,
        "number": entry.number,
        "class": entry.racing_class.code,
        "cup": entry.cup.code if entry.cup_id and entry.cup else "",
        "car_model": str(entry.car_model) if entry.car_model_id else "",
        "kind": entry.kind,
        "status": entry.status,
        "status_reason": entry.status_reason,
        "scoring_override": entry.scoring_override,
    }


def team_snapshot(team: Team) -> dict[str, Any]:
    """The team as plain data for the audit log (managers by username)."""
    return {
        "name": team.name,
        "country": team.country,
        "managers": sorted(team.managers.values_list("username", flat=True)),
    }


def team_record_change(*, actor: AnyUser, team: Team, before: dict[str, Any]) -> None:
    """Audit a team saved in the admin (who changed its name or managers); the admin checks rights."""
    after = team_snapshot(team)
    if after != before:
        audit_record(
            action="entries.team.updated" if before else "entries.team.created",
            actor=actor,
            obj=team,
            before={k: v for k, v in before.items() if after.get(k) != v},
            after={k: v for k, v in after.items() if before.get(k) != v},
        )


def team_create(*, actor: AnyUser, name: str, country: str = "") -> Team:
    """A new team without managers (e.g. named in a results file), audited as if added in the admin."""
    name = (name or "").strip()
    if not name:
        raise EntryRefused("Give the team's name.")
    # Why: the admin's rule for adding a team: series staff (of any series, the team is new).
    if not permissions.can_change_team(actor, None):
        raise NotAllowed("Only series staff can create a team.")
    with transaction.atomic():
        team = Team.objects.create(name=name, country=(country or "").strip().upper())
        team_record_change(actor=actor, team=team, before={})
    return team


def taken_message(season: Season, number: str, holder: Entry | None = None) -> str:
    """The refusal for a taken car number.

    Why no team, status or entry named: whoever holds the number (submitted or on reserve, not
    yet public) is none of the asking team's business; only the fact that it is taken.
    """
    return f"Car #{number} is already taken in {season}: choose another number."


def entry_validate(entry: Entry, *, check_lineups: bool = True) -> None:
    """Refuse (EntryRefused, per field) an entry whose proposed number, class or cup does not fit.

    ``check_lineups=False`` (season imports) skips the line-ups: see lineup_services.nomination_add.
    """
    # Why: `entry` carries the proposed values (unsaved when new); once submitted, a change must
    # also keep every nominated line-up within the rules of its (possibly new) class and cup.
    season, number, racing_class, cup = entry.season, entry.number, entry.racing_class, entry.cup
    errors: dict[str, list[str]] = {}
    if not NUMBER_RE.match(number or ""):
        errors["number"] = [f"'{number}' is not a car number: use 1 to 4 digits, e.g. 7 or 007."]
    elif holder := selectors.number_holder(season, number, entry.pk):
        errors["number"] = [taken_message(season, number, holder)]
    if racing_class.season_id != season.pk:
        errors["racing_class"] = [f"Class {racing_class.code} is not a class of {season}."]
    if cup is not None:
        if cup.season_id != season.pk:
            errors["cup"] = [f"Cup {cup.code} is not a cup of {season}."]
        elif cup.racing_class_id and cup.racing_class_id != racing_class.pk:
            errors["cup"] = [f"The {cup} cup belongs to class {cup.racing_class}, not {racing_class.code}."]
    if errors:
        raise EntryRefused(errors)
    if not check_lineups or entry.pk is None or entry.status == EntryStatus.DRAFT:
        return
    if problems := selectors.lineup_problems(entry):
        raise EntryRefused(problems)


def _save_entry(entry: Entry) -> None:
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError as exc:
        # Why: two teams asking for the same number at the same moment: the constraint decides.
        holder = selectors.number_holder(entry.season, entry.number, entry.pk)
        if holder is None:
            raise
        raise EntryRefused({"number": [taken_message(entry.season, entry.number, holder)]}) from exc


def entry_create(
    *,
    actor: AnyUser,
    team: Team,
    season: Season,
    number: str,
    racing_class: RacingClass,
    cup: Cup | None = None,
    car_model: CarModel | None = None,
    kind: str = EntryKind.FULL_SEASON,
) -> Entry:
    """A new draft entry of `team` in `season` (by its managers only while registration is open)."""
    permissions.ensure_can_create(actor, team, season)
    permissions.ensure_registration_open(actor, season)
    entry = Entry(
        season=season,
        team=team,
        number=(number or "").strip(),
        racing_class=racing_class,
        cup=cup,
        car_model=car_model,
        kind=kind,
        status=EntryStatus.DRAFT,
        created_by=permissions.as_user(actor),
    )
    entry_validate(entry)
    with transaction.atomic():
        _save_entry(entry)
        audit_record(
            action="entries.entry.created",
            actor=actor,
            obj=entry,
            series=season.series_id,
            after=snapshot(entry),
        )
    return entry


def _locked(entry: Entry) -> Entry:
    return (
        Entry.objects.select_for_update(of=("self",))
        .select_related("season__series", "team", "racing_class", "cup", "car_model__manufacturer")
        .get(pk=entry.pk)
    )


def entry_update(*, actor: AnyUser, entry: Entry, data: dict[str, Any], check_lineups: bool = True) -> Entry:
    """Change number, class, cup, car model or kind; refused to teams once the entry is decided.

    ``check_lineups=False`` (season imports) skips the line-ups: see lineup_services.nomination_add.
    """
    unknown = set(data) - set(ENTRY_FIELDS) - set(STAFF_ONLY_FIELDS)
    if unknown:
        raise ValueError(f"entry_update cannot change {', '.join(sorted(unknown))}")
    with transaction.atomic():
        locked = _locked(entry)
        permissions.ensure_can_edit(actor, locked)
        if set(data) & set(STAFF_ONLY_FIELDS) and not permissions.is_series_staff(actor, locked):
            raise NotAllowed("Only the series staff can decide whether an entry scores points.")
        before = snapshot(locked)
        for name, value in data.items():
            setattr(
                locked,
                name,
                value.strip() if name == "number" and isinstance(value, str) else value,
            )
        entry_validate(locked, check_lineups=check_lineups)
        _save_entry(locked)
        after = snapshot(locked)
        if after != before:
            audit_record(
                action="entries.entry.updated",
                actor=actor,
                obj=locked,
                series=locked.season.series_id,
                before={k: v for k, v in before.items() if after[k] != v},
                after={k: v for k, v in after.items() if before[k] != v},
            )
    return locked


def entry_event_add(*, actor: AnyUser, entry: Entry, event: Event) -> bool:
    """Enter an event-by-event (guest) entry in one more event of its season; False if it already was."""
    with transaction.atomic():
        locked = _locked(entry)
        permissions.ensure_can_edit(actor, locked)
        if locked.kind != EntryKind.GUEST:
            raise EntryRefused(f"Entry #{locked.number} is a full-season entry: it enters every event.")
        if event.season_id != locked.season_id:
            raise EntryRefused(f"{event.name} is not an event of {locked.season}.")
        if locked.events.filter(pk=event.pk).exists():
            return False
        locked.events.add(event)
        audit_record(
            action="entries.entry.event_added",
            actor=actor,
            obj=locked,
            series=locked.season.series_id,
            after={"event": event.name},
        )
    return True


def _article(word: str) -> str:
    return "An" if word[:1].lower() in "aeiou" else "A"


def _transition_refusal(actor: AnyUser, entry: Entry, action: str) -> NotAllowed | EntryRefused | None:
    """Why `actor` may not take the workflow step `action` on `entry` now, or None."""
    sources, _, verb = TRANSITIONS[action]
    try:
        TRANSITION_CHECKS[action](actor, entry)
    except NotAllowed as exc:
        return exc
    if entry.status not in sources:
        status = entry.get_status_display().lower()
        return EntryRefused(f"{_article(status)} {status} entry cannot be {verb}.")
    return None


def entry_transitions(*, actor: AnyUser, entry: Entry, among: Iterable[str] = WORKFLOW_STEPS) -> list[Transition]:
    """The workflow steps `actor` may take on `entry` now, among those a page offers (`among`)."""
    return [
        Transition(action, TRANSITION_LABELS[action])
        for action in among
        if _transition_refusal(actor, entry, action) is None
    ]


def _transition(
    *,
    actor: AnyUser,
    entry: Entry,
    action: str,
    reason: str,
    extra: Callable[[Entry], None] | None = None,
) -> Entry:
    _, target, verb = TRANSITIONS[action]
    with transaction.atomic():
        locked = _locked(entry)
        if (refusal := _transition_refusal(actor, locked, action)) is not None:
            raise refusal
        if extra is not None:
            extra(locked)
        before = {"status": locked.status, "status_reason": locked.status_reason}
        leaves_reserve = locked.status == EntryStatus.RESERVE and target != EntryStatus.RESERVE
        locked.status = target
        locked.status_reason = reason
        if target == EntryStatus.RESERVE:
            locked.reserve_position = reserve_list.next_position(locked.season_id)
        elif leaves_reserve:
            locked.reserve_position = None
        _save_entry(locked)
        if leaves_reserve:
            reserve_list.close_gaps(locked.season_id)
        audit_record(
            action=f"entries.entry.{action}",
            actor=actor,
            obj=locked,
            series=locked.season.series_id,
            before=before,
            after={"status": locked.status, "status_reason": reason},
            reason=reason,
        )
        notifications.notify_status_change(locked, verb, reason)
        if action in ("submitted", "withdrawn"):
            notifications.notify_staff_of_step(locked, verb, actor)
    entry.status, entry.status_reason = locked.status, locked.status_reason
    return locked


def _lineups_checked_before(doing: str) -> Callable[[Entry], None]:
    """A check that every nominated line-up meets the rules (and that there is one)."""

    def check(entry: Entry) -> None:
        if not selectors.current_nominations(entry).exists():
            raise EntryRefused(f"Nominate the drivers for at least one event before {doing} the entry.")
        if problems := selectors.lineup_problems(entry):
            raise EntryRefused(problems)

    return check


def _require_reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise EntryRefused(f"Give a reason for the {what}.")
    return reason


def _number_free_and_lineups_checked(entry: Entry) -> None:
    # Why: a draft only wished for its number; submitting claims it, so it must be free now.
    if selectors.number_holder(entry.season, entry.number, entry.pk) is not None:
        raise EntryRefused({"number": [taken_message(entry.season, entry.number)]})
    _lineups_checked_before("submitting")(entry)


def entry_submit(*, actor: AnyUser, entry: Entry) -> Entry:
    """Draft → submitted, once its car number is free and every nominated line-up meets the rules."""
    return _transition(
        actor=actor,
        entry=entry,
        action="submitted",
        reason="",
        extra=_number_free_and_lineups_checked,
    )


def _team_approved_and_lineups_checked(entry: Entry) -> None:
    # Why: a team a person registered on the portal races only once its series approved it.
    if not entry.team.approved:
        raise EntryRefused(
            f"{entry.team.name} registered itself and is not approved yet: approve the team first "
            "(Team requests on the staff pages)."
        )
    _lineups_checked_before("accepting")(entry)


def entry_accept(*, actor: AnyUser, entry: Entry) -> Entry:
    """Submitted/reserve → accepted (series staff), the team approved; line-ups checked again (rules may change)."""
    return _transition(
        actor=actor,
        entry=entry,
        action="accepted",
        reason="",
        extra=_team_approved_and_lineups_checked,
    )


def entry_accept_from_results(*, actor: AnyUser, entry: Entry) -> Entry:
    """Draft → accepted (series staff) for an entry the results of a past season show racing.

    Why no submission and no line-up check: the series accepted the car back then, and results
    files carry no FIA categories to check the line-ups with (see nomination_add).
    """
    return _transition(actor=actor, entry=entry, action="accepted_from_results", reason="")


def entry_reject(*, actor: AnyUser, entry: Entry, reason: str) -> Entry:
    """Submitted/reserve → rejected (series staff), with the reason the team will read."""
    reason = _require_reason(reason, "rejection")
    return _transition(
        actor=actor,
        entry=entry,
        action="rejected",
        reason=reason,
    )


def entry_reserve(*, actor: AnyUser, entry: Entry, reason: str = "") -> Entry:
    """Submitted → reserve (series staff)."""
    return _transition(
        actor=actor,
        entry=entry,
        action="reserved",
        reason=(reason or "").strip(),
    )


def entry_withdraw(*, actor: AnyUser, entry: Entry, reason: str) -> Entry:
    """Any live entry → withdrawn, by its team (or staff on its behalf); frees the car number."""
    reason = _require_reason(reason, "withdrawal")
    return _transition(
        actor=actor,
        entry=entry,
        action="withdrawn",
        reason=reason,
    )
