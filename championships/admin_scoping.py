"""Admin base class that applies championships.scoping to every screen."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.db import models
from django.http import HttpRequest

from championships import scoping


class ReadOnlyMixin:
    """Officials of the series may look; nobody adds, changes or deletes here."""

    def has_add_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False


class ScopedAdmin(admin.ModelAdmin):
    """Rows, choices and rights limited to the series the user's organisations govern.

    Stewards and staff may view their series; only series staff may add, change or delete.
    Django's per-model permissions are not used: the role decides (championships.scoping).
    """

    staff_can_write = True

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        return scoping.scope_queryset(super().get_queryset(request), request.user)

    def get_list_filter(self, request: HttpRequest) -> Any:
        # Why: a plain related filter lists every series/season in the database; offering only
        # the values present in the scoped rows keeps other organisations' names out of sight.
        return [self._scoped_filter(f) for f in super().get_list_filter(request)]

    def _scoped_filter(self, spec: Any) -> Any:
        if not isinstance(spec, str):
            return spec
        field = get_fields_from_path(self.model, spec)[-1]
        return (spec, admin.RelatedOnlyFieldListFilter) if field.is_relation else spec

    def has_module_permission(self, request: HttpRequest) -> bool:
        return scoping.is_official(request.user)

    def has_view_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        if obj is None:
            return scoping.is_official(request.user)
        return scoping.can_steward(request.user, scoping.series_id_of(obj))

    def has_add_permission(self, request: HttpRequest) -> bool:
        if not self.staff_can_write:
            return bool(request.user.is_superuser)
        ids = scoping.governed_series_ids(request.user, scoping.STAFF_ROLES)
        return ids is None or bool(ids)

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        if not self.staff_can_write:
            return bool(request.user.is_superuser)
        if obj is None:
            return self.has_add_permission(request)
        return scoping.can_manage(request.user, scoping.series_id_of(obj))

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return self.has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        self._limit_choices(field, db_field.related_model, request)
        return field

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        self._limit_choices(field, db_field.related_model, request)
        return field

    @staticmethod
    def _limit_choices(field: Any, related: type[models.Model], request: HttpRequest) -> None:
        # Why: a staff user must not be able to attach a row to another organisation's series.
        if field is None or not hasattr(field, "queryset"):
            return
        try:
            scoping.series_path(related)
        except TypeError:
            return
        field.queryset = scoping.scope_queryset(field.queryset, request.user, scoping.STAFF_ROLES)


class ScopedInline(admin.TabularInline):
    """Inline rows follow the rights of their parent's series."""

    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return obj is None or scoping.can_manage(request.user, scoping.series_id_of(obj))

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return self.has_add_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return self.has_add_permission(request, obj)

    def has_view_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return obj is None or scoping.can_steward(request.user, scoping.series_id_of(obj))
