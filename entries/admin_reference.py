"""Admin for shared reference data (teams, drivers, makers, cars): not tied to one series.

Officials of any series may view; series staff may add; who may change a row is decided by
entries.permissions (staff of the series it races in); only superusers delete.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from import_export.admin import ImportExportMixin

from championships import scoping
from entries import permissions, resources, services
from entries.models import CarModel, Driver, DriverCategory, Manufacturer, Team


def _is_staff_somewhere(request: HttpRequest) -> bool:
    ids = scoping.governed_series_ids(request.user, scoping.STAFF_ROLES)
    return ids is None or bool(ids)


class ReferenceDataAdmin(admin.ModelAdmin):
    """Rights by role (championships.scoping), not by Django's per-model permissions."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return scoping.is_official(request.user)

    def has_view_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return scoping.is_official(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _is_staff_somewhere(request)

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return _is_staff_somewhere(request)

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return bool(request.user.is_superuser)


@admin.register(Team)
class TeamAdmin(ReferenceDataAdmin):
    """Teams are shared across series: who may change one (and its managers) is entries.permissions'."""

    list_display = ["name", "country", "manager_list"]
    search_fields = ["name"]
    HIDDEN_CONTACTS = "(shown to the series the team races in)"
    autocomplete_fields = ["managers"]

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        if obj is None:
            return _is_staff_somewhere(request)
        return isinstance(obj, Team) and permissions.can_change_team(request.user, obj)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            stored = Team.objects.get(pk=obj.pk)
            # Why: checked again on the write itself, whatever the screen showed.
            permissions.ensure_can_change_team(request.user, stored)
            obj._audit_before = services.team_snapshot(stored)
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        team = form.instance
        services.team_record_change(actor=request.user, team=team, before=getattr(team, "_audit_before", {}))

    @admin.display(description="Managers")
    def manager_list(self, obj: Team) -> str:
        """Placeholder for the column get_list_display builds per request (it needs the viewer)."""
        return self.HIDDEN_CONTACTS

    def get_list_display(self, request: HttpRequest) -> Any:
        return [self._manager_column(request) if name == "manager_list" else name for name in self.list_display]

    def _manager_column(self, request: HttpRequest) -> Callable[[Team], str]:
        # Why a column built per request: whether a row shows its managers' e-mails depends on
        # who is looking (entries.permissions), and the teams they may see are read once.
        visible: list[set[int] | None] = []

        @admin.display(description="Managers")
        def manager_list(obj: Team) -> str:
            """The team managers' e-mails, for the officials of a series the team entered."""
            if not visible:
                visible.append(permissions.teams_with_visible_contacts(request.user))
            if visible[0] is not None and obj.pk not in visible[0]:
                return self.HIDDEN_CONTACTS
            return ", ".join(u.email for u in obj.managers.all())

        return manager_list

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        return super().get_queryset(request).prefetch_related("managers")


class DriverCategoryInline(admin.TabularInline):
    """Categories of the seasons the user is an official of; written by that series' staff."""

    model = DriverCategory
    extra = 0
    fields = ["season", "category"]

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        return scoping.scope_queryset(super().get_queryset(request), request.user).select_related("season__series")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "season" and field is not None and field.queryset is not None:
            field.queryset = scoping.scope_queryset(field.queryset, request.user, scoping.STAFF_ROLES)
        return field

    def has_add_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return _is_staff_somewhere(request)

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return _is_staff_somewhere(request)

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return _is_staff_somewhere(request)

    def has_view_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return scoping.is_official(request.user)


@admin.register(Driver)
class DriverAdmin(ImportExportMixin, ReferenceDataAdmin):
    """Drivers (shared) with their FIA category per season."""

    list_display = ["last_name", "first_name", "nationality"]
    list_filter = ["nationality"]
    search_fields = ["last_name", "first_name"]
    readonly_fields = ["created_by", "created_for"]
    inlines = [DriverCategoryInline]

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        # Why: a driver a team added for its draft is not every organisation's business (search
        # and autocomplete read this queryset too).
        return super().get_queryset(request).filter(pk__in=permissions.visible_drivers(request.user).values("pk"))

    resource_classes = [resources.DriverResource]

    def get_resource_kwargs(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return {"user": request.user}

    def has_import_permission(self, request: HttpRequest) -> bool:
        return _is_staff_somewhere(request)

    def has_export_permission(self, request: HttpRequest) -> bool:
        return scoping.is_official(request.user)

    def get_readonly_fields(self, request: HttpRequest, obj: models.Model | None = None) -> Any:
        # Why not has_change_permission: the page also carries the FIA categories, which the staff
        # of each season set (services.driver_category_set); the driver's own fields are read-only
        # to staff whose series the driver does not race in.
        readonly = list(super().get_readonly_fields(request, obj))
        if isinstance(obj, Driver) and not permissions.can_change_driver(request.user, obj):
            readonly += [name for name in services.DRIVER_FIELDS if name not in readonly]
        return readonly

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user
            super().save_model(request, obj, form, change)
            return
        wanted = {name: getattr(obj, name) for name in services.DRIVER_FIELDS}
        stored = Driver.objects.get(pk=obj.pk)
        if wanted != {name: getattr(stored, name) for name in services.DRIVER_FIELDS}:
            # Why through the service: it checks the right on the stored row and writes the audit.
            services.driver_update(actor=request.user, driver=stored, **wanted)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        # Why: the inline shows the categories of every series the user officiates in, but only
        # that series' staff may change or delete one; the services check it and write the audit.
        rows = formset.save(commit=False)
        for row in formset.deleted_objects:
            services.driver_category_delete(actor=request.user, row=row)
        for row in rows:
            if row.pk is not None:
                original = DriverCategory.objects.select_related("season").get(pk=row.pk)
                if original.season_id != row.season_id:
                    services.driver_category_delete(actor=request.user, row=original)
            services.driver_category_set(
                actor=request.user, driver=form.instance, season=row.season, category=row.category
            )


class RacingReferenceAdmin(ReferenceDataAdmin):
    """Makers and cars: changed by staff of a series where they race (entries.permissions)."""

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        if obj is None:
            return _is_staff_somewhere(request)
        if isinstance(obj, CarModel):
            return permissions.can_change_car_model(request.user, obj)
        return isinstance(obj, Manufacturer) and permissions.can_change_manufacturer(request.user, obj)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            # Why: checked again on the stored row, whatever the screen showed.
            permissions.ensure_can_change_shared(request.user, type(obj).objects.get(pk=obj.pk))
        super().save_model(request, obj, form, change)


@admin.register(Manufacturer)
class ManufacturerAdmin(RacingReferenceAdmin):
    """Car makers (shared)."""

    list_display = ["name"]
    search_fields = ["name"]


@admin.register(CarModel)
class CarModelAdmin(RacingReferenceAdmin):
    """Car models (shared)."""

    list_display = ["__str__", "manufacturer", "name", "class_codes"]
    list_filter = ["manufacturer"]
    search_fields = ["name", "manufacturer__name"]
    list_select_related = ["manufacturer"]
