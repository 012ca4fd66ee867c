"""Staff nominate and remove drivers in the admin, through the line-up services and their rules.

A nomination is never edited: it is added (nomination_add: FIA category, double duty, line-up
rules of a submitted or accepted entry) or removed and kept as history (nomination_remove).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest
from import_export.admin import ImportExportMixin

from championships import scoping
from championships.admin_scoping import ScopedAdmin
from entries import lineup_services
from entries.errors import messages_of
from entries.lineup_resources import NominationResource
from entries.models import FiaCategory, Nomination


class NominationAddForm(forms.ModelForm):
    """Entry, event, driver and the driver's FIA category for the season if Paddock lacks it."""

    category = forms.ChoiceField(
        choices=[("", "(as known for the season)"), *FiaCategory.choices],
        required=False,
        label="FIA category",
        help_text="The driver's category for the entry's season; needed when Paddock does not know it yet.",
    )
    actor: Any = None  # set by the admin (get_form): the services check and audit who nominates

    class Meta:
        model = Nomination
        fields = ["entry", "event", "driver"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors or not all(data.get(name) for name in ("entry", "event", "driver")):
            return data
        # Why here: the service's refusal (category, double duty, line-up rules) shows on the
        # form; the admin's request is one transaction, so nothing else is half-saved.
        try:
            saved = lineup_services.nomination_add(
                actor=self.actor,
                entry=data["entry"],
                event=data["event"],
                driver=data["driver"],
                category=data.get("category") or None,
            )
        except (ValidationError, PermissionDenied) as exc:
            raise ValidationError(messages_of(exc)) from exc
        self.instance.pk = saved.pk  # the row exists: the model's own uniqueness check skips it
        return data


@admin.register(Nomination)
class NominationAdmin(ImportExportMixin, ScopedAdmin):
    """Line-ups of the user's series: staff add and remove nominations (kept as history)."""

    resource_classes = [NominationResource]
    add_form = NominationAddForm
    autocomplete_fields = ["driver"]
    actions = ["remove_nominations"]

    list_display = ["driver", "entry", "event", "added_at", "removed_at"]
    list_filter = ["entry__season", "event"]
    search_fields = [
        "driver__last_name",
        "driver__first_name",
        "entry__number",
        "entry__team__name",
    ]
    list_select_related = ["driver", "entry__team", "entry__racing_class", "event__season__series"]
    readonly_fields = ["entry", "event", "driver", "added_at", "added_by", "removed_at", "removed_by"]

    def get_resource_kwargs(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return {"user": request.user}

    def has_import_permission(self, request: HttpRequest) -> bool:
        ids = scoping.governed_series_ids(request.user, scoping.STAFF_ROLES)
        return ids is None or bool(ids)

    def has_export_permission(self, request: HttpRequest) -> bool:
        return scoping.is_official(request.user)

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        # Why: a nomination is never edited; the list's "remove" action needs the change right.
        return obj is None and super().has_change_permission(request, None)

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False  # removed through the action, kept as history

    def get_readonly_fields(self, request: HttpRequest, obj: Nomination | None = None) -> Any:
        return self.readonly_fields if obj is not None else []

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = self.add_form
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user  # type: ignore[attr-defined]
        return form

    def get_fields(self, request: HttpRequest, obj: Nomination | None = None) -> Any:
        if obj is None:
            return ["entry", "event", "driver", "category"]
        return self.readonly_fields

    def save_model(self, request: HttpRequest, obj: Nomination, form: Any, change: bool) -> None:
        return None  # Why: saved by the service in the form's validation (NominationAddForm.clean)

    @admin.action(description="Remove from the line-up (kept as history)", permissions=["change"])
    def remove_nominations(self, request: HttpRequest, queryset: models.QuerySet[Nomination]) -> None:
        done = 0
        for nomination in queryset.filter(removed_at__isnull=True).select_related("entry", "driver", "event"):
            try:
                lineup_services.nomination_remove(actor=request.user, nomination=nomination)
                done += 1
            except (ValidationError, PermissionDenied) as exc:
                for message in messages_of(exc):
                    self.message_user(
                        request, f"{nomination.driver} at {nomination.event.name}: {message}", messages.ERROR
                    )
        if done:
            self.message_user(request, f"{done} nomination{'s' if done != 1 else ''} removed.", messages.SUCCESS)
