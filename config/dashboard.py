"""The staff dashboard on the admin index: what is waiting for the user's series, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, F, OuterRef, Q

from championships.models import AuditEntry
from championships.scoping import STAFF_ROLES, AnyUser, governed_series_ids, scope_queryset
from entries.models import Entry, EntryStatus
from results.classifications.models import ClassificationStatus, ClassificationVersion
from results.rankings.models import InvitationAward
from results.rankings.selectors import StaleAward, stale_awards
from results.standings.models import SeasonStandingsState

# Why a cap: the dashboard is a to-do list, the change lists behind its links hold the rest.
LIMIT = 25
AUDIT_LIMIT = 15


@dataclass(frozen=True)
class Dashboard:
    """Lists shown on the admin index; each is capped, `more_*` says whether rows were left out."""

    entries_submitted: list[Entry]
    more_entries: bool
    versions_draft: list[ClassificationVersion]
    versions_provisional: list[ClassificationVersion]
    more_versions: bool
    standings_attention: list[SeasonStandingsState]
    audit: list[AuditEntry]
    # Invitations awarded from standings that changed since (results, penalties, rules).
    invitations_stale: list[StaleAward] = field(default_factory=list)


def _capped(rows: list[Any], limit: int) -> tuple[list[Any], bool]:
    return rows[:limit], len(rows) > limit


def dashboard_context(user: AnyUser) -> Dashboard | None:
    """None for users without an official role; otherwise six queries (one for the user's series),
    plus, when invitations were awarded, one for their seasons' states and the standings of stale ones."""
    ids = governed_series_ids(user)
    if ids is not None and not ids:
        return None
    entries = scope_queryset(
        Entry.objects.filter(status=EntryStatus.SUBMITTED)
        .select_related("season__series", "team", "racing_class")
        .order_by("updated_at", "id"),
        user,
        # Only series staff review entries; stewards would see a list they cannot act on.
        STAFF_ROLES,
    )
    entry_rows, more_entries = _capped(list(entries[: LIMIT + 1]), LIMIT)

    # Only the latest version of a race is waiting: an older draft was superseded by a newer upload.
    newer = ClassificationVersion.objects.filter(race=OuterRef("race"), version__gt=OuterRef("version"))
    versions = scope_queryset(
        ClassificationVersion.objects.filter(status__in=[ClassificationStatus.DRAFT, ClassificationStatus.PROVISIONAL])
        .filter(~Exists(newer))
        .select_related("race__event", "race__season__series", "uploaded_by")
        .defer("source")
        .order_by("uploaded_at", "id"),
        user,
    )
    version_rows, more_versions = _capped(list(versions[: 2 * LIMIT + 1]), 2 * LIMIT)

    states = scope_queryset(
        SeasonStandingsState.objects.filter(~Q(generation=F("computed_generation")) | ~Q(last_error=""))
        .select_related("season__series")
        .order_by("season__series__name", "-season__name"),
        user,
    )
    awards = scope_queryset(
        InvitationAward.objects.select_related("rule__season__series", "rule__combined_ranking").order_by(
            "rule_id", "position"
        ),
        user,
        STAFF_ROLES,
    )
    audit = scope_queryset(AuditEntry.objects.select_related("actor", "series"), user).order_by("-created_at", "-id")
    return Dashboard(
        entries_submitted=entry_rows,
        more_entries=more_entries,
        versions_draft=[v for v in version_rows if v.status == ClassificationStatus.DRAFT],
        versions_provisional=[v for v in version_rows if v.status == ClassificationStatus.PROVISIONAL],
        more_versions=more_versions,
        standings_attention=list(states[:LIMIT]),
        audit=list(audit[:AUDIT_LIMIT]),
        invitations_stale=stale_awards(list(awards))[:LIMIT],
    )
