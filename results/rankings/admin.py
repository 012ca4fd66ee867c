"""Admin screens for combined rankings and Le Mans invitations (rules, awards)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.html import format_html_join

from championships import scoping
from championships.admin_scoping import ScopedAdmin
from championships.models import Organisation, Role
from results.rankings.models import CombinedRanking, CombinedRankingComponent, InvitationAward, InvitationRule
from results.rankings.selectors import combined_ranking_rows, invitation_lines, invitation_readiness
from results.rankings.services import invitations_award
from results.standings.engine import format_points


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
        "decided_after_round",
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

    @admin.action(description="Award the invitations from the current standings…")
    def award_invitations(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> TemplateResponse | None:
        """First a confirmation page (who, from which rounds, what is not official); its POST awards."""
        rules = list(queryset.select_related("season__series", "combined_ranking"))
        checks = [(rule, invitation_lines(rule), invitation_readiness(rule)) for rule in rules]
        fingerprint = "".join(readiness.fingerprint for _, _, readiness in checks)
        if request.POST.get("confirm") == "yes" and request.POST.get("checked") == fingerprint:
            for rule in rules:
                self._award(request, rule, request.POST.get("override_reason", ""))
            return None
        if request.POST.get("confirm") == "yes":
            self.message_user(request, "The standings changed since the page was shown: check again.", messages.WARNING)
        context = {
            **self.admin_site.each_context(request),
            "title": "Award Le Mans invitations",
            "opts": self.model._meta,
            "checks": checks,
            "fingerprint": fingerprint,
            "needs_override": any(readiness.not_official for _, _, readiness in checks),
            "selected": [rule.pk for rule in rules],
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/rankings/award_confirm.html", context)

    def _award(self, request: HttpRequest, rule: InvitationRule, override_reason: str) -> None:
        try:
            awards = invitations_award(rule, request.user, override_reason=override_reason)
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
