"""The check page of a decision on a published classification: what goes out, before it does.

A decision recorded, amended or withdrawn on a race whose classification is public is first
carried out inside a transaction that is rolled back: the page shows the re-derived public
classification and what changes in the standings, and nothing is written. The confirmation
carries the fingerprint of what was shown (the race's versions and decisions plus the terms of
the change); the service refuses it if anything changed since. On an unpublished race the
decision stays immediate: nobody else sees it yet.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from championships.models import Race
from results.classifications.classify import Table
from results.classifications.confirmations import race_fingerprint
from results.classifications.models import PUBLISHED_STATUSES, ClassificationVersion
from results.classifications.services import derivation


@dataclass(frozen=True)
class StandingLine:
    """A competitor's place in a standings table after the season's last scored round."""

    table: str
    competitor: str
    number: str
    position: int
    points: Decimal


# Table and competitor → the competitor's line; computed in memory by the standings.
StandingsSnapshot = Callable[[int], dict[tuple[str, str], StandingLine]]


class _Registry:
    # Why a registry: the standings are a higher layer than the classifications (import-linter);
    # they register how to compute a season's table in memory when the app starts (results/apps.py).
    standings: StandingsSnapshot | None = None


def register_standings_snapshot(snapshot: StandingsSnapshot) -> None:
    _Registry.standings = snapshot


@dataclass(frozen=True)
class StandingChange:
    table: str
    competitor: str
    number: str
    before: str
    after: str


@dataclass(frozen=True)
class DecisionCheck:
    """What confirming the change puts out: the public version re-derived and its consequences."""

    version: ClassificationVersion
    status_before: str  # an official version becomes amended on confirmation
    table: Table
    changes: list[derivation.Change]
    standings: list[StandingChange]
    fingerprint: str


class CheckChanged(ValidationError):
    """The race changed since the check page was shown: it must be looked at again."""


def check_needed(race: Race) -> bool:
    """A decision on a race with a public classification goes through the check page first."""
    return race.classification_versions.filter(status__in=PUBLISHED_STATUSES).exists()


def fingerprint(race: Race, terms: tuple[Any, ...]) -> str:
    """The race's versions and decisions and the terms of the change, as shown on the page."""
    return hashlib.sha256(f"{race_fingerprint(race)}|{terms!r}".encode()).hexdigest()


def require_checked(race: Race, terms: tuple[Any, ...], checked: str | None) -> None:
    """Refuse a confirmation of a page that no longer shows what would go out.

    `checked` None: the caller shows no page (a decision on an unpublished race, imports).
    """
    if checked is None:
        return
    if checked != fingerprint(race, terms):
        raise CheckChanged(
            "The race's results or decisions changed since the check page was shown (or the page was "
            "not shown): check again before you confirm."
        )


def _public_version(race: Race) -> ClassificationVersion | None:
    versions = race.classification_versions.filter(status__in=PUBLISHED_STATUSES).defer("source")
    return versions.order_by("-version").first()


def _standings(season_id: int) -> dict[tuple[str, str], StandingLine]:
    return _Registry.standings(season_id) if _Registry.standings else {}


def _describe(line: StandingLine | None) -> str:
    return f"P{line.position} · {line.points.normalize():f} pts" if line else "—"


def standing_changes(
    before: dict[tuple[str, str], StandingLine], after: dict[tuple[str, str], StandingLine]
) -> list[StandingChange]:
    """Lines whose place or points move, table by table in the new order."""
    changes = []
    for key in sorted(before.keys() | after.keys(), key=lambda k: (k[0], (after.get(k) or before[k]).position)):
        old, new = before.get(key), after.get(key)
        if (old and (old.position, old.points)) != (new and (new.position, new.points)):
            line = new or old
            assert line is not None
            changes.append(StandingChange(line.table, line.competitor, line.number, _describe(old), _describe(new)))
    return changes


def preview(race: Race, terms: tuple[Any, ...], apply: Callable[[], Any], table: Callable[..., Table]) -> DecisionCheck:
    """Carry out `apply` in a transaction that is rolled back, and tell what it would change.

    `table` reads a version as the public sees it (selectors.classification_table).
    """
    with transaction.atomic():
        locked = Race.objects.select_for_update().select_related("season").get(pk=race.pk)
        shown = fingerprint(locked, terms)
        version = _public_version(locked)
        if version is None:
            raise ValidationError("The race has no published classification: the decision needs no check.")
        status_before = version.status
        summary_before = derivation.version_summary(version)
        standings_before = _standings(locked.season_id)
        apply()  # a refusal (ValidationError) leaves through the rollback
        version.refresh_from_db()
        check = DecisionCheck(
            version=version,
            status_before=status_before,
            table=table(version),
            changes=derivation.diff(summary_before, derivation.version_summary(version)),
            standings=standing_changes(standings_before, _standings(locked.season_id)),
            fingerprint=shown,
        )
        # Why: the check page writes nothing; the decision, the re-derived rows, the audit record
        # and the standings' on-commit recalculation all go with this rollback.
        transaction.set_rollback(True)
    return check
