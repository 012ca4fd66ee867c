"""Admin screens for standings: state per season with "recalculate now", rows, adjustments, poles."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils.html import format_html_join

from championships import scoping
from championships.admin_scoping import ReadOnlyMixin, ScopedAdmin
from championships.models import Organisation, Role
from results.models import (
    ChampionshipAdjustment,
    CombinedRanking,
    CombinedRankingComponent,
    InvitationAward,
    InvitationRule,
    RacePole,
    SeasonStandingsState,
    StandingRow,
)
from results.rankings import combined_ranking_rows, invitation_lines, invitations_award
from results.recalc import mark_season_dirty
from results.standings import format_points


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
        count = 0
        for state in queryset:
            if scoping.can_manage(request.user, state.season.series_id):
                mark_season_dirty(state.season_id, reason=f"recalculation requested by {request.user}")
                count += 1
        self.message_user(request, f"Recalculation requested for {count} season(s).", messages.SUCCESS)


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
    staff_can_write = False


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

    def save_model(self, request: HttpRequest, obj: ChampionshipAdjustment, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)


@admin.register(RacePole)
class RacePoleAdmin(ScopedAdmin):
    list_display = ["race", "class_code", "cup_code", "number"]
    list_filter = ["race__season"]
    list_select_related = ["race__event"]


def _manages_ranking(user: Any, ranking: CombinedRanking | None) -> bool:
    """Superusers, and series staff of the ranking's governing body."""
    if user.is_superuser:
        return True
    return (
        ranking is not None
        and user.memberships.filter(organisation=ranking.governing_body, role=Role.SERIES_STAFF).exists()
    )


class CombinedRankingComponentInline(admin.TabularInline):
    """Components follow the ranking's rights (roles, not Django's model permissions)."""

    model = CombinedRankingComponent
    extra = 0

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return scoping.is_official(request.user)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _manages_ranking(request.user, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _manages_ranking(request.user, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _manages_ranking(request.user, obj)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "season" and field is not None and field.queryset is not None:
            # Why: staff may only combine seasons of series their organisations run.
            field.queryset = scoping.scope_queryset(field.queryset, request.user, scoping.STAFF_ROLES)
        return field


@admin.register(CombinedRanking)
class CombinedRankingAdmin(admin.ModelAdmin):
    """Managed by the staff of its governing body; visible to every official."""

    list_display = ["name", "code", "governing_body", "require_all"]
    inlines = [CombinedRankingComponentInline]
    readonly_fields = ["current_ranking"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return scoping.is_official(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return scoping.is_official(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _manages_ranking(request.user, obj)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "governing_body" and field is not None and not request.user.is_superuser:
            # Why: staff must not hand a ranking over to an organisation they do not belong to.
            field.queryset = Organisation.objects.filter(
                memberships__user_id=request.user.pk or 0, memberships__role=Role.SERIES_STAFF
            ).distinct()
        return field

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    @admin.display(description="Current ranking")
    def current_ranking(self, obj: CombinedRanking) -> str:
        rows = combined_ranking_rows(obj) if obj.pk else []
        lines = [f"{r.position or '–'}. {r.name}: {format_points(r.points)} {r.note}".strip() for r in rows]
        return format_html_join("", "<div>{}</div>", ((line,) for line in lines)) or "–"


@admin.register(InvitationRule)
class InvitationRuleAdmin(ScopedAdmin):
    list_display = [
        "label",
        "season",
        "class_code",
        "cup_code",
        "combined_ranking",
        "positions",
        "invited_now",
        "awarded",
    ]
    list_filter = ["season"]
    list_select_related = ["season__series", "combined_ranking"]
    actions = ["award_invitations"]

    @admin.display(description="Invited by the current standings")
    def invited_now(self, obj: InvitationRule) -> str:
        return ", ".join(f"{line.position}. {line.competitor_name}" for line in invitation_lines(obj)) or "–"

    @admin.display(description="Awarded")
    def awarded(self, obj: InvitationRule) -> str:
        return ", ".join(a.competitor_name for a in obj.awards.all()) or "–"

    @admin.action(description="Award the invitations from the current standings")
    def award_invitations(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        for rule in queryset:
            try:
                awards = invitations_award(rule, request.user)
            except (PermissionDenied, ValidationError) as exc:
                self.message_user(
                    request, f"{rule.label}: {'; '.join(getattr(exc, 'messages', [str(exc)]))}", messages.ERROR
                )
            else:
                names = ", ".join(a.competitor_name for a in awards)
                self.message_user(request, f"{rule.label}: invitation awarded to {names}.", messages.SUCCESS)


@admin.register(InvitationAward)
class InvitationAwardAdmin(ScopedAdmin):
    list_display = ["rule", "position", "competitor_name", "number", "points", "awarded_by", "awarded_at"]
    list_filter = ["rule__season"]
    list_select_related = ["rule__season__series", "awarded_by"]
    staff_can_write = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
