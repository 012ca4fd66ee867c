"""Read queries of the results workflow: steward pages, public classification.

The standings engine reads its input through results.standings.inputs (flat queries).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from championships.api_common import latest_moment
from championships.http_caching import ContentVersion
from championships.models import Race
from championships.scoping import scope_queryset
from results.classifications.classify import Table, TableRow, raced_cup, with_cups
from results.classifications.models import (
    PUBLISHED_STATUSES,
    ClassificationStatus,
    ClassificationVersion,
    Decision,
    DerivedRow,
    PendingUpload,
    ResultRowDriver,
)
from results.classifications.services.derivation import season_names


def races_with_publication() -> QuerySet[Race]:
    """Races annotated with `has_published`, so listing links costs no query per race."""
    published = ClassificationVersion.objects.filter(race=OuterRef("pk"), status__in=PUBLISHED_STATUSES)
    return Race.objects.annotate(has_published=Exists(published)).order_by("round")


@dataclass(frozen=True)
class PublishedVersion:
    """A race's latest published classification version, as read for a whole season."""

    version_id: int
    round: int
    status: str


def latest_published_versions(season_id: int) -> dict[int, PublishedVersion]:
    """Race id → its latest published version (one query; unpublished versions never count)."""
    latest: dict[int, PublishedVersion] = {}
    versions = (
        ClassificationVersion.objects.filter(race__season_id=season_id, status__in=PUBLISHED_STATUSES)
        .order_by("race_id", "-version")
        .values_list("race_id", "id", "race__round", "status")
    )
    for race_id, version_id, round_number, status in versions:
        latest.setdefault(race_id, PublishedVersion(version_id, round_number, status))
    return latest


def public_statuses(season_id: int) -> dict[int, str]:
    """Round → status of the race's latest published version (rounds without one are left out)."""
    return {version.round: version.status for version in latest_published_versions(season_id).values()}


def provisional_rounds(season_id: int, up_to: int | None = None) -> list[int]:
    """Rounds (up to `up_to`) whose public result is still provisional: pages built on them say so."""
    return [
        number
        for number, status in sorted(public_statuses(season_id).items())
        if status == ClassificationStatus.PROVISIONAL and (up_to is None or number <= up_to)
    ]


def public_classification(race_id: int) -> tuple[Race, ClassificationVersion]:
    """The race and its latest published version, or 404 (unpublished results are not public,
    nor are the races of a draft season: its officials have the steward's preview)."""
    races = Race.objects.filter(season__published=True).select_related("event__circuit", "season__series")
    race = races.filter(pk=race_id).first()
    if race is None:
        raise Http404("No such race")
    # The uploaded file's bytes are not shown on public pages: don't load them.
    versions = race.classification_versions.filter(status__in=PUBLISHED_STATUSES).defer("source")
    version = versions.order_by("-version").first()
    if version is None:
        raise Http404("No published classification for this race")
    return race, version


# The largest id a database row can have (64-bit signed).
MAX_ROW_ID = 2**63 - 1


def classification_version(race_id: int) -> ContentVersion | None:
    """What a race's public classification depends on, in two small queries; None when nothing is published.

    The latest published version (a new one, or its status moving to final) and the race's
    decisions (a decision re-derives the rows without touching the version; withdrawing one sets
    its withdrawn_at).
    """
    if race_id > MAX_ROW_ID:
        return None  # Why: no such race, and SQLite refuses the number (the view gives the 404)
    published = ClassificationVersion.objects.filter(
        race_id=race_id, status__in=PUBLISHED_STATUSES, race__season__published=True
    )
    version = published.order_by("-version").values_list("id", "status", "published_at", "status_changed_at").first()
    if version is None:
        return None
    decisions = Decision.objects.filter(race_id=race_id).aggregate(
        count=Count("id"), last_id=Max("id"), created=Max("created_at"), withdrawn=Max("withdrawn_at")
    )
    version_id, status, published_at, status_changed_at = version
    return ContentVersion(
        ("classification", race_id, version_id, status, status_changed_at, *decisions.values()),
        latest_moment(published_at, status_changed_at, decisions["created"], decisions["withdrawn"]),
    )


def derived_rows(version: ClassificationVersion) -> QuerySet[DerivedRow]:
    """The version's rows after penalties, in overall order, with their drivers and entry."""
    return (
        version.derived_rows.select_related("row__entry__team", "row__entry__cup")
        .prefetch_related(Prefetch("row__row_drivers", queryset=ResultRowDriver.objects.select_related("driver")))
        .order_by("overall_position")
    )


def steward_races(user: Any) -> QuerySet[Race]:
    """Races the user may steward, newest season first."""
    races = Race.objects.select_related("event", "season__series").order_by(
        "season__series__name", "-season__name", "round"
    )
    return scope_queryset(races, user)


def steward_race(user: Any, race_id: int) -> Race:
    """A race of the user's series, or 404: other series' races do not exist for them."""
    race = steward_races(user).filter(pk=race_id).first()
    if race is None:
        raise Http404("No such race")
    return race


def steward_version(user: Any, version_id: int) -> ClassificationVersion:
    qs = scope_queryset(ClassificationVersion.objects.select_related("race__season__series"), user)
    version = qs.filter(pk=version_id).first()
    if version is None:
        raise Http404("No such classification")
    return version


def is_foreign_pending(user: Any, race: Race, pending_id: int) -> bool:
    """True when the pending upload exists but belongs to another race, or to another user (unless it waits
    for the staff: the confirm service decides whether this user is staff of its series)."""
    own = Q(race=race) & (Q(uploaded_by=user) | Q(waiting_for_staff_since__isnull=False))
    return PendingUpload.objects.filter(pk=pending_id).exclude(own).exists()


def uploads_waiting_for_staff(race: Race) -> list[PendingUpload]:
    """The race's files a steward left for the series staff (a car not on the entry list), oldest first."""
    pending = race.pending_uploads.filter(waiting_for_staff_since__isnull=False, confirmed_version__isnull=True)
    return list(pending.select_related("uploaded_by").defer("data").order_by("waiting_for_staff_since"))


def steward_decision(user: Any, decision_id: int) -> Decision:
    qs = scope_queryset(Decision.objects.select_related("race__season", "entry", "new_class"), user)
    decision = qs.filter(pk=decision_id).first()
    if decision is None:
        raise Http404("No such decision")
    return decision


def race_decisions(race: Race) -> QuerySet[Decision]:
    return race.decisions.select_related("entry", "new_class", "amends", "created_by").order_by("created_at", "id")


def race_versions(race: Race) -> QuerySet[ClassificationVersion]:
    return race.classification_versions.select_related("uploaded_by", "status_changed_by").order_by("-version")


def classification_table(version: ClassificationVersion) -> Table:
    """The version after penalties, as the public and the stewards read it, with cups and names."""
    # Why the entry's cup: Al Kamel files carry no cup; the entry list says which cup a car runs in
    # (an SRO file's own cup when it names another one: classify.raced_cup).
    rows = [
        TableRow(
            d.overall_position,
            d.class_position,
            d.class_code,
            d.row.number,
            d.row.team,
            tuple(d.row.driver_names),
            d.status,
            d.laps,
            d.total_time_ms,
            d.gap_first,
            tuple(p for p in d.penalties.split("; ") if p),
            cup_code=raced_cup(d.row.entry.cup.code if d.row.entry.cup else "", d.row.cup_code),
            vehicle=d.row.vehicle,
            best_lap_ms=d.row.best_lap_ms,
        )
        for d in derived_rows(version)
    ]
    cups, classes = season_names(version.race.season_id)
    return with_cups(rows, cups, classes)
