"""What a bundle changes after the results files: class changes and stewards' decisions (formats/README.md §3).

Both go through the services staff and stewards use (entries.class_changes, the decision service
of the steward pages), so they are checked and audited the same way; a refusal names the bundle
file, row and column. Importing the same bundle twice changes nothing: a class change already
recorded is unchanged, a decision whose document is already recorded for the race is skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError

from championships.models import Cup, Race, RacingClass, Season
from entries.class_changes import class_change_delete, class_change_record
from entries.errors import messages_of
from entries.models import Entry, EntryClassChange, EntryStatus
from results.classifications.models import Decision, DecisionStatus, PenaltyKind
from results.classifications.services import Penalty, decision_record
from results.season_bundle import Bundle, BundleError
from results.season_bundle_lines import DecisionLine

CupFor = Callable[[str, RacingClass], Cup]
_KINDS = {"time": PenaltyKind.TIME, "laps": PenaltyKind.LAPS, "dsq": PenaltyKind.DSQ}


@contextmanager
def located(where: str) -> Iterator[None]:
    """A refusal of a service, said with the place in the bundle that caused it."""
    try:
        yield
    except ValidationError as exc:
        raise BundleError([f"{where}: {message}" for message in messages_of(exc)]) from exc


def _live_entry(season: Season, number: str, where: str) -> Entry:
    """The car's entry (created from the results files), or a refusal at `where` (a row's number column)."""
    entry = (
        Entry.objects.filter(season=season, number=number)
        .exclude(status__in=[EntryStatus.REJECTED, EntryStatus.WITHDRAWN])
        .select_related("season__series")
        .first()
    )
    if entry is None:
        raise BundleError([f"{where}, column number: car {number} is in no results file of the bundle"])
    return entry


def import_class_changes(season: Season, bundle: Bundle, user: Any, cup_for: CupFor) -> None:
    """class_changes.csv through entries.class_changes; a change the file no longer lists is removed."""
    classes = {c.code: c for c in season.classes.all()}
    listed: set[tuple[int, int]] = set()
    for line in bundle.class_changes:
        where = f"class_changes.csv row {line.row}"
        entry = _live_entry(season, line.number, where)
        racing_class = classes[line.class_code]
        with located(where):
            cup = cup_for(line.cup_code, racing_class) if line.cup_code else None
            class_change_record(
                actor=user,
                entry=entry,
                from_round=line.from_round,
                racing_class=racing_class,
                cup=cup,
                reason="class_changes.csv of the season bundle",
            )
        listed.add((entry.pk, line.from_round))
    stale = EntryClassChange.objects.filter(entry__season=season).select_related("entry__season")
    for change in stale:
        if (change.entry_id, change.from_round) not in listed:
            class_change_delete(actor=user, change=change)


def import_decisions(season: Season, bundle: Bundle, races: dict[int, Race], user: Any, round_number: int) -> None:
    """The decisions.csv lines of one race through the steward's decision service (the race re-derived)."""
    for line in bundle.decisions:
        if line.round != round_number:
            continue
        race = races[line.round]
        where = f"decisions.csv row {line.row}"
        recorded = Decision.objects.filter(race=race, number=line.document).select_related("entry").first()
        if recorded is not None:
            _check_same(recorded, line, where)
            continue  # already imported: importing twice changes nothing
        entry = _live_entry(season, line.number, where)
        penalty = Penalty(
            kind=_KINDS[line.penalty],
            offence=line.reason or "Stewards' decision (season bundle)",
            time_added_ms=line.time_added_ms,
            laps_deducted=line.laps_deducted,
        )
        with located(where):
            decision_record(
                race=race,
                user=user,
                number=line.document,
                entry=entry,
                penalty=penalty,
                reason="decisions.csv of the season bundle",
            )


def _check_same(recorded: Decision, line: DecisionLine, where: str) -> None:
    same = (
        recorded.status == DecisionStatus.ACTIVE
        and recorded.entry.number == line.number
        and recorded.kind == _KINDS[line.penalty]
        and recorded.time_added_ms == line.time_added_ms
        and recorded.laps_deducted == line.laps_deducted
    )
    if not same:
        raise BundleError(
            [
                f"{where}, column document: document {line.document} of R{line.round} is already recorded "
                f"differently ({recorded.get_kind_display().lower()} on car #{recorded.entry.number}, "
                f"{recorded.get_status_display().lower()}); amend or withdraw it on the steward page"
            ]
        )
