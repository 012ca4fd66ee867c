"""Staff admin for entries (review, bulk decisions, import/export), nominations and line-up rules.

Every screen is scoped by championships.admin_scoping; every change goes through entries.services
so the audit log and the e-mails to team managers follow.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import partial
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest
from django.urls import path
from import_export.admin import ImportExportMixin

from championships import scoping
from championships.admin_scoping import ReadOnlyMixin, ScopedAdmin, ScopedInline
from entries import (
    admin_nominations,  # noqa: F401  (registers the nominations admin)
    admin_reference,  # noqa: F401  (registers the reference data admins)
    admin_review,
    class_changes,
    permissions,
    resources,
    services,
)
from entries.entry_list_resources import EntryListResource
from entries.errors import messages_of
from entries.lineup_models import CATEGORY_VALUES, split_categories
from entries.models import Entry, EntryClassChange, LineupRequirement, LineupRule, NationalityGroup, Nomination

CATEGORY_CHOICES = [(c, c.capitalize()) for c in CATEGORY_VALUES]


class EntryActionForm(ActionForm):
    """The admin action bar, with the reason given to the team."""

    reason = forms.CharField(
        required=False,
        label="Reason (needed to reject)",
        widget=forms.TextInput(attrs={"size": 40}),
    )


class EntryAdminForm(forms.ModelForm):
    """Staff's entry form; checked by the same service as the team pages."""

    class Meta:
        model = Entry
        fields = [
            "season",
            "team",
            "number",
            "racing_class",
            "cup",
            "car_model",
            "kind",
            "events",
            "scoring_override",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("season") or self.instance.season_id) and data.get("racing_class") and data.get("number"):
            # Why: the service's own check, on a copy carrying the proposed values, so a refusal
            # shows on the form (per field) instead of failing in save_model.
            proposed = copy.copy(self.instance)
            for name in ("season", *services.ENTRY_FIELDS):
                if name in data:
                    setattr(proposed, name, data[name].strip() if name == "number" else data[name])
            services.entry_validate(proposed)
        return data


class NominationInline(ReadOnlyMixin, ScopedInline):
    """Line-up history of the entry (changed through the services only)."""

    model = Nomination
    fields = ["event", "driver", "added_at", "added_by", "removed_at", "removed_by"]
    readonly_fields = ["event", "driver", "added_at", "added_by", "removed_at", "removed_by"]
    ordering = ["event__start_date", "added_at"]


