"""Admin for classifications and decisions: visible to the series' officials, read-only.

Rows come from uploads and decisions come from the steward pages (results.services), so the
admin never writes them: a hand edit would bypass the derivation, the audit log and standings.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db import models
from django.http import HttpRequest, HttpResponse

from championships import scoping
from championships.admin_scoping import ReadOnlyMixin, ScopedAdmin
from results.classifications import exports
from results.classifications.models import ClassificationVersion, Decision, ResultRow

ROW_FIELDS: tuple[str, ...] = (
    "position",
    "number",
    "class_code",
    "team",
    "driver_names",
    "status",
    "laps",
    "total_time_ms",
    "derived_position",
    "derived_class",
    "derived_status",
    "penalties",
)


class ResultRowInline(ReadOnlyMixin, admin.TabularInline):
    model = ResultRow
    extra = 0
    can_delete = False
    fields = ROW_FIELDS
    readonly_fields = ROW_FIELDS
    ordering = ["position"]

    def has_view_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return obj is None or scoping.can_steward(request.user, scoping.series_id_of(obj))

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        return super().get_queryset(request).select_related("derived")

    @admin.display(description="Class pos after penalties")
    def derived_position(self, obj: ResultRow) -> Any:
        return getattr(getattr(obj, "derived", None), "class_position", None)

    @admin.display(description="Class after penalties")
    def derived_class(self, obj: ResultRow) -> str:
        return getattr(getattr(obj, "derived", None), "class_code", "")

    @admin.display(description="Status after penalties")
    def derived_status(self, obj: ResultRow) -> str:
        return getattr(getattr(obj, "derived", None), "status", "")

    @admin.display(description="Penalties")
    def penalties(self, obj: ResultRow) -> str:
        return getattr(getattr(obj, "derived", None), "penalties", "")


@admin.register(ClassificationVersion)
class ClassificationVersionAdmin(ReadOnlyMixin, ScopedAdmin):
    list_display = [
        "race",
        "version",
        "status",
        "filename",
        "uploaded_by",
        "uploaded_at",
        "status_changed_at",
    ]
    list_filter = ["status", "race__season"]
    list_select_related = ["race__event", "race__season__series", "uploaded_by"]
    search_fields = ["race__event__name", "filename", "sha256"]
    exclude = ["source"]
    readonly_fields = [
        "race",
        "version",
        "status",
        "filename",
        "sha256",
        "file_format",
        "encoding",
        "uploaded_by",
        "uploaded_at",
        "published_at",
        "status_changed_at",
        "status_changed_by",
    ]
    inlines = [ResultRowInline]
    actions = ["export_csv", "export_xlsx"]

    def _export(self, request: HttpRequest, queryset: models.QuerySet[Any], fmt: str) -> HttpResponse | None:
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one version to export.", messages.WARNING)
            return None
        data, content_type, name = exports.version_export(queryset.select_related("race__season__series").get(), fmt)
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    @admin.action(description="Export the selected version as CSV (after penalties)")
    def export_csv(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> HttpResponse | None:
        return self._export(request, queryset, "csv")

    @admin.action(description="Export the selected version as XLSX (after penalties)")
    def export_xlsx(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> HttpResponse | None:
        return self._export(request, queryset, "xlsx")

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        # Why: ReadOnlyMixin forbids delete, but the export actions need the view right only.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


@admin.register(Decision)
class DecisionAdmin(ReadOnlyMixin, ScopedAdmin):
    list_display = [
        "number",
        "race",
        "car",
        "kind",
        "offence",
        "status",
        "amends",
        "created_by",
        "created_at",
    ]
    list_filter = ["status", "kind", "race__season"]
    list_select_related = ["race__event", "race__season", "entry", "amends", "created_by"]
    search_fields = ["number", "offence", "entry__number"]
    readonly_fields = [
        "race",
        "number",
        "entry",
        "offence",
        "kind",
        "time_added_ms",
        "laps_deducted",
        "positions_dropped",
        "new_class",
        "reason",
        "status",
        "amends",
        "created_by",
        "created_at",
        "withdrawn_at",
        "withdrawn_reason",
    ]

    @admin.display(description="Car", ordering="entry__number")
    def car(self, obj: Decision) -> str:
        return f"#{obj.entry.number}"
