"""Admin of the lap files (read-only: written by the stewards' uploads) and of the drive-time rules."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from championships.admin_scoping import ReadOnlyMixin, ScopedAdmin
from results.classifications.lap_models import DriveTimeRule, LapUpload
from results.classifications.services.drive_time_rules import drive_time_rule_delete, drive_time_rule_save


@admin.register(DriveTimeRule)
class DriveTimeRuleAdmin(ScopedAdmin):
    """Minimum/maximum driving time per driver, per season, class and FIA category."""

    list_display = [
        "season",
        "racing_class",
        "fia_category",
        "minimum_min",
        "maximum_min",
        "counted",
        "qualifying_minimum",
        "consequence",
    ]
    list_filter = ["season__series", "season"]
    list_select_related = ["season__series", "racing_class"]

    # Why through the services: like every other rules change, it leaves an audit record.
    def save_model(self, request: HttpRequest, obj: DriveTimeRule, form: Any, change: bool) -> None:
        drive_time_rule_save(actor=request.user, rule=obj)

    def delete_model(self, request: HttpRequest, obj: DriveTimeRule) -> None:
        drive_time_rule_delete(actor=request.user, rule=obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[DriveTimeRule]) -> None:
        for rule in queryset.select_related("season"):
            drive_time_rule_delete(actor=request.user, rule=rule)


@admin.register(LapUpload)
class LapUploadAdmin(ReadOnlyMixin, ScopedAdmin):
    """Which lap files the stewards uploaded; written by their upload pages only."""

    list_display = ["kind", "event", "race", "label", "filename", "laps_count", "cars_count", "confirmed_at"]
    list_filter = ["kind", "event__season__series", "event__season"]
    list_select_related = ["event__season__series", "race__event", "uploaded_by"]
    exclude = ["source"]