@admin.register(Entry)
class EntryAdmin(ImportExportMixin, ScopedAdmin):
    """Staff review: scoped list, bulk decisions, import/export; writes through the services."""

    form = EntryAdminForm
    action_form = EntryActionForm
    list_display = [
        "number",
        "team",
        "season",
        "racing_class",
        "cup",
        "car_model",
        "kind",
        "status",
        "review",
    ]
    list_display_links = ["number", "team"]
    list_filter = ["season", "racing_class", "cup", "status", "kind"]
    search_fields = ["number", "team__name", "nominations__driver__last_name"]
    list_select_related = [
        "season__series",
        "team",
        "racing_class",
        "cup",
        "car_model__manufacturer",
    ]
    readonly_fields = ["status", "status_reason", "created_by", "created_at", "updated_at"]
    filter_horizontal = ["events"]
    inlines = [NominationInline]
    actions = ["accept_entries", "reserve_entries", "reject_entries"]
    resource_classes = [resources.EntryResource, EntryListResource]

    def get_resource_kwargs(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return {"user": request.user}

    def get_urls(self) -> list[Any]:
        review = path(
            "<path:object_id>/review/",
            self.admin_site.admin_view(partial(admin_review.review_view, self)),
            name="entries_entry_review",
        )
        return [review, *super().get_urls()]

    @admin.display(description="review")
    def review(self, obj: Entry) -> str:
        return admin_review.review_link(obj)

    def has_import_permission(self, request: HttpRequest) -> bool:
        # Why: rows are checked one by one against the user's series (resources.SeasonWidget).
        return self.has_add_permission(request)

    def has_export_permission(self, request: HttpRequest) -> bool:
        return scoping.is_official(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return permissions.can_delete_entry(request.user) and super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Entry | None = None) -> Any:
        # An entry never moves to another season or team once created.
        return [*self.readonly_fields, "season", "team"] if obj is not None else self.readonly_fields

    def save_model(self, request: HttpRequest, obj: Entry, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if change:
            fields = [f for f in form.changed_data if f in (*services.ENTRY_FIELDS, "scoring_override")]
            saved = services.entry_update(actor=request.user, entry=obj, data={f: data[f] for f in fields})
        else:
            saved = services.entry_create(actor=request.user, **{f: data.get(f) for f in services.CREATE_FIELDS})
            if data.get("scoring_override") is not None:
                saved = services.entry_update(
                    actor=request.user,
                    entry=saved,
                    data={"scoring_override": data["scoring_override"]},
                )
        obj.pk, obj.status = saved.pk, saved.status

    def _decide(
        self,
        request: HttpRequest,
        queryset: models.QuerySet[Entry],
        verb: str,
        call: Callable[[Entry], Any],
    ) -> None:
        done = 0
        for entry in queryset.select_related("team"):
            try:
                call(entry)
                done += 1
            except (ValidationError, PermissionDenied) as exc:
                for message in messages_of(exc):
                    self.message_user(request, f"#{entry.number} {entry.team}: {message}", messages.ERROR)
        if done:
            self.message_user(request, f"{done} entr{'y' if done == 1 else 'ies'} {verb}.", messages.SUCCESS)

    @admin.action(description="Accept selected entries", permissions=["change"])
    def accept_entries(self, request: HttpRequest, queryset: models.QuerySet[Entry]) -> None:
        """Accept each selected entry (line-ups checked again)."""
        self._decide(
            request,
            queryset,
            "accepted",
            lambda e: services.entry_accept(actor=request.user, entry=e),
        )

    @admin.action(description="Put selected entries on reserve", permissions=["change"])
    def reserve_entries(self, request: HttpRequest, queryset: models.QuerySet[Entry]) -> None:
        """Put each selected entry on reserve."""
        reason = request.POST.get("reason", "")
        self._decide(
            request,
            queryset,
            "put on reserve",
            lambda e: services.entry_reserve(actor=request.user, entry=e, reason=reason),
        )

    @admin.action(description="Reject selected entries (give the reason)", permissions=["change"])
    def reject_entries(self, request: HttpRequest, queryset: models.QuerySet[Entry]) -> None:
        """Reject each selected entry with the reason given."""
        reason = request.POST.get("reason", "").strip()
        if not reason:
            self.message_user(
                request,
                "Give the reason for the rejection in the 'Reason' box, then run the "
                "action again: the team will read it.",
                messages.ERROR,
            )
            return
        self._decide(
            request,
            queryset,
            "rejected",
            lambda e: services.entry_reject(actor=request.user, entry=e, reason=reason),
        )


class CategoriesField(forms.MultipleChoiceField):
    """FIA categories ticked in the admin, stored as 'platinum,gold'."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("max_length", None)
        kwargs.pop("empty_value", None)
        super().__init__(choices=CATEGORY_CHOICES, widget=forms.CheckboxSelectMultiple, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        return sorted(split_categories(value)) if isinstance(value, str) else value

    def clean(self, value: Any) -> str:
        chosen = super().clean(value)
        return ",".join(c for c in CATEGORY_VALUES if c in chosen)


class LineupRequirementForm(forms.ModelForm):
    """A category requirement with FIA categories as checkboxes."""

    categories = CategoriesField()

    class Meta:
        model = LineupRequirement
        fields = ["categories", "min_count", "max_count"]


class LineupRuleForm(forms.ModelForm):
    """A line-up rule with FIA categories as checkboxes."""

    allowed_categories = CategoriesField(required=False, help_text="None ticked: any category may drive")

    class Meta:
        model = LineupRule
        fields = [
            "season",
            "racing_class",
            "cup",
            "name",
            "min_drivers",
            "max_drivers",
            "allowed_categories",
            "nationality_group",
            "min_nationality_drivers",
        ]


class LineupRequirementInline(ScopedInline):
    """The category requirements of a rule."""

    model = LineupRequirement
    form = LineupRequirementForm


@admin.register(LineupRule)
class LineupRuleAdmin(ScopedAdmin):
    """Line-up rules of the staff's seasons."""

    form = LineupRuleForm
    list_display = [
        "name",
        "season",
        "racing_class",
        "cup",
        "min_drivers",
        "max_drivers",
        "nationality_group",
    ]
    list_filter = ["season", "racing_class", "cup"]
    search_fields = ["name"]
    list_select_related = ["season__series", "racing_class", "cup", "nationality_group"]
    inlines = [LineupRequirementInline]


@admin.register(NationalityGroup)
class NationalityGroupAdmin(ScopedAdmin):
    """Nationality groups of the staff's series."""

    list_display = ["name", "series", "countries"]
    list_filter = ["series"]
    search_fields = ["name", "countries"]
    list_select_related = ["series"]


@admin.register(EntryClassChange)
class EntryClassChangeAdmin(ScopedAdmin):
    """A car that moves to another class or cup from a round on; written through entries.class_changes."""

    list_display = ["entry", "from_round", "racing_class", "cup", "reason"]
    list_filter = ["entry__season"]
    list_select_related = ["entry__team", "entry__racing_class", "entry__season__series", "racing_class", "cup"]
    autocomplete_fields = ["entry"]
    fields = ["entry", "from_round", "racing_class", "cup", "reason"]

    def save_model(self, request: HttpRequest, obj: EntryClassChange, form: Any, change: bool) -> None:
        saved = class_changes.class_change_record(
            actor=request.user,
            entry=obj.entry,
            from_round=obj.from_round,
            racing_class=obj.racing_class,
            cup=obj.cup,
            reason=obj.reason,
            change=obj if change else None,
        )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: EntryClassChange) -> None:
        class_changes.class_change_delete(actor=request.user, change=obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[EntryClassChange]) -> None:
        for change in queryset.select_related("entry__season"):
            class_changes.class_change_delete(actor=request.user, change=change)
