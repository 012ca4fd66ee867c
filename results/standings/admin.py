"""Admin screens for standings: state per season with "recalculate now", rows, adjustments."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin, messages
from django.db import models
from django.http import HttpRequest
from django.utils.html import format_html

from championships import scoping
from championships.admin_scoping import ReadOnlyMixin, ScopedAdmin
from results.standings import adjustments
from results.standings.models import ChampionshipAdjustment, SeasonStandingsState, StandingRow
from results.standings.services import recalculation_request


@admin.register(SeasonStandingsState)
class SeasonStandingsStateAdmin(ScopedAdmin):
    """When each season's standings were computed, whether one is pending, the last error."""

    list_display = ["season", "computed_at", "pending_display", "duration_ms", "error_display"]
    list_filter = ["season__series"]
    readonly_fields = [
        "season",
        "generation",
        "computed_generation",
        "dirty_since",
        "running_since",
        "computed_at",
        "duration_ms",
        "last_error",
        "last_error_at",
    ]
    list_select_related = ["season__series"]
    actions = ["recalculate_now"]

    @admin.display(boolean=True, description="Recalculation pending")
    def pending_display(self, obj: SeasonStandingsState) -> bool:
        return obj.pending

    @admin.display(description="Last error")
    def error_display(self, obj: SeasonStandingsState) -> str:
        return f"{obj.last_error_at:%Y-%m-%d %H:%M} {obj.last_error}" if obj.last_error else "–"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    @admin.action(description="Recalculate standings now")
    def recalculate_now(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        for state in queryset:
            if not scoping.can_manage(request.user, state.season.series_id):
                continue
            outcome = recalculation_request(state.season_id, reason=f"recalculation requested by {request.user}")
            if outcome == "running":
                self.message_user(
                    request,
                    f"{state.season}: a recalculation is already running; this one follows it.",
                    messages.WARNING,
                )
            else:
                self.message_user(request, f"{state.season}: recalculation requested.", messages.SUCCESS)


@admin.register(StandingRow)
class StandingRowAdmin(ReadOnlyMixin, ScopedAdmin):
    """Stored standings are computed, never edited by hand."""

    list_display = [
        "season",
        "after_round",
        "championship",
        "class_code",
        "cup_code",
        "position",
        "competitor_name",
        "number",
        "points",
        "results",
    ]
    list_filter = ["season", "championship", "class_code", "after_round"]
    search_fields = ["competitor_name", "number"]
    list_select_related = ["season__series"]
    readonly_fields = ["explanation"]
    staff_can_write = False

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        return super().get_queryset(request).select_related("competitor")

    @admin.display(description="Explanation (races, adjustments, tie-break after this round)")
    def explanation(self, obj: StandingRow) -> str:
        # Why here: the races are stored once per competitor; this is the row's own view of them.
        return format_html("<pre>{}</pre>", json.dumps(obj.breakdown, indent=2, ensure_ascii=False))


@admin.register(ChampionshipAdjustment)
class ChampionshipAdjustmentAdmin(ScopedAdmin):
    list_display = [
        "season",
        "championship",
        "class_code",
        "cup_code",
        "competitor_key",
        "kind",
        "points",
        "after_round",
        "reason",
    ]
    list_filter = ["season", "kind", "championship"]
    search_fields = ["competitor_key", "reason"]
    list_select_related = ["season__series"]

    # Why through the services: like every other write, an adjustment leaves an audit record.
    def save_model(self, request: HttpRequest, obj: ChampionshipAdjustment, form: Any, change: bool) -> None:
        adjustments.adjustment_save(actor=request.user, adjustment=obj)

    def delete_model(self, request: HttpRequest, obj: ChampionshipAdjustment) -> None:
        adjustments.adjustment_delete(actor=request.user, adjustment=obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[ChampionshipAdjustment]) -> None:
        for adjustment in queryset.select_related("season__series"):
            adjustments.adjustment_delete(actor=request.user, adjustment=adjustment)
