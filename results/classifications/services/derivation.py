"""Shared steps of the results services: entry list, rules, penalties and storing derived rows."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q, Value

from championships.models import Cup, PointsRules, Race, RacingClass
from entries.class_changes import class_at, season_class_changes
from entries.models import Nomination
from entries.selectors import race_entries
from results.classifications import classify
from results.classifications.matching import ListedEntry, NominatedDriver
from results.classifications.models import ClassificationVersion, Decision, DecisionStatus, DerivedRow, PenaltyKind


@dataclass(frozen=True)
class Change:
    """A car whose class position or status differs between two derivations."""

    number: str
    before: str
    after: str


def entry_list(race: Race) -> list[ListedEntry]:
    """Accepted entries of the race (full-season, or guests of its event) and their nominees."""
    nominations = Prefetch(
        "nominations",
        queryset=Nomination.objects.filter(event_id=race.event_id, removed_at__isnull=True).select_related("driver"),
        to_attr="race_nominations",
    )
    entries = race_entries(race).select_related("racing_class", "cup").prefetch_related(nominations)
    # A car that changed class (or cup) before this round is entered in its new one.
    changes = season_class_changes(race.season_id)
    classes = {
        entry.pk: class_at(
            changes.get(entry.pk, []), race.round, entry.racing_class.code, entry.cup.code if entry.cup else ""
        )
        for entry in entries
    }
    return [
        ListedEntry(
            entry_id=entry.pk,
            number=entry.number,
            class_code=classes[entry.pk][0],
            cup_code=classes[entry.pk][1],
            drivers=tuple(
                NominatedDriver(n.driver_id, n.driver.first_name, n.driver.last_name) for n in entry.race_nominations
            ),
        )
        for entry in entries
    ]


def season_classes(season_id: int) -> dict[str, str]:
    """Casefolded class code → the code as configured (what every page, API and export shows)."""
    codes = RacingClass.objects.filter(season_id=season_id).values_list("code", flat=True)
    return {code.casefold(): code for code in codes}


def season_names(season_id: int) -> tuple[dict[str, str], dict[str, str]]:
    """(cup names, class names) by casefolded code, each the name where configured, else the code."""
    # Why one query (a union): every classification page and API answer pays for it.
    cups = Cup.objects.filter(season_id=season_id).order_by().values_list("code", "name", Value("cup"))
    classes = RacingClass.objects.filter(season_id=season_id).order_by().values_list("code", "name", Value("class"))
    names: dict[str, dict[str, str]] = {"cup": {}, "class": {}}
    for code, name, kind in cups.union(classes, all=True):
        names[kind][code.casefold()] = name or code
    return names["cup"], names["class"]


def min_share(race: Race) -> Decimal:
    """The race's own rule if it has one, else the season's, else 70 %."""
    rules = (
        PointsRules.objects.filter(season_id=race.season_id)
        .filter(Q(race_id=race.pk) | Q(race__isnull=True))
        .order_by("race_id")
        .values_list("race_id", "classification_min_share")
    )
    by_race: dict[int | None, Decimal] = dict(rules)
    value = by_race.get(race.pk, by_race.get(None))
    return value if value is not None else classify.DEFAULT_MIN_SHARE


def penalty_of(decision: Decision) -> classify.AppliedPenalty:
    status = {PenaltyKind.DSQ: classify.DSQ, PenaltyKind.EX: classify.EX}.get(decision.kind)  # type: ignore[call-overload]
    return classify.AppliedPenalty(
        decision=decision.number,
        number=decision.entry.number,
        time_added_ms=decision.time_added_ms,
        laps_deducted=decision.laps_deducted,
        positions_dropped=decision.positions_dropped,
        status=status,
        new_class_code=decision.new_class.code if decision.new_class else None,
        note="pole point removed" if decision.kind == PenaltyKind.POLE_REMOVED else "",
    )


def race_penalties(race: Race) -> list[classify.AppliedPenalty]:
    decisions = race.decisions.filter(status=DecisionStatus.ACTIVE).select_related("entry", "new_class")
    return [penalty_of(d) for d in decisions.order_by("created_at", "id")]


def rederive_version(version: ClassificationVersion, penalties: list[classify.AppliedPenalty], share: Decimal) -> None:
    """Replace the version's derived rows with a fresh derivation from its uploaded rows."""
    rows = list(version.rows.all())
    classes = season_classes(version.race.season_id)
    inputs = [classify.InputRow.of(r.pk, r, classes) for r in rows]
    derived = classify.derive(inputs, penalties, share)
    version.derived_rows.all().delete()
    DerivedRow.objects.bulk_create(
        DerivedRow(
            version=version,
            row_id=d.key,
            overall_position=d.overall_position,
            class_position=d.class_position,
            class_code=d.class_code,
            status=d.status,
            laps=d.laps,
            total_time_ms=d.total_time_ms,
            gap_first=d.gap_first,
            penalties="; ".join(d.penalties)[:300],
        )
        for d in derived
    )


def rederive_race(race: Race) -> None:
    """Re-derive every version of the race: decisions belong to the race, not to one upload."""
    penalties, share = race_penalties(race), min_share(race)
    for version in race.classification_versions.all():
        rederive_version(version, penalties, share)


def describe(class_code: str, class_position: int | None, status: str) -> str:
    label = classify.STATUS_LABELS.get(status, status)
    if status == classify.CLASSIFIED and class_position is not None:
        return f"{class_code} P{class_position}"
    return f"{class_code} {label}" + (f" (P{class_position})" if class_position else "")


def version_summary(version: ClassificationVersion | None) -> dict[str, str]:
    """Car number → 'LMP2 P3' / 'GTC DNS' for a stored version (empty when there is none)."""
    if version is None:
        return {}
    rows = version.derived_rows.select_related("row").order_by("overall_position")
    return {d.row.number: describe(d.class_code, d.class_position, d.status) for d in rows}


def diff(before: dict[str, str], after: dict[str, str]) -> list[Change]:
    """Cars added, removed or whose class position/status changed, in the new order."""
    changes = [Change(n, before.get(n, "—"), a) for n, a in after.items() if before.get(n) != a]
    changes += [Change(n, b, "—") for n, b in before.items() if n not in after]
    return changes
