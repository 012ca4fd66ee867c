"""Admin for the governance models, every screen scoped by championships.scoping."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest

from championships import scoping, services
from championships.admin_scoping import ReadOnlyMixin, ScopedAdmin, ScopedInline
from championships.forms import RaceInlineFormSet, SeasonLabelledChoiceField
from championships.models import (
    AuditEntry,
    Circuit,
    Cup,
    Event,
    ExtraChampionship,
    Membership,
    Organisation,
    OutgoingEmail,
    PointsRules,
    Race,
    RacingClass,
    Season,
    Series,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """Governing bodies and their members: superusers only."""

    list_display = ["code", "name"]
    search_fields = ["code", "name"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["organisation", "role"]
    search_fields = ["user__email", "user__username", "organisation__code"]
    autocomplete_fields = ["user"]


@admin.register(Series)
class SeriesAdmin(ScopedAdmin):
    list_display = ["name", "code", "bodies"]
    list_filter = ["governing_bodies"]
    search_fields = ["name", "code"]
    # Why: creating a series or changing who governs it is a decision above any one body's staff.
    staff_can_write = False

    @admin.display(description="Governing bodies")
    def bodies(self, obj: Series) -> str:
        return ", ".join(str(o) for o in obj.governing_bodies.all())

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        return super().get_queryset(request).prefetch_related("governing_bodies")


class RacingClassInline(ScopedInline):
    model = RacingClass
    fields = ["code", "name", "order"]


class SeasonClassChoices:
    """Admin mixin: a class (or a race) is chosen among those of its season, labelled with it.

    On a season's page (inline) only that season's classes are offered; on a cup's or a rule's
    own page every one the user may use, each with its season (the model refuses a mismatch)."""

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]
        if db_field.name not in ("racing_class", "race") or field is None:
            return field
        queryset = field.queryset.select_related("season__series", *(("event",) if db_field.name == "race" else ()))
        inline_of = getattr(request, "_paddock_season", ())
        if inline_of:
            # A season not saved yet has no classes to offer (its cups are added afterwards).
            season = inline_of[0]
            queryset = queryset.filter(season=season) if season is not None else queryset.none()
        return SeasonLabelledChoiceField(
            queryset=queryset, required=field.required, label=field.label, help_text=field.help_text
        )


class CupInline(SeasonClassChoices, ScopedInline):
    model = Cup
    fields = ["code", "name", "racing_class", "order"]

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        # Why on the request: formfield_for_foreignkey does not get the parent season.
        request._paddock_season = (obj,)  # type: ignore[attr-defined]
        return super().get_formset(request, obj, **kwargs)


@admin.register(Season)
class SeasonAdmin(ScopedAdmin):
    list_display = ["__str__", "series", "name", "published", "registration_opens", "registration_closes"]
    list_filter = ["series", "published"]
    search_fields = ["series__name", "name"]
    ordering = ["series__name", "-name"]
    list_select_related = ["series"]
    inlines = [RacingClassInline, CupInline]
    actions = ["publish", "unpublish"]
    # Why read-only here: publishing is its own audited action, not a field saved in passing.
    readonly_fields = ["published"]

    @admin.action(description="Publish the selected seasons (public pages, API, calendar feed)")
    def publish(self, request: HttpRequest, queryset: models.QuerySet[Season]) -> None:
        self._set_published(request, queryset, True)

    @admin.action(description="Take the selected seasons back to draft (officials only)")
    def unpublish(self, request: HttpRequest, queryset: models.QuerySet[Season]) -> None:
        self._set_published(request, queryset, False)

    def _set_published(self, request: HttpRequest, queryset: models.QuerySet[Season], published: bool) -> None:
        try:
            for season in queryset.select_related("series"):
                services.season_publish(actor=request.user, season=season, published=published)
        except PermissionDenied as exc:
            self.message_user(request, str(exc), level="error")
            return
        state = "public" if published else "drafts"
        self.message_user(request, f"{queryset.count()} season(s) now {state}.")


@admin.register(RacingClass)
class RacingClassAdmin(ScopedAdmin):
    list_display = ["code", "name", "season", "order"]
    list_filter = ["season__series", "season"]
    search_fields = ["code", "name"]
    list_select_related = ["season__series"]


@admin.register(Cup)
class CupAdmin(SeasonClassChoices, ScopedAdmin):
    list_display = ["code", "name", "racing_class", "season"]
    list_filter = ["season__series", "season"]
    search_fields = ["code", "name"]
    list_select_related = ["season__series", "racing_class"]


@admin.register(Circuit)
class CircuitAdmin(admin.ModelAdmin):
    """Circuits are shared by every series: officials read them, superusers maintain them."""

    list_display = ["name", "country", "time_zone"]
    list_filter = ["country"]
    search_fields = ["name", "country"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return scoping.is_official(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Circuit | None = None) -> bool:
        return scoping.is_official(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        ids = scoping.governed_series_ids(request.user, scoping.STAFF_ROLES)
        return ids is None or bool(ids)

    def has_change_permission(self, request: HttpRequest, obj: Circuit | None = None) -> bool:
        return bool(request.user.is_superuser)

    def has_delete_permission(self, request: HttpRequest, obj: Circuit | None = None) -> bool:
        return bool(request.user.is_superuser)


class RaceInline(ScopedInline):
    model = Race
    formset = RaceInlineFormSet
    fields = ["round", "name", "race_date", "start_time", "scheduled_duration_min"]


@admin.register(Event)
class EventAdmin(ScopedAdmin):
    list_display = ["name", "season", "circuit", "start_date", "end_date", "cancelled"]
    list_filter = ["season__series", "season", "cancelled"]
    search_fields = ["name", "circuit__name"]
    date_hierarchy = "start_date"
    ordering = ["-start_date"]
    list_select_related = ["season__series", "circuit"]
    inlines = [RaceInline]


@admin.register(Race)
class RaceAdmin(ScopedAdmin):
    list_display = ["round", "name", "event", "season", "race_date", "start_time", "scheduled_duration_min"]
    list_filter = ["season__series", "season"]
    search_fields = ["event__name", "name"]
    ordering = ["season", "round"]
    list_select_related = ["season__series", "event"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyMixin, ScopedAdmin):
    """Read-only: the audit log is written by services, never edited."""

    list_display = ["created_at", "action_name", "actor_name", "series", "object_repr", "reason"]
    list_filter = ["series", "action"]
    # Why no actor e-mail: searching by address would tell another organisation's officials
    # whose address is whose (people are shown by name: scoping.person_label).
    search_fields = ["action", "object_repr", "reason", "actor__first_name", "actor__last_name"]
    date_hierarchy = "created_at"
    list_select_related = ["actor", "series"]
    readonly_fields = ["action_name", *(f.name for f in AuditEntry._meta.fields if f.name != "actor")]
    exclude = ["actor"]
    staff_can_write = False

    @admin.display(description="actor")
    def actor_name(self, obj: AuditEntry) -> str:
        """Placeholder for the column get_list_display builds per request (it needs the viewer)."""
        return str(obj.actor or "system")

    def get_list_display(self, request: HttpRequest) -> Any:
        @admin.display(description="actor", ordering="actor")
        def actor_name(obj: AuditEntry) -> str:
            return scoping.person_label(request.user, obj.actor) if obj.actor_id else "system"

        return [actor_name if name == "actor_name" else name for name in self.list_display]

    @admin.display(description="action", ordering="action")
    def action_name(self, obj: AuditEntry) -> str:
        # Why the name and the code: people read the name; the code is what filters and search use.
        return f"{obj.action_label} ({obj.action})"


class ServiceWritesAdmin(ScopedAdmin):
    """Saves and deletes through the services: like every other write, each leaves an audit record."""

    def write(self, actor: Any, obj: Any) -> None:
        raise NotImplementedError

    def remove(self, actor: Any, obj: Any) -> None:
        raise NotImplementedError

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        self.write(request.user, obj)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self.remove(request.user, obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        for obj in queryset.select_related("season"):
            self.remove(request.user, obj)


@admin.register(PointsRules)
class PointsRulesAdmin(SeasonClassChoices, ServiceWritesAdmin):
    """Points and classification rules per season, with optional per-race overrides."""

    list_display = [
        "__str__",
        "season",
        "race",
        "scale",
        "beyond_scale",
        "pole",
        "points_factor",
        "classification_min_share",
        "team_scoring",
        "best_results",
        "tie_break",
    ]
    list_filter = ["season__series", "season"]
    list_select_related = ["season__series", "race"]
    fieldsets = [
        (None, {"fields": ["season", "race"]}),
        (
            "Race points",
            {
                "fields": [
                    "scale",
                    "beyond_scale",
                    "pole",
                    "pole_to_best_eligible",
                    "qualifying_sets",
                    "points_factor",
                    "non_scoring_classes",
                ]
            },
        ),
        ("Classification", {"fields": ["classification_min_share", "min_drive_time_min"]}),
        ("Championship", {"fields": ["guests_score", "team_scoring", "team_best_n", "best_results", "tie_break"]}),
        ("Pole after a disqualification", {"fields": ["disqualified_keeps_pole"]}),
        ("Line-ups (season rules only)", {"fields": ["double_duty_allowed"]}),
    ]

    def write(self, actor: Any, obj: PointsRules) -> None:
        services.points_rules_save(actor=actor, rules=obj)

    def remove(self, actor: Any, obj: PointsRules) -> None:
        services.points_rules_delete(actor=actor, rules=obj)


@admin.register(ExtraChampionship)
class ExtraChampionshipAdmin(ServiceWritesAdmin):
    """Championships beside the drivers' and teams' tables: over some rounds, classes or cups, entrants."""

    list_display = ["name", "season", "competitors", "classes", "cups", "rounds", "numbers", "order"]
    list_filter = ["season__series", "season"]
    search_fields = ["name"]
    list_select_related = ["season__series"]
    fields = ["season", "name", "order", "competitors", "classes", "cups", "rounds", "numbers"]

    def write(self, actor: Any, obj: ExtraChampionship) -> None:
        services.extra_championship_save(actor=actor, championship=obj)

    def remove(self, actor: Any, obj: ExtraChampionship) -> None:
        services.extra_championship_delete(actor=actor, championship=obj)


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """The outbox, to see what is waiting or failing: superusers only (it holds people's addresses)."""

    list_display = ["created_at", "to", "subject", "sent_at", "attempts", "last_error"]
    list_filter = ["digest"]
    search_fields = ["to", "subject"]
    readonly_fields = [f.name for f in OutgoingEmail._meta.fields]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: OutgoingEmail | None = None) -> bool:
        return bool(request.user.is_superuser)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: OutgoingEmail | None = None) -> bool:
        return False
